import { productQuantiles, type FactorQuantiles } from '../stats/factor-product-interval';
import type { CollectionType } from './collection-type';

/**
 * The relative standard deviations behind a back-calculated figure (docs/design.md §3; Castiglioni
 * et al., Environ. Sci. Technol. 2013, 47:1452, uncertainty in sewage-based drug estimates; the
 * EUDA/SCORE protocol). Each is an independent normal factor with mean 1, truncated at 0.
 */
export interface UncertaintyComponents {
  /** Measurement of the concentration (per analyte; default 10 %). */
  analytical: number;
  /** Representativeness of the sample (by collection type). */
  sampling: number;
  /** Flow measurement at the site (per site; default 10 %). */
  flow: number;
  /** Population served (per site; default 20 %). */
  population: number;
  /** Transformation of the residue in the sewer (per analyte). */
  stability: number;
  /** Excretion behind the correction factor (per analyte; provisional factors wide). */
  excretion: number;
}

/**
 * Sampling RSD by collection type: 24-h flow-proportional composites 10 %, time- and
 * volume-proportional composites 20 %, grab samples 50 % (Castiglioni et al. 2013; Ort et al.
 * 2010, Environ. Sci. Technol. 44:6024, on sampling errors).
 */
export const SAMPLING_RSD: Readonly<Record<CollectionType, number>> = {
  composite_flow: 0.1,
  composite_time: 0.2,
  composite_volume: 0.2,
  grab: 0.5,
};

export const DEFAULT_ANALYTICAL_RSD = 0.1;
export const DEFAULT_FLOW_RSD = 0.1;
export const DEFAULT_POPULATION_RSD = 0.2;

/**
 * In-sewer stability RSD per analyte: methamphetamine, amphetamine, MDMA and benzoylecgonine
 * are stable (≤ 10 % loss in 24 h; McCall et al. 2016, Water Res. 88:933): 5 %; cocaine and
 * 6-monoacetylmorphine transform (cocaine ~ 20-40 % in 12 h): 20-30 %; others 10 %.
 */
const STABILITY_RSD: Readonly<Record<string, number>> = {
  METH: 0.05,
  AMP: 0.05,
  MDMA: 0.05,
  BE: 0.05,
  KET: 0.05,
  COC: 0.2,
  '6-MAM': 0.3,
  MOR: 0.1,
  COD: 0.1,
  'THC-COOH': 0.15,
};
const DEFAULT_STABILITY_RSD = 0.1;

/**
 * Excretion RSD behind the correction factor: the largest component for most drugs
 * (Castiglioni et al. 2013: excretion profiles from few pharmacokinetic studies). 25 % for an
 * established factor, 50 % for a provisional one (e.g. etomidate).
 */
export const EXCRETION_RSD = { established: 0.25, provisional: 0.5 } as const;

// One frozen object per combination: figureIntervals caches its quantiles by identity, so a
// series of a million points builds no key strings.
const componentsMemo = new Map<string, Readonly<UncertaintyComponents>>();

/** The components used for one measurement with the defaults above (the same object for equal inputs). */
export function defaultComponents(input: {
  analyteCode: string;
  collectionType: CollectionType | null;
  provisional: boolean;
}): Readonly<UncertaintyComponents> {
  const key = `${input.analyteCode}|${input.collectionType}|${input.provisional}`;
  let components = componentsMemo.get(key);
  if (!components) {
    components = Object.freeze(buildComponents(input));
    componentsMemo.set(key, components);
  }
  return components;
}

function buildComponents(input: {
  analyteCode: string;
  collectionType: CollectionType | null;
  provisional: boolean;
}): UncertaintyComponents {
  return {
    analytical: DEFAULT_ANALYTICAL_RSD,
    // An unknown collection type is judged as the least representative.
    sampling: SAMPLING_RSD[input.collectionType ?? 'grab'],
    flow: DEFAULT_FLOW_RSD,
    population: DEFAULT_POPULATION_RSD,
    stability: STABILITY_RSD[input.analyteCode] ?? DEFAULT_STABILITY_RSD,
    excretion: input.provisional ? EXCRETION_RSD.provisional : EXCRETION_RSD.established,
  };
}

export interface Interval95 {
  lower95: number;
  upper95: number;
}

/**
 * 95 % intervals of a load (analytical, sampling, flow, stability), a normalised load (+
 * population) and a consumption (+ excretion), each the estimate × the Monte Carlo quantiles of
 * the product of its factors (cached per combination of RSDs).
 * @example figureIntervals({ loadMgPerDay: 20000, normalisedLoadMgPerDayPer1000: 40,
 *   consumptionMgPerDayPer1000: 93.2 }, components).consumption // ≈ { lower95: 46, upper95: 150 }
 */
export function figureIntervals(
  figures: {
    loadMgPerDay: number | null;
    normalisedLoadMgPerDayPer1000: number | null;
    consumptionMgPerDayPer1000: number | null;
  },
  c: Readonly<UncertaintyComponents>,
): { load: Interval95 | null; normalisedLoad: Interval95 | null; consumption: Interval95 | null } {
  let q = quantilesMemo.get(c);
  if (!q) {
    const loadRsds = [c.analytical, c.sampling, c.flow, c.stability];
    q = {
      load: productQuantiles(loadRsds),
      normalisedLoad: productQuantiles([...loadRsds, c.population]),
      consumption: productQuantiles([...loadRsds, c.population, c.excretion]),
    };
    quantilesMemo.set(c, q);
  }
  const scale = (estimate: number | null, quantiles: FactorQuantiles): Interval95 | null =>
    estimate === null || !Number.isFinite(estimate)
      ? null
      : { lower95: estimate * quantiles.lower, upper95: estimate * quantiles.upper };
  return {
    load: scale(figures.loadMgPerDay, q.load),
    normalisedLoad: scale(figures.normalisedLoadMgPerDayPer1000, q.normalisedLoad),
    consumption: scale(figures.consumptionMgPerDayPer1000, q.consumption),
  };
}

const quantilesMemo = new WeakMap<
  Readonly<UncertaintyComponents>,
  { load: FactorQuantiles; normalisedLoad: FactorQuantiles; consumption: FactorQuantiles }
>();
