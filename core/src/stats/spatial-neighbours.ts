import { ValidationError } from '../errors/app-error';

/** A site on a local metric plane (metres), e.g. from `projectToLocalPlane` or UTM 49N. */
export interface PlanarPoint {
  readonly xM: number;
  readonly yM: number;
}

/** How neighbours are chosen: every site within a distance (inclusive), or the k nearest. */
export type NeighbourhoodSpec =
  | { readonly kind: 'distance_band'; readonly thresholdM: number }
  | { readonly kind: 'k_nearest'; readonly k: number };

/**
 * Binary spatial weights in compressed-row form, self excluded: the neighbours of site i are
 * indices[offsets[i] .. offsets[i+1]). Build once per set of sites and reuse for every
 * analyte and round measured at those sites.
 */
export interface SpatialNeighbours {
  readonly n: number;
  readonly offsets: Int32Array;
  readonly indices: Int32Array;
}

/** Relative slack so a pair whose computed distance rounds just above the band still counts. */
const BAND_RELATIVE_TOLERANCE = 1e-12;

/**
 * Neighbours for Getis-Ord and similar local statistics.
 * - `distance_band`: j ≠ i is a neighbour when d(i, j) ≤ thresholdM, inclusive as libpysal's
 *   DistanceBand and spdep's dnearneigh(0, d) (a pair exactly at the threshold is a
 *   neighbour; a relative slack of 1e-12 absorbs rounding). Coincident sites (d = 0) are
 *   neighbours here, unlike libpysal's sparse KD-tree, which drops zero distances.
 * - `k_nearest`: the k closest other sites, ties broken by the lower index (deterministic);
 *   not symmetric, as in ArcGIS and libpysal KNN.
 * O(n²) distances: fine for the thousands of sites one office has.
 * @example buildNeighbours([{xM:0,yM:0},{xM:15,yM:0}], { kind: 'distance_band', thresholdM: 15 }) // each the other's neighbour
 */
export function buildNeighbours(points: ArrayLike<PlanarPoint>, spec: NeighbourhoodSpec): SpatialNeighbours {
  const n = points.length;
  for (let i = 0; i < n; i++) {
    const p = points[i]!;
    if (!Number.isFinite(p.xM) || !Number.isFinite(p.yM))
      throw new ValidationError('site coordinates must be finite', { index: i });
  }
  if (spec.kind === 'distance_band') {
    if (!(spec.thresholdM >= 0) || !Number.isFinite(spec.thresholdM)) {
      throw new ValidationError('distance band must be a finite, non-negative number of metres', {
        thresholdM: spec.thresholdM,
      });
    }
    return distanceBand(points, spec.thresholdM);
  }
  if (!Number.isInteger(spec.k) || spec.k < 1)
    throw new ValidationError('k must be a positive integer', { k: spec.k });
  return kNearest(points, Math.min(spec.k, Math.max(0, n - 1)));
}

function distanceBand(points: ArrayLike<PlanarPoint>, thresholdM: number): SpatialNeighbours {
  const n = points.length;
  const limitSq = thresholdM * thresholdM * (1 + BAND_RELATIVE_TOLERANCE);
  const counts = new Int32Array(n);
  const pairs: number[] = [];
  for (let i = 0; i < n - 1; i++) {
    const xi = points[i]!.xM;
    const yi = points[i]!.yM;
    for (let j = i + 1; j < n; j++) {
      const dx = points[j]!.xM - xi;
      const dy = points[j]!.yM - yi;
      if (dx * dx + dy * dy <= limitSq) {
        pairs.push(i, j);
        counts[i]!++;
        counts[j]!++;
      }
    }
  }
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i]! + counts[i]!;
  const indices = new Int32Array(offsets[n]!);
  const cursor = offsets.slice(0, n);
  // Pairs were found in (i, j) order with i < j, so each row comes out sorted by index.
  for (let p = 0; p < pairs.length; p += 2) {
    const i = pairs[p]!;
    const j = pairs[p + 1]!;
    indices[cursor[i]!++] = j;
  }
  for (let p = 0; p < pairs.length; p += 2) {
    const i = pairs[p]!;
    const j = pairs[p + 1]!;
    indices[cursor[j]!++] = i;
  }
  for (let i = 0; i < n; i++) indices.subarray(offsets[i]!, offsets[i + 1]!).sort();
  return { n, offsets, indices };
}

function kNearest(points: ArrayLike<PlanarPoint>, k: number): SpatialNeighbours {
  const n = points.length;
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i]! + k;
  const indices = new Int32Array(n * k);
  const order = new Int32Array(Math.max(0, n - 1));
  const distSq = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const dx = points[j]!.xM - points[i]!.xM;
      const dy = points[j]!.yM - points[i]!.yM;
      distSq[j] = dx * dx + dy * dy;
      order[m++] = j;
    }
    order.sort((a, b) => distSq[a]! - distSq[b]! || a - b);
    indices.set(order.subarray(0, k), offsets[i]!);
  }
  return { n, offsets, indices };
}
