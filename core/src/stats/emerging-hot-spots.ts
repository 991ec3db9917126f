import type { EmergingHotSpotCategory } from './emerging-categories';
import { mannKendallOfPresent } from './mann-kendall';

export type { EmergingHotSpotCategory };

/** One site's Gi* results per round, oldest first; null where the site had no value that round. */
export interface GiStarSeries {
  readonly z: ArrayLike<number | null>;
  /** Two-sided p per round; a round is significant when p ≤ `alpha`. */
  readonly p?: ArrayLike<number | null>;
  /** Or the −3..3 bins (e.g. after FDR correction): significant when bin ≠ 0. Takes precedence over p. */
  readonly bin?: ArrayLike<number | null>;
}

export interface EmergingHotSpotOptions {
  /** Level at which a round's Gi* counts as a significant hot or cold spot (default 0.10, i.e. bin ±1..3). */
  readonly alpha?: number;
  /** Two-sided level of the Mann-Kendall test on the z series (default 0.05). */
  readonly trendAlpha?: number;
}

export interface EmergingHotSpotResult {
  readonly category: EmergingHotSpotCategory;
  readonly rounds: number;
  readonly hotRounds: number;
  readonly coldRounds: number;
  /** Mann-Kendall on the present z-scores: S, two-sided p, tau and method. */
  readonly trend: {
    readonly s: number;
    readonly pValue: number;
    readonly tau: number;
    readonly method: 'exact' | 'normal';
  };
}

/** 90 % of the rounds, as an integer comparison: count/rounds ≥ 0.9 ⇔ 10·count ≥ 9·rounds. */
function atLeastNinetyPercent(count: number, rounds: number): boolean {
  return 10 * count >= 9 * rounds;
}

/**
 * Emerging hot spot pattern of one site across rounds, after ArcGIS Pro's Emerging Hot Spot
 * Analysis ("How Emerging Hot Spot Analysis works", Esri), applied to the Gi* of each round.
 *
 * A round is *hot* when significant with z > 0, *cold* when significant with z < 0
 * (significant: bin ≠ 0 if bins are given, else p ≤ alpha, default 0.10). A missing round is
 * neither, and counts in the number of rounds T. "Trend" is the Mann-Kendall test on the z
 * series (present rounds), significant when two-sided p < trendAlpha (default 0.05); for
 * T ≤ 10 it is exact, so fewer than 5 rounds can never show a significant trend at 0.05.
 * Rules, checked top to bottom, the first that holds wins (hot side; the cold side is the
 * mirror: swap hot and cold, and read "z rising" as "z falling"):
 *
 * | category      | rule (final = the latest round)                                                       |
 * |---------------|----------------------------------------------------------------------------------------|
 * | new           | final hot; no earlier round significant (hot or cold)                                  |
 * | consecutive   | final run of ≥ 2 hot rounds; no round before the run significant; hot < 90 % of T      |
 * | intensifying  | final hot; hot ≥ 90 % of T; z trend rising and significant                             |
 * | diminishing   | final hot; hot ≥ 90 % of T; z trend falling and significant                            |
 * | persistent    | final hot; hot ≥ 90 % of T; no significant z trend                                      |
 * | oscillating   | final hot; hot < 90 % of T; some earlier round cold                                     |
 * | sporadic      | final hot; hot < 90 % of T; no round cold (and not new or consecutive: an on-off past) |
 * | historical    | final not hot; hot ≥ 90 % of T                                                          |
 * | no_pattern    | none of the above, hot or cold                                                          |
 *
 * Where Esri's wording lets two patterns overlap we decide as follows (sfdep's reading too):
 * a site that was ever cold before turning hot is oscillating, not new or consecutive, and
 * "final hot" is required of intensifying, diminishing and persistent (otherwise historical).
 * @example classifyEmergingHotSpot({ z: [0.2, 0.1, -0.4, 2.4], p: [0.84, 0.92, 0.69, 0.016] }).category // 'new_hot_spot'
 */
