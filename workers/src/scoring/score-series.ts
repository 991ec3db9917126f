import { z } from 'zod';
import { detectSpike } from '@skywater/core/stats/spike';
import { SPIKE_OPTIONS } from '@skywater/core/alerts/spike-signal';
import type { Queryable } from '@skywater/core/db/db';
import type { Processor } from '../processor';
import { raiseAlerts, type RaiseOutcome } from '../alerts/raise-alerts';
import { inputsVersion } from './inputs-version';
import { COMPANION_ANALYTES, loadSiteMeasurements } from './load-series';
import { assembleSeries, BASIS_UNITS, valuesByRound } from './series-points';
import { seriesSignals } from './series-signals';
import { scoreSeriesTrend } from './series-trend';

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
 * `scoring/score-series`: trend and spike of one site × analyte series, stored in series_scores
 * with the inputs' version, and the alerts its rules raise, in one transaction. Serialised per
 * series by a transaction-scoped advisory lock, so two deliveries of the same job (BullMQ is
 * at-least-once) or two jobs for one series never interleave; the second finds the same inputs
 * version and stops.
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
  await tx.query(`select pg_advisory_xact_lock(hashtext('score-series'), hashtext($1))`, [
    `${siteId}:${analyteCode}`,
  ]);
  const companion = COMPANION_ANALYTES[analyteCode];
  const codes = companion ? [analyteCode, companion] : [analyteCode];
  // One query at a time: a transaction is one connection.
  const all = await loadSiteMeasurements(tx, siteId, codes);
  const stored = await tx.query<{ inputs_version: string }>(
    `select inputs_version from series_scores where site_id = $1 and analyte_code = $2`,
    [siteId, analyteCode],
  );
  const analyte = await tx.query<{ correction_factor: number | null }>(
    `select correction_factor from analytes where code = $1`,
    [analyteCode],
  );
  const rows = all.filter((r) => r.analyteCode === analyteCode);
  if (rows.length === 0) {
    await tx.query(`delete from series_scores where site_id = $1 and analyte_code = $2`, [
      siteId,
      analyteCode,
    ]);
    return { status: 'removed' };
  }
  const version = inputsVersion(all);
  if (!force && stored.rows[0]?.inputs_version === version) return { status: 'unchanged' };

  const series = assembleSeries(rows);
  const trend = scoreSeriesTrend(series.points);
  const spike = detectSpike(valuesByRound(series.points), SPIKE_OPTIONS);
  const latest = series.points[series.points.length - 1]!;
  await tx.query(
    `insert into series_scores (site_id, analyte_code, basis, unit, n, quantified_n, substituted_n, s, var_s, z,
       p_value, tau, sen_slope, percent_change, category, method, has_ties, spike_method, spike_round_id,
       spike_statistic, spike_threshold, spike_is_spike, spike_baseline_n, latest_round_id, inputs_version, params,
       scored_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,
       $23, $24, $25, $26, now())
     on conflict (site_id, analyte_code) do update set basis = excluded.basis, unit = excluded.unit, n = excluded.n,
       quantified_n = excluded.quantified_n, substituted_n = excluded.substituted_n, s = excluded.s,
       var_s = excluded.var_s, z = excluded.z, p_value = excluded.p_value, tau = excluded.tau,
       sen_slope = excluded.sen_slope, percent_change = excluded.percent_change, category = excluded.category,
       method = excluded.method, has_ties = excluded.has_ties, spike_method = excluded.spike_method,
       spike_round_id = excluded.spike_round_id, spike_statistic = excluded.spike_statistic,
       spike_threshold = excluded.spike_threshold, spike_is_spike = excluded.spike_is_spike,
       spike_baseline_n = excluded.spike_baseline_n, latest_round_id = excluded.latest_round_id,
       inputs_version = excluded.inputs_version, params = excluded.params, scored_at = now()`,
    [
      siteId,
      analyteCode,
      series.basis,
      BASIS_UNITS[series.basis],
      trend.n,
      trend.quantifiedN,
      series.substitutedCount,
      trend.s,
      trend.varS,
      trend.z,
      trend.pValue,
      trend.tau,
      finiteOrNull(trend.senSlope),
      finiteOrNull(trend.percentChange),
      trend.category,
      trend.method,
      trend.hasTies,
      spike.method,
      latest.roundId,
      finiteOrNull(spike.statistic),
      spike.threshold,
      spike.isSpike,
      spike.baselineN,
      latest.roundId,
      version,
      JSON.stringify({ alpha: 0.05, spike: SPIKE_OPTIONS, belowLoq: 'LOQ/2' }),
    ],
  );
  const signals = seriesSignals({
    siteId,
    analyteCode,
    series,
    trend,
    rows,
    companionRows: companion ? all.filter((r) => r.analyteCode === companion) : [],
    correctionFactor: analyte.rows[0]?.correction_factor ?? null,
  });
  const alerts = await raiseAlerts(tx, signals);
  return { status: 'scored', category: trend.category, alerts };
}

function finiteOrNull(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}
