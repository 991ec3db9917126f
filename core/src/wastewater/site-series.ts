import { scoreTrend, type TrendScore } from '../stats/trend';
import { backCalculate } from './back-calculation';
import type { CollectionType } from './collection-type';
import { componentRsds, figureIntervals } from './load-uncertainty';
import { componentResolver, type SourcedComponents } from './uncertainty-components';
import type { Qualifier, StoredResultValue } from './lab-value';

/** One stored measurement of a site × analyte series, with its sample and round. */
export interface SeriesMeasurement extends StoredResultValue {
  measurementId: number;
  roundId: number;
  roundName: string;
  /** Orders the rounds (ISO date). */
  roundStartsOn: string;
  sampleId: string;
  collectedStart: Date;
  collectedEnd: Date;
  replicate: number;
  flowM3PerDay: number | null;
  /** The sample's population, or the site's `populationServed` when the sample gives none. */
  population: number | null;
  revised: boolean;
  /** How the sample was taken (the sampling component of the uncertainty); unknown = grab. */
  collectionType?: CollectionType | null;
}

export interface SeriesAnalyte {
  code: string;
  correctionFactor: number | null;
  provisional: boolean;
}

export interface SeriesPoint {
  measurementId: number;
  roundId: number;
  roundName: string;
  sampleId: string;
  replicate: number;
  collectedStart: string;
  collectedEnd: string;
  valueNgL: number | null;
  qualifier: Qualifier;
  lodNgL: number | null;
  loqNgL: number | null;
  /** True when the loads use LOQ/2 (or the ULOQ) instead of a measured value. */
  substituted: boolean;
  concentrationUsedNgL: number | null;
  flowM3PerDay: number | null;
  population: number | null;
  loadMgPerDay: number | null;
  normalisedLoadMgPerDayPer1000: number | null;
  consumptionMgPerDayPer1000: number | null;
  /** 95 % Monte Carlo intervals of the three figures (null where the figure is). */
  loadMgPerDayLower95: number | null;
  loadMgPerDayUpper95: number | null;
  normalisedLoadMgPerDayPer1000Lower95: number | null;
  normalisedLoadMgPerDayPer1000Upper95: number | null;
  consumptionMgPerDayPer1000Lower95: number | null;
  consumptionMgPerDayPer1000Upper95: number | null;
  /** The components the intervals combine: each one's RSD, source and the scope it was set at. */
  uncertainty: { components: SourcedComponents };
  correctionFactor: number | null;
  provisional: boolean;
  revised: boolean;
}

/** What the trend was computed on: normalised load when every round has it, else concentration. */
export type TrendBasis = 'normalised_load' | 'concentration';

export interface SeriesTrend extends TrendScore {
  basis: TrendBasis;
  /** The per-round values scored (mean of a round's samples and replicates), oldest first. */
  values: (number | null)[];
}

export interface SiteSeries {
  points: SeriesPoint[];
  trend: SeriesTrend;
}

/**
 * Back-calculates every point of a series (docs/design.md §3: load = C × Q × 10⁻³, ÷ P/1000, × CF;
 * non-detects at LOQ/2, flagged) and scores the trend with `scoreTrend` over one value per
 * round (the mean of that round's points); a round whose results were all below their limit is
 * a censored "<limit" for the test (censored Mann-Kendall, `trend.test`), not its LOQ/2.
 * Each point's 95 % intervals combine the components `componentsFor` names for its collection
 * type (the caller binds the site and analyte; the shipped defaults when it gives none).
 * The trend runs on normalised load when every point
 * with a concentration has flow and population, otherwise on concentration, and says which.
 * @example a METH point of 200 ng/L, 100,000 m³/d, 500,000 people →
 *   loadMgPerDay 20000, normalisedLoadMgPerDayPer1000 40, consumptionMgPerDayPer1000 93.2
 */
