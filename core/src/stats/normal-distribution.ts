/**
 * Standard normal distribution tails, to full double precision.
 *
 * W. J. Cody's rational Chebyshev approximations (Cody 1969, "Rational Chebyshev
 * approximations for the error function", Math. Comp. 23:631-637; ACM TOMS Algorithm 715,
 * 1993), the method R's `pnorm` uses. Three intervals: |x| ≤ 0.67449, |x| ≤ √32, beyond.
 * The upper tail is computed directly (never as 1 − Φ), so p-values of 1e-300 stay exact.
 */

const SMALL_NUM = [2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249, 0.065682337918207449113];
const SMALL_DEN = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956];
const MID_NUM = [
  0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226, 2494.5375852903726711,
  6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218, 1.0765576773720192317e-8,
];
const MID_DEN = [
  22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755, 18615.571640885098091,
  34900.952721145977266, 38912.003286093271411, 19685.429676859990727,
];
const TAIL_NUM = [0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466, 2.9112874951168792e-5, 0.02307344176494017303];
const TAIL_DEN = [1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5];
const INV_SQRT_2PI = 0.398942280401432677939946059934;
const SQRT_32 = 5.656854249492380195206754896838;

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
