/**
 * Median of the first `count` entries of a scratch buffer, which it sorts in place.
 * Kept separate so hot loops can reuse one buffer instead of allocating per series.
 */
export function medianInPlace(buffer: Float64Array, count: number): number {
  if (count === 0) return Number.NaN;
  const view = count === buffer.length ? buffer : buffer.subarray(0, count);
  view.sort();
  const mid = count >> 1;
  return count % 2 === 1 ? view[mid]! : (view[mid - 1]! + view[mid]!) / 2;
}
