function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * The Theil-Sen trend line through a series observed at x = 0, 1, 2, … (one step per round):
 * y = b + slope·x with the intercept b = median(yᵢ − slope·xᵢ) over the observed points
 * (Sen 1968, JASA 63:1379; intercept as in Conover 1980 / R `mblm`, `zyp`). Missing values
 * (null) are skipped for the intercept and still get a point on the line.
 * @example senTrendLine([1, 2, 3, 4], 1) // [1, 2, 3, 4]
 */
export function senTrendLine(values: readonly (number | null)[], slopePerStep: number): number[] {
  const residuals = values.flatMap((value, x) =>
    value === null || !Number.isFinite(value) ? [] : [value - slopePerStep * x],
  );
  if (residuals.length === 0) return [];
  const intercept = median(residuals);
  return values.map((_, x) => intercept + slopePerStep * x);
}
