/**
 * Benjamini-Hochberg step-up threshold (Benjamini & Hochberg 1995, JRSS B 57:289-300):
 * sort the m p-values, find the largest k with p_(k) ≤ k·q/m; every p ≤ p_(k) is a discovery.
 * Returns p_(k), or 0 when nothing passes (then no p > 0 passes "p ≤ threshold").
 * NaN p-values are ignored and do not count in m.
 * @example benjaminiHochbergThreshold([0.01, 0.02, 0.03, 0.5], 0.05) // 0.03
 */
export function benjaminiHochbergThreshold(pValues: ArrayLike<number>, q: number): number {
  const sorted = finiteSorted(pValues);
  const m = sorted.length;
  for (let k = m; k >= 1; k--) {
    if (sorted[k - 1]! <= (k * q) / m) return sorted[k - 1]!;
  }
  return 0;
}

/**
 * BH-adjusted p-values (q-values): q_(k) = min_{j ≥ k} min(1, m·p_(j)/j), in input order;
 * p is a discovery at level q exactly when its adjusted value ≤ q. NaN stays NaN.
 * @example benjaminiHochbergAdjust([0.01, 0.04, 0.03]) // [0.03, 0.04, 0.04]
 */
export function benjaminiHochbergAdjust(pValues: ArrayLike<number>): Float64Array {
  const n = pValues.length;
  const adjusted = new Float64Array(n).fill(Number.NaN);
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (!Number.isNaN(pValues[i]!)) order.push(i);
  order.sort((a, b) => pValues[a]! - pValues[b]!);
  const m = order.length;
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const i = order[rank - 1]!;
    running = Math.min(running, (m * pValues[i]!) / rank);
    adjusted[i] = running;
  }
  return adjusted;
}

function finiteSorted(pValues: ArrayLike<number>): Float64Array {
  let m = 0;
  for (let i = 0; i < pValues.length; i++) if (!Number.isNaN(pValues[i]!)) m++;
  const sorted = new Float64Array(m);
  let k = 0;
  for (let i = 0; i < pValues.length; i++) if (!Number.isNaN(pValues[i]!)) sorted[k++] = pValues[i]!;
  return sorted.sort();
}
