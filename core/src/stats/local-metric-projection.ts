import { ValidationError } from '../errors/app-error';
import type { PlanarPoint } from './spatial-neighbours';

/** WGS84 ellipsoid (CGCS2000's differs in the flattening by < 1e-10, irrelevant here). */
const SEMI_MAJOR_AXIS_M = 6378137;
const FLATTENING = 1 / 298.257223563;
const ECCENTRICITY_SQ = FLATTENING * (2 - FLATTENING);
const DEG = Math.PI / 180;

export interface LonLat {
  readonly lon: number;
  readonly lat: number;
}

export interface LocalPlane {
  readonly points: PlanarPoint[];
  /** The origin of the plane (centroid of the inputs unless given). */
  readonly originLon: number;
  readonly originLat: number;
}

/**
 * Projects WGS84 lon/lat (degrees) onto a local metric plane for distance bands and k nearest.
 * Equirectangular projection around an origin (default: the centroid), scaled by the
 * ellipsoid's radii of curvature at the origin latitude φ0:
 *   x = N(φ0)·cos φ0·(λ − λ0),  y = M(φ0)·(φ − φ0),
 *   N = a/√(1 − e² sin²φ0) (prime vertical), M = a(1 − e²)/(1 − e² sin²φ0)^{3/2} (meridian)
 * (Snyder 1987, USGS Professional Paper 1395, §12 and eqs. 4-18, 4-20).
 * Exact scale at the origin; away from it east-west distances are off by cos φ0/cos φ − 1
 * ≈ tan φ0·Δφ: about 0.3 % per 0.5° of latitude at 19° N (0.9 % at ±1.5°, the whole island).
 * For a city or county that is metres over kilometres; for all of Hainan at once with a
 * tight distance band, project to UTM 49N (EPSG:32649) in PostGIS instead.
 * Never Web Mercator (×1.06 at 19° N, and growing).
 * @example projectToLocalPlane([{ lon: 110.3, lat: 20.0 }, { lon: 110.31, lat: 20.0 }]).points // ≈ 1046 m apart in x
 */
export function projectToLocalPlane(sites: ArrayLike<LonLat>, origin?: LonLat): LocalPlane {
  const n = sites.length;
  if (n === 0) return { points: [], originLon: origin?.lon ?? 0, originLat: origin?.lat ?? 0 };
  let sumLon = 0;
  let sumLat = 0;
  for (let i = 0; i < n; i++) {
    const { lon, lat } = sites[i]!;
    if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
      throw new ValidationError('site position is not a valid WGS84 lon/lat', { index: i, lon, lat });
    }
    sumLon += lon;
    sumLat += lat;
  }
  // A centroid by plain averaging assumes the sites do not straddle the antimeridian.
  const originLon = origin?.lon ?? sumLon / n;
  const originLat = origin?.lat ?? sumLat / n;
  const phi0 = originLat * DEG;
  const sinPhi0 = Math.sin(phi0);
  const w = 1 - ECCENTRICITY_SQ * sinPhi0 * sinPhi0;
  const primeVerticalM = SEMI_MAJOR_AXIS_M / Math.sqrt(w);
  const meridianM = (SEMI_MAJOR_AXIS_M * (1 - ECCENTRICITY_SQ)) / (w * Math.sqrt(w));
  const xPerDeg = primeVerticalM * Math.cos(phi0) * DEG;
  const yPerDeg = meridianM * DEG;
  const points: PlanarPoint[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const { lon, lat } = sites[i]!;
    points[i] = { xM: (lon - originLon) * xPerDeg, yM: (lat - originLat) * yPerDeg };
  }
  return { points, originLon, originLat };
}
