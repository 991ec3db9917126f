import type { JobData } from '@skywater/core/jobs/job-contract';
import type { scoreSitesJob } from '@skywater/core/jobs/scoring-jobs';
import type { Processor } from '../processor';
import { scoreSeriesBatchIn } from './series-batch';

/**
 * `scoring/score-sites` (the nightly re-score's unit of work, and a large import's): every
 * series of a few sites, or those of the job's analytes, in one short transaction (scoreSeriesBatchIn: one read, one upsert, alerts in bulk). Series whose
 * inputs did not change are skipped, so the nightly run costs one read per batch when nothing
 * changed. Returns the counts (scored, unchanged, removed) and the alert outcome.
 */
export const scoreSites: Processor<JobData<typeof scoreSitesJob>> = async ({ data }, { db }) => {
  const outcome = await db.transaction((tx) =>
    scoreSeriesBatchIn(
      tx,
      { siteIds: data.siteIds, ...(data.analyteCodes ? { analyteCodes: data.analyteCodes } : {}) },
      data.force ?? false,
    ),
  );
  return {
    sites: data.siteIds.length,
    scored: outcome.scored,
    unchanged: outcome.unchanged,
    removed: outcome.removed,
    alerts: outcome.alerts,
  };
};
