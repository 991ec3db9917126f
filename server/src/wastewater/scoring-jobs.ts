import { outboxJob } from '@skywater/core/jobs/outbox-job';
import {
  SCORE_SITES_MAX_SITES,
  scoreRoundJob,
  scoreSeriesJob,
  scoreSitesJob,
} from '@skywater/core/jobs/scoring-jobs';
import type { OutboxJob } from '@skywater/core/outbox/outbox';

/** A site × analyte series whose data changed. */
export interface TouchedSeries {
  siteId: number;
  analyteCode: string;
}

/**
 * Most series a change re-scores one job each. Beyond it (an import of a whole round: 5,000
 * sites × 20 analytes is 100,000 series) the series go in `score-sites` jobs of
 * SCORE_SITES_MAX_SITES sites and the analytes the change touched there: each job one read and
 * one upsert, where a job per series was a Redis job and a transaction per series.
 */
export const SERIES_JOBS_MAX = 500;

/**
 * The jobs that re-score what an import or a correction changed (the trends and hot-spot
 * workers consume exactly these): one `score-series` per series on queue `scoring`, deduplicated
 * per series while one waits (up to SERIES_JOBS_MAX series; beyond, `score-sites` jobs of
 * consecutive site ids), and one `score-round` per round on queue `hotspots`.
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
  const touched = [...series];
  const jobs: OutboxJob[] =
    touched.length > SERIES_JOBS_MAX
      ? siteJobs(touched, batchId, cause)
      : seriesJobs(touched, batchId, cause);
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

function seriesJobs(series: readonly TouchedSeries[], batchId: number, cause: string | number): OutboxJob[] {
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
  return jobs;
}

/**
 * The touched series as `score-sites` jobs: sites in id order (a site's analytes in one job),
 * SCORE_SITES_MAX_SITES a job, each job scoring the analytes touched at its sites (a series of one of
 * them that did not change finds its inputs version unchanged and is skipped).
 */
function siteJobs(series: readonly TouchedSeries[], batchId: number, cause: string | number): OutboxJob[] {
  const analytesBySite = new Map<number, Set<string>>();
  for (const { siteId, analyteCode } of series) {
    const codes = analytesBySite.get(siteId) ?? new Set<string>();
    codes.add(analyteCode);
    analytesBySite.set(siteId, codes);
  }
  const siteIds = [...analytesBySite.keys()].sort((a, b) => a - b);
  const jobs: OutboxJob[] = [];
  for (let start = 0; start < siteIds.length; start += SCORE_SITES_MAX_SITES) {
    const chunk = siteIds.slice(start, start + SCORE_SITES_MAX_SITES);
    const analyteCodes = [...new Set(chunk.flatMap((id) => [...analytesBySite.get(id)!]))].sort();
    jobs.push(
      outboxJob(
        scoreSitesJob,
        { siteIds: chunk, analyteCodes, batchId },
        { jobId: `score-sites-${chunk[0]}-${chunk[chunk.length - 1]}-${cause}` },
      ),
    );
  }
  return jobs;
}
