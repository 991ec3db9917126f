import type { Queryable } from '@skywater/core/db/db';
import type { JobData } from '@skywater/core/jobs/job-contract';
import type { scoreSeriesJob } from '@skywater/core/jobs/scoring-jobs';
import type { Processor } from '../processor';
import type { RaiseOutcome } from '../alerts/raise-alerts';
import { scoreSeriesBatchIn, type SeriesStatus } from './series-batch';

export interface ScoreSeriesOutcome {
  status: SeriesStatus;
  category?: string;
  alerts?: RaiseOutcome;
}

/**
 * `scoring/score-series` (one per series an import touched, deduplicated per series): trend and
 * spike of one site × analyte series, stored in series_scores with the inputs' version, and the
 * alerts its rules raise, in one transaction: the batch path (scoreSeriesBatchIn) with a batch
 * of one. Serialised per site by a transaction-scoped advisory lock, so two deliveries of the
 * same job (BullMQ is at-least-once) never interleave; the second finds the same inputs version
 * and stops.
 */
export const scoreSeries: Processor<JobData<typeof scoreSeriesJob>> = async ({ data }, { db }) => {
  return db.transaction((tx) => scoreSeriesIn(tx, data.siteId, data.analyteCode, data.force ?? false));
};

export async function scoreSeriesIn(
  tx: Queryable,
  siteId: number,
  analyteCode: string,
  force = false,
): Promise<ScoreSeriesOutcome> {
  const outcome = await scoreSeriesBatchIn(tx, { siteIds: [siteId], analyteCodes: [analyteCode] }, force);
  const series = outcome.series.get(`${siteId}:${analyteCode}`)!;
  if (series.status !== 'scored') return { status: series.status };
  return { status: 'scored', category: series.category, alerts: outcome.alerts };
}