export function buildSiteSeries(
  measurements: readonly SeriesMeasurement[],
  analyte: SeriesAnalyte,
  componentsFor: (collectionType: CollectionType | null) => SourcedComponents = shippedComponents(analyte),
): SiteSeries {
  const ordered = [...measurements].sort(
    (a, b) =>
      a.roundStartsOn.localeCompare(b.roundStartsOn) ||
      a.roundId - b.roundId ||
      a.collectedStart.getTime() - b.collectedStart.getTime() ||
      a.sampleId.localeCompare(b.sampleId) ||
      a.replicate - b.replicate,
  );
  const points = ordered.map((m): SeriesPoint => {
    const calc = backCalculate(
      {
        qualifier: m.qualifier,
        valueNgL: m.valueNgL,
        lodNgL: m.lodNgL,
        loqNgL: m.loqNgL,
        uloqNgL: m.uloqNgL,
        flowM3PerDay: m.flowM3PerDay,
        population: m.population,
      },
      analyte,
    );
    const components = componentsFor(m.collectionType ?? null);
    const intervals = figureIntervals(calc, componentRsds(components));
    return {
      measurementId: m.measurementId,
      roundId: m.roundId,
      roundName: m.roundName,
      sampleId: m.sampleId,
      replicate: m.replicate,
      collectedStart: m.collectedStart.toISOString(),
      collectedEnd: m.collectedEnd.toISOString(),
      valueNgL: m.valueNgL,
      qualifier: m.qualifier,
      lodNgL: m.lodNgL,
      loqNgL: m.loqNgL,
      substituted: calc.substituted,
      concentrationUsedNgL: calc.concentrationUsedNgL,
      flowM3PerDay: m.flowM3PerDay,
      population: m.population,
      loadMgPerDay: calc.loadMgPerDay,
      normalisedLoadMgPerDayPer1000: calc.normalisedLoadMgPerDayPer1000,
      consumptionMgPerDayPer1000: calc.consumptionMgPerDayPer1000,
      loadMgPerDayLower95: intervals.load?.lower95 ?? null,
      loadMgPerDayUpper95: intervals.load?.upper95 ?? null,
      normalisedLoadMgPerDayPer1000Lower95: intervals.normalisedLoad?.lower95 ?? null,
      normalisedLoadMgPerDayPer1000Upper95: intervals.normalisedLoad?.upper95 ?? null,
      consumptionMgPerDayPer1000Lower95: intervals.consumption?.lower95 ?? null,
      consumptionMgPerDayPer1000Upper95: intervals.consumption?.upper95 ?? null,
      uncertainty: { components },
      correctionFactor: calc.correctionFactor,
      provisional: calc.provisional,
      revised: m.revised,
    };
  });

  const withConcentration = points.filter((p) => p.concentrationUsedNgL !== null);
  const basis: TrendBasis =
    withConcentration.length > 0 && withConcentration.every((p) => p.normalisedLoadMgPerDayPer1000 !== null)
      ? 'normalised_load'
      : 'concentration';
  const valueOf = (p: SeriesPoint) =>
    basis === 'normalised_load' ? p.normalisedLoadMgPerDayPer1000 : p.concentrationUsedNgL;

  const values: (number | null)[] = [];
  // A round is censored when every result in it was below its limit (not `>ULOQ`, which is a
  // lower bound): the trend then takes the limit itself, twice the LOQ/2 substitute, as "<L".
  const censored: boolean[] = [];
  let current: number | undefined;
  let sum = 0;
  let count = 0;
  let allBelowLimit = true;
  const close = () => {
    if (current === undefined) return;
    values.push(count > 0 ? sum / count : null);
    censored.push(count > 0 && allBelowLimit);
  };
  for (const p of points) {
    if (p.roundId !== current) {
      close();
      current = p.roundId;
      sum = 0;
      count = 0;
      allBelowLimit = true;
    }
    const v = valueOf(p);
    if (v !== null) {
      sum += v;
      count++;
      if (!p.substituted || p.qualifier === '>ULOQ') allBelowLimit = false;
    }
  }
  close();
  const limitsOrValues = values.map((v, i) => (v !== null && censored[i] ? v * 2 : v));
  return { points, trend: { ...scoreTrend(limitsOrValues, { censored }), basis, values } };
}

/** The shipped defaults for an analyte at no particular site (what a caller without stored settings gets). */
function shippedComponents(
  analyte: SeriesAnalyte,
): (collectionType: CollectionType | null) => SourcedComponents {
  const resolve = componentResolver([]);
  return (collectionType) =>
    resolve({ analyteCode: analyte.code, siteId: null, collectionType, provisional: analyte.provisional });
}
