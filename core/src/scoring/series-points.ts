import type { SeriesPoint } from '../alerts/series-point';
import {
  concentrationForTrend,
  massLoadMgPerDay,
  normalisedLoadMgPerDayPer1000,
} from '../wastewater/back-calculation';
import type { Qualifier } from '../wastewater/lab-value';

/** One measurement as loaded for scoring (a row of the series query). */
export interface MeasurementRow {
  measurementId: number;
  roundId: number;
  /** Position of the round among all rounds, oldest 0. */
  roundIndex: number;
  qualifier: Qualifier;
  valueNgL: number | null;
  lodNgL: number | null;
  loqNgL: number | null;
  /** Top of the calibrated range, for `>ULOQ`. */
  uloqNgL?: number | null;
  flowM3PerDay: number | null;
  population: number | null;
  /**
   * The RSDs of the components that vary from round to round at the site (analytical, sampling),
   * resolved from the stored uncertainty components for this measurement (analyte, site,
   * collection type): what the spike rule's intervals use. Absent: the shipped defaults.
   */
  roundToRoundRsds?: readonly number[];
}

/** A measurement of a named analyte (a row of the queries that load several analytes). */
export interface LoadedMeasurement extends MeasurementRow {
  analyteCode: string;
}

export type SeriesBasis = 'normalised_load' | 'concentration';

export const BASIS_UNITS: Record<SeriesBasis, string> = {
  normalised_load: 'mg/day/1000',
  concentration: 'ng/L',
};

export interface AssembledSeries {
  basis: SeriesBasis;
  points: SeriesPoint[];
  /** Rounds whose value is a LOQ/2 substitute. */
  substitutedCount: number;
}

/**
 * One point per round (oldest first) from a series' measurements. Basis: population-normalised
 * load when every measurement has a flow and a population, else concentration (mixing the two
 * would make a trend of a change of basis). Below-LOQ results are LOQ/2 (LOD/2 without a LOQ),
 * flagged `substituted`; replicates and several samples in one round are averaged, and the round
 * counts as substituted only if all its results were. The round's qualifier is the "best" one
 * (quantified wins), so a round with one quantified replicate is quantified.
 */
export function assembleSeries(rows: readonly MeasurementRow[]): AssembledSeries {
  const basis: SeriesBasis =
    rows.length > 0 && rows.every((r) => r.flowM3PerDay !== null && r.population !== null && r.population > 0)
      ? 'normalised_load'
      : 'concentration';
  const toBasis = (concentrationNgL: number, row: MeasurementRow): number =>
    basis === 'normalised_load'
      ? normalisedLoadMgPerDayPer1000(massLoadMgPerDay(concentrationNgL, row.flowM3PerDay!), row.population!)
      : concentrationNgL;

  const byRound = new Map<number, MeasurementRow[]>();
  for (const row of rows) {
    const list = byRound.get(row.roundIndex);
    if (list) list.push(row);
    else byRound.set(row.roundIndex, [row]);
  }
  const points: SeriesPoint[] = [];
  let substitutedCount = 0;
  for (const roundIndex of [...byRound.keys()].sort((a, b) => a - b)) {
    const group = byRound.get(roundIndex)!;
    let sum = 0;
    let count = 0;
    let loqSum = 0;
    let loqCount = 0;
    let allSubstituted = true;
    let quantifiedRow: MeasurementRow | undefined;
    for (const row of group) {
      const { concentrationNgL, substituted } = concentrationForTrend(row);
      if (concentrationNgL !== null) {
        sum += toBasis(concentrationNgL, row);
        count++;
        if (!substituted) allSubstituted = false;
      }
      if (row.loqNgL !== null) {
        loqSum += toBasis(row.loqNgL, row);
        loqCount++;
      }
      if ((row.qualifier === '=' || row.qualifier === '>ULOQ') && !quantifiedRow) quantifiedRow = row;
    }
    const first = quantifiedRow ?? group[0]!;
    const substituted = count > 0 && allSubstituted;
    if (substituted) substitutedCount++;
    points.push({
      roundId: first.roundId,
      roundIndex,
      qualifier: first.qualifier,
      valueNgL: quantifiedRow ? quantifiedRow.valueNgL : null,
      loqNgL: first.loqNgL,
      value: count > 0 ? sum / count : null,
      substituted,
      loqInBasis: loqCount > 0 ? loqSum / loqCount : null,
      ...(first.roundToRoundRsds ? { roundToRoundRsds: first.roundToRoundRsds } : {}),
    });
  }
  return { basis, points, substitutedCount };
}

/** The values of a series laid out by round index (gaps null), for scoreTrend and detectSpike. */
export function valuesByRound(points: readonly SeriesPoint[]): (number | null)[] {
  if (points.length === 0) return [];
  const first = points[0]!.roundIndex;
  const values: (number | null)[] = new Array(points[points.length - 1]!.roundIndex - first + 1).fill(null);
  for (const p of points) values[p.roundIndex - first] = p.value;
  return values;
}
