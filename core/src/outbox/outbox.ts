import type { Queryable } from '../db/db';
import { textArrayLiteral as texts } from '../db/pg-array-literal';
import type { QueueName } from './queue-names';

/** A job to run after the transaction that asked for it commits. */
export interface OutboxJob {
  queue: QueueName;
  name: string;
  /** Stable id: writing the same job twice before it is relayed stores it once. */
  jobId: string;
  /** Jobs with the same dedupId coalesce in the queue while one is waiting. */
  dedupId?: string;
  data: Record<string, unknown>;
}

export interface PendingOutboxJob extends OutboxJob {
  outboxId: number;
  /** Unique BullMQ id: the job id plus the row's random key (see sql/007). */
  relayJobId: string;
}

/**
 * Records a job in the same transaction as the data it concerns (transactional outbox): if the
 * transaction rolls back, no job exists; if Redis is down, the relay delivers it later.
 */
export async function enqueueInTransaction(tx: Queryable, job: OutboxJob): Promise<void> {
  await tx.query(
    `insert into outbox (queue, job_name, job_id, dedup_id, payload) values ($1, $2, $3, $4, $5)
     on conflict (queue, job_id) where relayed_at is null do nothing`,
    [job.queue, job.name, job.jobId, job.dedupId ?? null, JSON.stringify(job.data)],
  );
}

/**
 * Writes jobs to the outbox in the caller's transaction, many per statement: the same rows and
 * the same idempotence as `enqueueInTransaction` (a job id pending twice is stored once), but an
 * import touching thousands of series costs one round trip per 5,000 jobs instead of one each.
 */
export async function enqueueAllInTransaction(tx: Queryable, jobs: readonly OutboxJob[]): Promise<void> {
  for (let start = 0; start < jobs.length; start += 5_000) {
    const part = jobs.slice(start, start + 5_000);
    await tx.query(
      `insert into outbox (queue, job_name, job_id, dedup_id, payload)
       select q, n, j, d, p::jsonb from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) as t(q, n, j, d, p)
       on conflict (queue, job_id) where relayed_at is null do nothing`,
      [
        texts(part.map((j) => j.queue)),
        texts(part.map((j) => j.name)),
        texts(part.map((j) => j.jobId)),
        texts(part.map((j) => j.dedupId ?? null)),
        texts(part.map((j) => JSON.stringify(j.data))),
      ],
    );
  }
}

/** Locks and returns the oldest unrelayed jobs (other relays skip them). Call inside a transaction. */
export async function claimPendingJobs(tx: Queryable, limit: number): Promise<PendingOutboxJob[]> {
  const { rows } = await tx.query<{
    id: number;
    queue: QueueName;
    job_name: string;
    job_id: string;
    dedup_id: string | null;
    payload: Record<string, unknown>;
    relay_key: string;
  }>(
    `select id, queue, job_name, job_id, dedup_id, payload, relay_key from outbox
     where relayed_at is null and attempts < $2 order by id limit $1 for update skip locked`,
    [limit, MAX_RELAY_ATTEMPTS],
  );
  return rows.map((r) => ({
    outboxId: r.id,
    queue: r.queue,
    name: r.job_name,
    jobId: r.job_id,
    relayJobId: `${r.job_id}-${r.relay_key}`,
    dedupId: r.dedup_id ?? undefined,
    data: r.payload,
  }));
}

export async function markRelayed(tx: Queryable, outboxIds: number[]): Promise<void> {
  if (outboxIds.length === 0) return;
  await tx.query(
    `update outbox set relayed_at = now(), attempts = attempts + 1 where id = any($1::bigint[])`,
    [outboxIds],
  );
}

/**
 * A job Redis refused while it was up (e.g. an invalid job id): recorded, retried at most
 * MAX_RELAY_ATTEMPTS times, then left in the table with its error rather than blocking the rest.
 */
export async function markRelayFailed(tx: Queryable, outboxId: number, error: string): Promise<void> {
  await tx.query(`update outbox set attempts = attempts + 1, last_error = $2 where id = $1`, [
    outboxId,
    error.slice(0, 2000),
  ]);
}

export const MAX_RELAY_ATTEMPTS = 5;

export async function countPendingJobs(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `select count(*)::int as n from outbox where relayed_at is null and attempts < $1`,
    [MAX_RELAY_ATTEMPTS],
  );
  return rows[0]?.n ?? 0;
}

/** Relayed rows are kept a while for diagnosis, then removed by the maintenance job. */
export async function pruneRelayedJobs(db: Queryable, olderThanDays: number): Promise<number> {
  const { rowCount } = await db.query(
    `delete from outbox where relayed_at is not null and relayed_at < now() - make_interval(days => $1)`,
    [olderThanDays],
  );
  return rowCount;
}
