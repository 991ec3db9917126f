/**
 * Metres east/north around a point ↔ longitude/latitude on the WGS84 ellipsoid, using the
 * local radii of curvature at the origin (meridional radius M and prime-vertical radius N).
 * Accurate to well under a centimetre for offsets of a few hundred metres, which is the
 * scale of one image footprint.
 *
 * Formulas: M = a(1−e²)/(1−e²sin²φ)^{3/2}, N = a/√(1−e²sin²φ); Δφ = Δnorth/M,
 * Δλ = Δeast/(N cosφ). Source: NGA TR8350.2 (WGS84 constants) and e.g. Torge & Müller,
 * Geodesy (4th ed.), §6.2.
 */
const WGS84_SEMI_MAJOR_AXIS_M = 6378137;
const WGS84_FLATTENING = 1 / 298.257223563;
const WGS84_E2 = WGS84_FLATTENING * (2 - WGS84_FLATTENING);

export interface LocalOrigin {
  lon: number;
  lat: number;
}

function radiiAt(latDeg: number): { meridionalM: number; primeVerticalM: number } {
  const sinLat = Math.sin((latDeg * Math.PI) / 180);
  const w = 1 - WGS84_E2 * sinLat * sinLat;
  return {
    meridionalM: (WGS84_SEMI_MAJOR_AXIS_M * (1 - WGS84_E2)) / Math.pow(w, 1.5),
    primeVerticalM: WGS84_SEMI_MAJOR_AXIS_M / Math.sqrt(w),
  };
}

/** [lon, lat] of the point `eastM`, `northM` metres from `origin`. */
export function offsetToLonLat(origin: LocalOrigin, eastM: number, northM: number): [number, number] {
  const { meridionalM, primeVerticalM } = radiiAt(origin.lat);
  const latRad = (origin.lat * Math.PI) / 180;
  const lat = origin.lat + ((northM / meridionalM) * 180) / Math.PI;
  const lon = origin.lon + ((eastM / (primeVerticalM * Math.cos(latRad))) * 180) / Math.PI;
  return [lon, lat];
}

/** Metres east and north of `origin` for the point `lon`, `lat` (inverse of offsetToLonLat). */
export function lonLatToOffset(
  origin: LocalOrigin,
  lon: number,
  lat: number,
): { eastM: number; northM: number } {
  const { meridionalM, primeVerticalM } = radiiAt(origin.lat);
  const latRad = (origin.lat * Math.PI) / 180;
  return {
    eastM: (((lon - origin.lon) * Math.PI) / 180) * primeVerticalM * Math.cos(latRad),
    northM: (((lat - origin.lat) * Math.PI) / 180) * meridionalM,
  };
}