export function classifyEmergingHotSpot(
  series: GiStarSeries,
  options: EmergingHotSpotOptions = {},
): EmergingHotSpotResult {
  const alpha = options.alpha ?? 0.1;
  const trendAlpha = options.trendAlpha ?? 0.05;
  const rounds = series.z.length;
  if (series.p !== undefined && series.p.length !== rounds)
    throw new RangeError('p must have one entry per round');
  if (series.bin !== undefined && series.bin.length !== rounds)
    throw new RangeError('bin must have one entry per round');

  // +1 hot, −1 cold, 0 neither, per round.
  const state = new Int8Array(rounds);
  let presentZ = 0;
  for (let t = 0; t < rounds; t++) {
    const z = series.z[t];
    if (z === null || z === undefined || Number.isNaN(z)) continue;
    presentZ++;
    let significant: boolean;
    if (series.bin !== undefined) {
      const b = series.bin[t];
      significant = b !== null && b !== undefined && b !== 0;
    } else if (series.p !== undefined) {
      const p = series.p[t];
      significant = p !== null && p !== undefined && p <= alpha;
    } else {
      throw new RangeError('either p or bin is needed to tell significant rounds');
    }
    if (significant && z > 0) state[t] = 1;
    else if (significant && z < 0) state[t] = -1;
  }
  const zPresent = new Float64Array(presentZ);
  for (let t = 0, k = 0; t < rounds; t++) {
    const z = series.z[t];
    if (z === null || z === undefined || Number.isNaN(z)) continue;
    zPresent[k++] = z;
  }
  const mk = mannKendallOfPresent(zPresent);
  const trendSignificant = presentZ >= 2 && mk.pValue < trendAlpha;
  const trend = { s: mk.s, pValue: mk.pValue, tau: mk.tau, method: mk.method };

  let hotRounds = 0;
  let coldRounds = 0;
  for (let t = 0; t < rounds; t++) {
    if (state[t] === 1) hotRounds++;
    else if (state[t] === -1) coldRounds++;
  }
  const result = (category: EmergingHotSpotCategory): EmergingHotSpotResult => ({
    category,
    rounds,
    hotRounds,
    coldRounds,
    trend,
  });
  if (rounds === 0) return result('no_pattern');

  const hot = classifySide(state, 1, hotRounds, rounds, mk.s, trendSignificant);
  if (hot !== null) return result(`${hot}_hot_spot`);
  const cold = classifySide(state, -1, coldRounds, rounds, -mk.s, trendSignificant);
  if (cold !== null) return result(`${cold}_cold_spot`);
  return result('no_pattern');
}

type Pattern =
  | 'new'
  | 'consecutive'
  | 'intensifying'
  | 'persistent'
  | 'diminishing'
  | 'sporadic'
  | 'oscillating'
  | 'historical';

/**
 * The table above for one side: `sign` +1 reads hot, −1 cold; `towardSideS` is S with the
 * sign flipped for the cold side, so > 0 always means "more intense".
 */
function classifySide(
  state: Int8Array,
  sign: 1 | -1,
  sideRounds: number,
  rounds: number,
  towardSideS: number,
  trendSignificant: boolean,
): Pattern | null {
  const last = rounds - 1;
  const finalOnSide = state[last] === sign;
  const mostly = atLeastNinetyPercent(sideRounds, rounds);
  if (!finalOnSide) return mostly ? 'historical' : null;

  let runStart = last;
  while (runStart > 0 && state[runStart - 1] === sign) runStart--;
  let significantBeforeRun = false;
  let oppositeBefore = false;
  for (let t = 0; t < runStart; t++) {
    if (state[t] !== 0) significantBeforeRun = true;
    if (state[t] === -sign) oppositeBefore = true;
  }
  const runLength = last - runStart + 1;
  if (runLength === 1 && !significantBeforeRun) return 'new';
  if (runLength >= 2 && !significantBeforeRun && !mostly) return 'consecutive';
  if (mostly) {
    if (trendSignificant && towardSideS > 0) return 'intensifying';
    if (trendSignificant && towardSideS < 0) return 'diminishing';
    return 'persistent';
  }
  return oppositeBefore ? 'oscillating' : 'sporadic';
}
