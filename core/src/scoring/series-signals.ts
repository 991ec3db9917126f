import { ampMethRatioSignal } from '../alerts/amp-meth-ratio';
import type { AlertSignal } from '../alerts/alert-signal';
import { cocaineWithoutBeSignal } from '../alerts/cocaine-without-be';
import { firstDetectionSignal } from '../alerts/first-detection';
import { implausibleLoadSignal } from '../alerts/implausible-load-signal';
import { mergeSignals } from '../alerts/merge-signals';
import { spikeSignals } from '../alerts/spike-signal';
import { trendRisingSignal } from '../alerts/trend-rising';
import type { RobustSpread } from '../stats/robust-spread';
import { backCalculate } from '../wastewater/back-calculation';
import type { AssembledSeries, MeasurementRow } from './series-points';
import type { SeriesTrend } from './series-trend';

/** Analytes whose rules read a companion in the same samples (AMP/METH ratio, cocaine without BE). */
export const COMPANION_ANALYTES: Readonly<Record<string, string>> = {
  AMP: 'METH',
  METH: 'AMP',
  COC: 'BE',
  BE: 'COC',
};

export interface SeriesSignalInput {
  siteId: number;
  analyteCode: string;
  series: AssembledSeries;
  trend: SeriesTrend;
  /** The analyte's measurements (for per-sample rules). */
  rows: readonly MeasurementRow[];
  /** The companion analyte's measurements at the same site (METH for AMP, BE for COC, ...). */
  companionRows: readonly MeasurementRow[];
  correctionFactor: number | null;
  /** A priority substance (analyte catalogue flag): its first quantification is high. */
  priority: boolean;
  /**
   * ln(AMP/METH) median and scaled MAD over the site's area in its campaign, by round id: each
   * over that round and the ones before it (AMP and METH series only).
   */
  ampMethAreaByRound: ReadonlyMap<number, RobustSpread | null>;
  /** False: the spike rule without its 95 % interval test (only the scoring bench asks). */
  intervals?: boolean;
}

/** Every rule that reads one site's series, merged to one signal per condition. */
export function seriesSignals(input: SeriesSignalInput): AlertSignal[] {
  const { siteId, analyteCode, series, trend } = input;
  const signals: AlertSignal[] = [];
  const latest = series.points[series.points.length - 1];
  if (latest) {
    const rising = trendRisingSignal({
      siteId,
      analyteCode,
      roundId: latest.roundId,
      roundIndex: latest.roundIndex,
      basis: series.basis,
      trend,
    });
    if (rising) signals.push(rising);
  }
  signals.push(
    ...spikeSignals({
      siteId,
      analyteCode,
      basis: series.basis,
      points: series.points,
      ...(input.intervals === false ? { roundToRoundRsds: [] } : {}),
    }),
  );
  const first = firstDetectionSignal({
    siteId,
    analyteCode,
    points: series.points,
    priority: input.priority,
  });
  if (first) signals.push(first);

  for (const row of input.rows) {
    if (row.qualifier !== '=') continue;
    const figures = backCalculate(row, { correctionFactor: input.correctionFactor, provisional: false });
    const implausible = implausibleLoadSignal(siteId, analyteCode, {
      roundId: row.roundId,
      roundIndex: row.roundIndex,
      normalisedLoadMgPerDayPer1000: figures.normalisedLoadMgPerDayPer1000,
      consumptionMgPerDayPer1000: figures.consumptionMgPerDayPer1000,
      flowM3PerDay: row.flowM3PerDay,
      population: row.population,
    });
    if (implausible) signals.push(implausible);
  }

  const pairs = samePairs(input.rows, input.companionRows);
  if (analyteCode === 'AMP' || analyteCode === 'METH') {
    const quantifiedPairs = pairs
      .map(([mine, other]) => (analyteCode === 'AMP' ? [mine, other] : [other, mine]))
      .filter(([amp, meth]) => amp!.qualifier === '=' && meth!.qualifier === '=' && meth!.valueNgL! > 0);
    for (const [amp, meth] of quantifiedPairs) {
      // The site's history: its earlier rounds only, as the area's spread (rules read no later round).
      const siteOtherRatios = quantifiedPairs
        .filter(([a]) => a!.roundIndex < amp!.roundIndex)
        .map(([a, m]) => a!.valueNgL! / m!.valueNgL!);
      const signal = ampMethRatioSignal(
        siteId,
        {
          roundId: amp!.roundId,
          roundIndex: amp!.roundIndex,
          ampNgL: amp!.valueNgL!,
          methNgL: meth!.valueNgL!,
          ampLoqNgL: amp!.loqNgL,
          methLoqNgL: meth!.loqNgL,
        },
        { area: input.ampMethAreaByRound.get(amp!.roundId) ?? null, siteOtherRatios },
      );
      if (signal) signals.push(signal);
    }
  }
  if (analyteCode === 'COC' || analyteCode === 'BE') {
    for (const [mine, other] of pairs) {
      const [coc, be] = analyteCode === 'COC' ? [mine, other] : [other, mine];
      const signal = cocaineWithoutBeSignal(siteId, {
        roundId: coc.roundId,
        roundIndex: coc.roundIndex,
        cocQualifier: coc.qualifier,
        cocNgL: coc.valueNgL,
        cocLoqNgL: coc.loqNgL,
        beQualifier: be.qualifier,
        beNgL: be.valueNgL,
      });
      if (signal) signals.push(signal);
    }
  }
  return mergeSignals(signals);
}

/** Results of two analytes from the same round (first replicate of each). */
function samePairs(
  rows: readonly MeasurementRow[],
  companion: readonly MeasurementRow[],
): Array<[MeasurementRow, MeasurementRow]> {
  const byRound = new Map<number, MeasurementRow>();
  for (const row of companion) if (!byRound.has(row.roundId)) byRound.set(row.roundId, row);
  const pairs: Array<[MeasurementRow, MeasurementRow]> = [];
  const seen = new Set<number>();
  for (const row of rows) {
    const other = byRound.get(row.roundId);
    if (!other || seen.has(row.roundId)) continue;
    seen.add(row.roundId);
    pairs.push([row, other]);
  }
  return pairs;
}
