import { ValidationError } from '../errors/app-error';
import { hotSpotBins } from './hot-spot-bins';
import { normalTwoSidedP } from './normal-distribution';
import {
  buildNeighbours,
  type NeighbourhoodSpec,
  type PlanarPoint,
  type SpatialNeighbours,
} from './spatial-neighbours';

export interface LocalGOptions {
  /** Gi* (default, self included with w_ii = 1) or Gi (self excluded). */
  readonly star?: boolean;
  /**
   * `population` (default): s² = Σ(x − x̄)²/N, as esda and spdep.
   * `sample`: divide by N − 1, as the value printed in Getis & Ord (1996).
   */
  readonly variance?: 'population' | 'sample';
}

export interface LocalGResult {
  /** Standardised G (the z-score ArcGIS calls GiZScore). */
  readonly z: Float64Array;
  /** Two-sided p from the normal distribution. */
  readonly pValue: Float64Array;
  /** Neighbours of each site, self not counted; 0 means its z says nothing about clustering. */
  readonly neighbourCount: Int32Array;
}

/**
 * Local Getis-Ord G with binary weights, as standardised z-scores (Ord & Getis 1995,
 * Geographical Analysis 27(4):286-306, eq. 14; same closed form as esda.G_Local and
 * spdep::localG):
 *   z_i = (Σ_j w_ij x_j − x̄·W_i) / ( s·√[(N·S1_i − W_i²)/(N − 1)] ),
 *   W_i = Σ_j w_ij, S1_i = Σ_j w_ij² (= W_i for binary weights).
 * Gi*: j runs over all N = n sites with w_ii = 1, x̄ and s over all sites.
 * Gi: j ≠ i, N = n − 1, x̄ and s over the other sites.
 * When the denominator is 0 (constant values, or Gi of a site with no neighbours) z = 0, p = 1.
 * @example localGetisOrd(values, buildNeighbours(points, { kind: 'distance_band', thresholdM: 15 }))
 */
export function localGetisOrd(
  values: ArrayLike<number>,
  neighbours: SpatialNeighbours,
  options: LocalGOptions = {},
): LocalGResult {
  const n = values.length;
  if (neighbours.n !== n)
    throw new ValidationError('one value per site is needed', { values: n, sites: neighbours.n });
  if (n < 3) throw new ValidationError('Getis-Ord G needs at least 3 sites', { sites: n });
  const star = options.star ?? true;
  const sampleVariance = options.variance === 'sample';
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) throw new ValidationError('site values must be finite numbers', { index: i });
    sum += v;
    sumSq += v * v;
  }
  const { offsets, indices } = neighbours;
  const z = new Float64Array(n);
  const pValue = new Float64Array(n);
  const neighbourCount = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const start = offsets[i]!;
    const end = offsets[i + 1]!;
    let lag = 0;
    for (let k = start; k < end; k++) lag += values[indices[k]!]!;
    const count = end - start;
    neighbourCount[i] = count;
    const xi = values[i]!;
    let bigN: number;
    let mean: number;
    let meanSq: number;
    let weight: number;
    if (star) {
      bigN = n;
      mean = sum / n;
      meanSq = sumSq / n;
      lag += xi;
      weight = count + 1;
    } else {
      bigN = n - 1;
      mean = (sum - xi) / bigN;
      meanSq = (sumSq - xi * xi) / bigN;
      weight = count;
    }
    let variance = Math.max(0, meanSq - mean * mean);
    if (sampleVariance) variance = (variance * bigN) / (bigN - 1);
    const denominator = Math.sqrt(variance) * Math.sqrt((bigN * weight - weight * weight) / (bigN - 1));
    if (!(denominator > 0)) {
      z[i] = 0;
      pValue[i] = 1;
      continue;
    }
    z[i] = (lag - mean * weight) / denominator;
    pValue[i] = normalTwoSidedP(z[i]!);
  }
  return { z, pValue, neighbourCount };
}

export interface HotSpotResult extends LocalGResult {
  /** −3..3 (ArcGIS Gi_Bin), after FDR correction unless `fdr: false`. */
  readonly bin: Int8Array;
  readonly pThresholds: readonly [number, number, number];
}

/**
 * Hot spot analysis of one round and analyte: Gi* over the sites, z, p and −3..3 bins
 * (90/95/99 %) with false-discovery-rate correction by default (docs/design.md §4).
 * Coordinates are metres on a plane (see `projectToLocalPlane`); missing sites must be left
 * out by the caller, since a neighbour without a value cannot take part.
 */
export function hotSpotAnalysis(
  points: ArrayLike<PlanarPoint>,
  values: ArrayLike<number>,
  neighbourhood: NeighbourhoodSpec | SpatialNeighbours,
  options: LocalGOptions & { readonly fdr?: boolean } = {},
): HotSpotResult {
  if (points.length !== values.length)
    throw new ValidationError('one value per site is needed', {
      values: values.length,
      sites: points.length,
    });
  const neighbours = 'offsets' in neighbourhood ? neighbourhood : buildNeighbours(points, neighbourhood);
  const local = localGetisOrd(values, neighbours, options);
  const { bins, pThresholds } = hotSpotBins(local.z, local.pValue, { fdr: options.fdr ?? true });
  return { ...local, bin: bins, pThresholds };
}
