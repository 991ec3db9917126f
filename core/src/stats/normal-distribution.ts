/**
 * Standard normal distribution tails, to full double precision.
 *
 * W. J. Cody's rational Chebyshev approximations (Cody 1969, "Rational Chebyshev
 * approximations for the error function", Math. Comp. 23:631-637; ACM TOMS Algorithm 715,
 * 1993), the method R's `pnorm` uses. Three intervals: |x| ≤ 0.67449, |x| ≤ √32, beyond.
 * The upper tail is computed directly (never as 1 − Φ), so p-values of 1e-300 stay exact.
 */

const SMALL_NUM = [
  2.2352520354606837, 161.02823106855587, 1067.6894854603709, 18154.98125334356, 0.06568233791820745,
];
const SMALL_DEN = [47.202581904688245, 976.0985517377767, 10260.932208618979, 45507.78933502673];
const MID_NUM = [
  0.39894151208813466, 8.883149794388377, 93.50665613217785, 597.2702763948002, 2494.5375852903726,
  6848.190450536283, 11602.65143764735, 9842.714838383978, 1.0765576773720192e-8,
];
const MID_DEN = [
  22.266688044328117, 235.387901782625, 1519.3775994075547, 6485.558298266761, 18615.571640885097,
  34900.95272114598, 38912.00328609327, 19685.429676859992,
];
const TAIL_NUM = [
  0.215898534057957, 0.12740116116024736, 0.022235277870649807, 0.0014216191932278934,
  0.000029112874951168793, 0.023073441764940174,
];
const TAIL_DEN = [
  1.284260096144911, 0.4682382124808651, 0.06598813786892856, 0.0037823963320275824, 0.00007297515550839662,
];
const INV_SQRT_2PI = 0.3989422804014327;
const SQRT_32 = 5.656854249492381;

/** exp(−y²/2) computed in two parts so that the rounding of y² does not cost digits (Cody). */
function gaussianKernel(y: number): number {
  const yCoarse = Math.trunc(y * 16) / 16;
  const del = (y - yCoarse) * (y + yCoarse);
  return Math.exp(-yCoarse * yCoarse * 0.5) * Math.exp(-del * 0.5);
}

/** Q(y) = P(Z > y) for y ≥ 0. */
function upperTailNonNegative(y: number): number {
  if (y <= 0.67448975) {
    const ySq = y * y;
    let num = SMALL_NUM[4]! * ySq;
    let den = ySq;
    for (let i = 0; i < 3; i++) {
      num = (num + SMALL_NUM[i]!) * ySq;
      den = (den + SMALL_DEN[i]!) * ySq;
    }
    return 0.5 - (y * (num + SMALL_NUM[3]!)) / (den + SMALL_DEN[3]!);
  }
  if (y <= SQRT_32) {
    let num = MID_NUM[8]! * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + MID_NUM[i]!) * y;
      den = (den + MID_DEN[i]!) * y;
    }
    return (gaussianKernel(y) * (num + MID_NUM[7]!)) / (den + MID_DEN[7]!);
  }
  if (y >= 37.5193) return 0;
  const invSq = 1 / (y * y);
  let num = TAIL_NUM[5]! * invSq;
  let den = invSq;
  for (let i = 0; i < 4; i++) {
    num = (num + TAIL_NUM[i]!) * invSq;
    den = (den + TAIL_DEN[i]!) * invSq;
  }
  const ratio = (invSq * (num + TAIL_NUM[4]!)) / (den + TAIL_DEN[4]!);
  return (gaussianKernel(y) * (INV_SQRT_2PI - ratio)) / y;
}

/**
 * P(Z > z) for a standard normal Z.
 * @example normalUpperTail(1.959963984540054) // 0.025
 */
export function normalUpperTail(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  return z >= 0 ? upperTailNonNegative(z) : 1 - upperTailNonNegative(-z);
}

/** Φ(z) = P(Z ≤ z) for a standard normal Z. */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  return z >= 0 ? 1 - upperTailNonNegative(z) : upperTailNonNegative(-z);
}

/**
 * Two-sided p-value of a z-score, 2·P(Z > |z|), capped at 1.
 * @example normalTwoSidedP(1.959963984540054) // 0.05
 */
export function normalTwoSidedP(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  return Math.min(1, 2 * upperTailNonNegative(Math.abs(z)));
}
