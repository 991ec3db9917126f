import type { Db } from '@skywater/core/db/db';
import { claimPendingJobs, markRelayed, markRelayFailed } from '@skywater/core/outbox/outbox';
import type { Logger } from '@skywater/core/log/logger';
import type { Queues } from './queues';
import { waitUntilReady, withTimeout } from './redis';

export interface OutboxRelay {
  /** Relay now rather than at the next tick (called after a write that enqueued jobs). */
  kick(): void;
  /** Relays what is pending, once; resolves with the number of jobs moved to Redis. */
  relayOnce(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Moves committed outbox rows to BullMQ. Each job keeps the outbox's job id, so relaying a row
 * twice (a crash between add and commit) adds it once. While Redis is down the rows wait.
 */
export function startOutboxRelay(db: Db, queues: Queues, log: Logger, intervalMs = 1_000): OutboxRelay {
  let stopped = false;
  let running: Promise<number> | null = null;
  let redisDown = false;

  const relayOnce = (): Promise<number> => {
    running ??= relayBatch().finally(() => {
      running = null;
    });
    return running;
  };

  async function relayBatch(): Promise<number> {
    // BullMQ waits for a connection rather than failing: never hold a transaction open on that.
    await waitUntilReady(queues.connection, 2_000);
    let total = 0;
    for (;;) {
      const moved = await db.transaction(async (tx) => {
        const jobs = await claimPendingJobs(tx, 200);
        const relayed: number[] = [];
        for (const job of jobs) {
          try {
            await withTimeout(
              queues.get(job.queue).add(job.name, job.data, {
                jobId: job.relayJobId,
                // Coalesce while one waits; if one is running, keep one more to run after it
                // (otherwise work that arrived during the run would wait for the next trigger).
                ...(job.dedupId ? { deduplication: { id: job.dedupId, keepLastIfActive: true } } : {}),
              }),
              5_000,
            );
            relayed.push(job.outboxId);
          } catch (error) {
            // Redis down: stop and roll back, the rows wait. Redis up but the job refused: set it aside.
            if (queues.connection.status !== 'ready') throw error;
            log.error(
              { outboxId: job.outboxId, queue: job.queue, err: (error as Error).message },
              'outbox relay: job refused by Redis',
            );
            await markRelayFailed(tx, job.outboxId, (error as Error).message);
          }
        }
        await markRelayed(tx, relayed);
        return jobs.length;
      });
      total += moved;
      if (moved < 200) return total;
    }
  }

  const tick = async () => {
    try {
      const moved = await relayOnce();
      if (redisDown) log.info({ moved }, 'outbox relay: Redis is back, pending jobs relayed');
      redisDown = false;
    } catch (error) {
      if (!redisDown)
        log.warn(
          { err: (error as Error).message },
          'outbox relay: cannot reach Redis; jobs wait in the outbox',
        );
      redisDown = true;
    }
  };

  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  void tick();

  return {
    kick: () => {
      if (!stopped) void tick();
    },
    relayOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
