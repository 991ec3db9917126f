import { productQuantiles, type FactorQuantiles } from '../stats/factor-product-interval';
import type { CollectionType } from './collection-type';
import {
  componentResolver,
  DEFAULT_UNCERTAINTY_SETTINGS,
  UNCERTAINTY_COMPONENT_NAMES,
  type SourcedComponents,
  type UncertaintyComponentName,
} from './uncertainty-components';

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

function defaultRsd(component: UncertaintyComponentName, key = ''): number {
  const found = DEFAULT_UNCERTAINTY_SETTINGS.find((s) => s.component === component && s.key === key);
  if (!found) throw new Error(`no default ${component} ${key}`);
  return found.rsd;
}

/** Sampling RSD by collection type, as shipped (uncertainty-components.ts has their sources). */
export const SAMPLING_RSD: Readonly<Record<CollectionType, number>> = {
  composite_flow: defaultRsd('sampling', 'composite_flow'),
  composite_time: defaultRsd('sampling', 'composite_time'),
  composite_volume: defaultRsd('sampling', 'composite_volume'),
  grab: defaultRsd('sampling', 'grab'),
};

export const DEFAULT_ANALYTICAL_RSD = defaultRsd('analytical');

const shippedDefaults = componentResolver([]);

/** The RSDs of sourced components, one frozen object per sourced set (so quantiles cache by identity). */
export function componentRsds(sourced: SourcedComponents): Readonly<UncertaintyComponents> {
  let rsds = rsdsMemo.get(sourced);
  if (!rsds) {
    rsds = Object.freeze(
      Object.fromEntries(
        UNCERTAINTY_COMPONENT_NAMES.map((n) => [n, sourced[n].rsd]),
      ) as unknown as UncertaintyComponents,
    );
    rsdsMemo.set(sourced, rsds);
  }
  return rsds;
}
const rsdsMemo = new WeakMap<SourcedComponents, Readonly<UncertaintyComponents>>();

/** The components used for one measurement with the shipped defaults (the same object for equal inputs). */
export function defaultComponents(input: {
  analyteCode: string;
  collectionType: CollectionType | null;
  provisional: boolean;
}): Readonly<UncertaintyComponents> {
  return componentRsds(shippedDefaults({ ...input, siteId: null }));
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
