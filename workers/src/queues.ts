import { Queue, type JobsOptions, type QueueOptions } from 'bullmq';
import { JOB_CONTRACTS } from '@skywater/core/jobs/job-registry';
import { QUEUE_NAMES, type QueueName } from '@skywater/core/outbox/queue-names';
import { createRedis, type RedisConnection, type RedisTarget } from './redis';

/** Retries with backoff; finished jobs are trimmed so Redis does not grow without bound. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/**
 * Options a job gets by its name, whoever adds it (the outbox relay adds jobs by queue and name
 * only): the priority its contract declares (core/src/jobs). BullMQ takes a job without
 * priority before any prioritized one, so a photo's preview waits while photos wait for their
 * thumbnail, metadata and footprint.
 */
export const JOB_OPTIONS_BY_NAME: Partial<Record<QueueName, Record<string, JobsOptions>>> = {};
for (const contract of JOB_CONTRACTS) {
  if (contract.priority === undefined) continue;
  (JOB_OPTIONS_BY_NAME[contract.queue] ??= {})[contract.name] = { priority: contract.priority };
}

/** A queue whose `add` applies JOB_OPTIONS_BY_NAME (the caller's options win). */
class NamedOptionsQueue extends Queue {
  constructor(
    name: QueueName,
    options: QueueOptions,
    private readonly byName: Record<string, JobsOptions> = {},
  ) {
    super(name, options);
  }

  override add(name: string, data: unknown, opts?: JobsOptions) {
    return super.add(name, data, { ...this.byName[name], ...opts });
  }
}

export interface Queues {
  get(name: QueueName): Queue;
  connection: RedisConnection;
  close(): Promise<void>;
}

/** One producer connection shared by every queue. */
export function createQueues(redis: RedisTarget, prefix: string): Queues {
  const connection = createRedis(redis, 'producer');
  const queues = new Map<QueueName, Queue>(
    QUEUE_NAMES.map((name) => {
      const queue = new NamedOptionsQueue(
        name,
        { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS },
        JOB_OPTIONS_BY_NAME[name],
      );
      // While Redis is down the outbox keeps the jobs; readiness reports the outage.
      queue.on('error', () => undefined);
      return [name, queue];
    }),
  );
  return {
    get: (name) => queues.get(name)!,
    connection,
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
      connection.disconnect();
    },
  };
}
