import { z } from 'zod';
import type { Queryable } from '@skywater/core/db/db';
import type { Processor } from '../processor';
import type { RaiseOutcome } from '../alerts/raise-alerts';
import { scoreSeriesBatchIn } from './series-batch';

export const scoreSeriesData = z.object({
  siteId: z.coerce.number().int().positive(),
  analyteCode: z.string().min(1).max(16),
  batchId: z.union([z.number(), z.string()]).nullish(),
  /** Recompute even when the inputs did not change (the stored score is then rewritten). */
  force: z.boolean().optional(),
});

export interface ScoreSeriesOutcome {
  status: 'scored' | 'unchanged' | 'removed';
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
export const scoreSeries: Processor = async (job, { db }) => {
  const data = scoreSeriesData.parse(job.data);
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
