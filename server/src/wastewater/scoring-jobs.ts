import type { Queryable } from '@skywater/core/db/db';
import type { OutboxJob } from '@skywater/core/outbox/outbox';
import { textArrayLiteral as texts } from './pg-array-literal';

/** A site × analyte series whose data changed. */
export interface TouchedSeries {
  siteId: number;
  analyteCode: string;
}

/**
 * The jobs that re-score what an import or a correction changed (the trends and hot-spot
 * workers consume exactly these): one `score-series` per series on queue `scoring`, deduplicated
 * per series while one waits, and one `score-round` per round on queue `hotspots`.
 * Job ids use `-`, not `:` (BullMQ refuses a custom id with `:` unless it has exactly three
 * parts); the dedup ids keep the `series:<siteId>:<analyteCode>` form.
 * @param cause the batch id (an import) or `rev-<revisionId>` (a correction): it makes the job
 *   id unique to this change, so a later change is never mistaken for an earlier, finished one.
 */
export function scoringJobs(
  series: Iterable<TouchedSeries>,
  roundIds: Iterable<number>,
  batchId: number,
  cause: string | number = batchId,
): OutboxJob[] {
  const jobs: OutboxJob[] = [];
  for (const { siteId, analyteCode } of series) {
    jobs.push({
      queue: 'scoring',
      name: 'score-series',
      jobId: `score-series-${siteId}-${analyteCode}-${cause}`,
      dedupId: `series:${siteId}:${analyteCode}`,
      data: { siteId, analyteCode, batchId },
    });
  }
  for (const roundId of roundIds) {
    jobs.push({
      queue: 'hotspots',
      name: 'score-round',
      jobId: `score-round-${roundId}-${cause}`,
      dedupId: `round:${roundId}`,
      data: { roundId, batchId },
    });
  }
  return jobs;
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
