import { outboxJob } from '@skywater/core/jobs/outbox-job';
import { scoreRoundJob, scoreSeriesJob } from '@skywater/core/jobs/scoring-jobs';
import type { OutboxJob } from '@skywater/core/outbox/outbox';

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
    jobs.push(
      outboxJob(
        scoreSeriesJob,
        { siteId, analyteCode, batchId },
        {
          jobId: `score-series-${siteId}-${analyteCode}-${cause}`,
          dedupId: `series:${siteId}:${analyteCode}`,
        },
      ),
    );
  }
  for (const roundId of roundIds) {
    jobs.push(
      outboxJob(
        scoreRoundJob,
        { roundId, batchId },
        { jobId: `score-round-${roundId}-${cause}`, dedupId: `round:${roundId}` },
      ),
    );
  }
  return jobs;
}
