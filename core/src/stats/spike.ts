import { presentValues, type RoundValues } from './round-series';

export type SpikeMethod = 'ears' | 'ewma' | 'cusum';

/**
 * Parameters, with the defaults and why:
 * - `method` `ears` (default): z = (x_latest − mean)/sd of the earlier rounds, spike if z > 3
 *   (EARS C1 idea, Hutwagner et al. 2003, J Urban Health 80(2 Suppl 1):i89-96, with the
 *   baseline being the site's own earlier rounds instead of the previous 7 days).
 * - `ewma`: E_t = λ·x_t + (1 − λ)·E_{t−1}, E_0 = baseline mean, run over all rounds; statistic
 *   (E_T − mean)/(sd·√(λ/(2−λ)·(1 − (1−λ)^{2T}))), spike if > `ewmaLimit` (λ 0.4, limit 3;
 *   Lucas & Saccucci 1990, Technometrics 32:1-12).
 * - `cusum`: upper CUSUM on standardised values, C_t = max(0, C_{t−1} + (x_t − mean)/sd − k),
 *   spike if C_T > h (k 0.5, h 4; Montgomery, Introduction to SQC, ch. 9: k = δ/2 for a shift
 *   of one sd, h 4-5).
 * All three look for increases only. The baseline is every present round before the latest
 * (at most `maxBaselineRounds`, default 12) and needs `minBaselineRounds` (default 3).
 * The sd is the sample sd (n − 1), floored at max(`relativeSdFloor`·|mean|, `absoluteSdFloor`):
 * a flat baseline (e.g. three rounds at LOQ/2) would otherwise make any small rise infinite z.
 * The default relative floor 0.2 treats ±20 % as ordinary round-to-round variation of a
 * wastewater measurement (sampling, flow and analytical error together); tune per analyte.
 */
export interface SpikeOptions {
  readonly method?: SpikeMethod;
  readonly zThreshold?: number;
  readonly ewmaLambda?: number;
  readonly ewmaLimit?: number;
  readonly cusumK?: number;
  readonly cusumH?: number;
  readonly minBaselineRounds?: number;
  readonly maxBaselineRounds?: number;
  readonly relativeSdFloor?: number;
  readonly absoluteSdFloor?: number;
}

export interface SpikeResult {
  readonly method: SpikeMethod;
  /** The method's statistic for the latest round; null when it cannot be computed. */
  readonly statistic: number | null;
  readonly threshold: number;
  readonly isSpike: boolean;
  readonly baselineMean: number | null;
  /** Baseline sd after the floor. */
  readonly baselineSd: number | null;
  readonly baselineN: number;
  readonly reason: 'ok' | 'latest_missing' | 'insufficient_baseline';
}

/**
 * Is the latest round (the last element) a spike against the site's own earlier rounds?
 * @example detectSpike([100, 110, 95, 105, 400]).isSpike // true (z = 14.5 with the 20 % floor)
 */
export function detectSpike(values: RoundValues, options: SpikeOptions = {}): SpikeResult {
  const method = options.method ?? 'ears';
  const threshold =
    method === 'ears'
      ? (options.zThreshold ?? 3)
      : method === 'ewma'
        ? (options.ewmaLimit ?? 3)
        : (options.cusumH ?? 4);
  const minBaseline = options.minBaselineRounds ?? 3;
  const maxBaseline = options.maxBaselineRounds ?? 12;
  const last = values.length - 1;
  const latestValue = last >= 0 ? values[last] : null;
  if (latestValue === null || latestValue === undefined || Number.isNaN(latestValue)) {
    return {
      method,
      statistic: null,
      threshold,
      isSpike: false,
      baselineMean: null,
      baselineSd: null,
      baselineN: 0,
      reason: 'latest_missing',
    };
  }
  const all = presentValues(values).values;
  const latestIndex = all.length - 1;
  const baselineStart = Math.max(0, latestIndex - maxBaseline);
  const baselineN = latestIndex - baselineStart;
  if (baselineN < minBaseline) {
    return {
      method,
      statistic: null,
      threshold,
      isSpike: false,
      baselineMean: null,
      baselineSd: null,
      baselineN,
      reason: 'insufficient_baseline',
    };
  }
  let sum = 0;
  for (let i = baselineStart; i < latestIndex; i++) sum += all[i]!;
  const mean = sum / baselineN;
  let squares = 0;
  for (let i = baselineStart; i < latestIndex; i++) squares += (all[i]! - mean) ** 2;
  const rawSd = Math.sqrt(squares / (baselineN - 1));
  const sd = Math.max(
    rawSd,
    (options.relativeSdFloor ?? 0.2) * Math.abs(mean),
    options.absoluteSdFloor ?? 1e-9,
  );

  let statistic: number;
  if (method === 'ears') {
    statistic = (all[latestIndex]! - mean) / sd;
  } else if (method === 'ewma') {
    const lambda = options.ewmaLambda ?? 0.4;
    let ewma = mean;
    let steps = 0;
    for (let i = baselineStart; i <= latestIndex; i++) {
      ewma = lambda * all[i]! + (1 - lambda) * ewma;
      steps++;
    }
    const ewmaSd = sd * Math.sqrt((lambda / (2 - lambda)) * (1 - (1 - lambda) ** (2 * steps)));
    statistic = (ewma - mean) / ewmaSd;
  } else {
    const k = options.cusumK ?? 0.5;
    let cusum = 0;
    for (let i = baselineStart; i <= latestIndex; i++) cusum = Math.max(0, cusum + (all[i]! - mean) / sd - k);
    statistic = cusum;
  }
  return {
    method,
    statistic,
    threshold,
    isSpike: statistic > threshold,
    baselineMean: mean,
    baselineSd: sd,
    baselineN,
    reason: 'ok',
  };
}
