import type { Qualifier } from '../wastewater/lab-value';

/**
 * One round of a site × analyte series as the alert rules see it. `value` is in the series'
 * basis (normalised load, or concentration when flow or population is missing), with below-LOQ
 * results taken as LOQ/2 and flagged `substituted` (docs/design.md §3).
 */
export interface SeriesPoint {
  readonly roundId: number;
  /** Position of the round among all rounds, oldest 0 (gaps stay gaps). */
  readonly roundIndex: number;
  readonly qualifier: Qualifier;
  /** The measured concentration; null unless quantified. */
  readonly valueNgL: number | null;
  readonly loqNgL: number | null;
  /** The value scored, in the basis unit; null when nothing could be substituted. */
  readonly value: number | null;
  readonly substituted: boolean;
  /** The LOQ expressed in the basis unit (for the spike's noise floor); null if unknown. */
  readonly loqInBasis: number | null;
  /** RSDs of the round-to-round components of the round's result (absent: the shipped defaults). */
  readonly roundToRoundRsds?: readonly number[];
}

/** Quantified: a measured number (`=`), or above the calibrated range (`>ULOQ`). */
export function isQuantified(qualifier: Qualifier): boolean {
  return qualifier === '=' || qualifier === '>ULOQ';
}
