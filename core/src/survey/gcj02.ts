/**
 * GCJ-02 ("Mars coordinates", 火星坐标), the obfuscated datum Chinese web maps (AutoNavi/Gaode,
 * Tencent, Google Maps China) show their data in, ↔ WGS84. Points picked on such a map are
 * offset by 100-700 m from their true WGS84 position; convert them on import.
 *
 * Forward: the widely published reconstruction of the GCJ-02 offset (Krasovsky 1940
 * ellipsoid a = 6378245 m, ee = 0.00669342162296594323, polynomial + sine series in the
 * offset from 105° E, 35° N), as in eviltransform (github.com/googollee/eviltransform) and
 * coordtransform (github.com/wandergis/coordtransform). Outside mainland China's bounding
 * box the datum is WGS84 itself and points pass through unchanged.
 * Inverse: no closed form exists; fixed-point iteration wgs ← wgs − (gcj(wgs) − target)
 * converges to ~1e-9° in a handful of steps (the offset's gradient is small).
 */
const KRASOVSKY_A = 6378245.0;
const KRASOVSKY_EE = 0.006693421622965943; // published as 0.00669342162296594323

/** Rough bounding box of mainland China used by the published algorithm. */
export function isOutsideChina(lon: number, lat: number): boolean {
  return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function transformLat(x: number, y: number): number {
  let ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  ret += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  ret += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  ret += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  return ret;
}

function transformLon(x: number, y: number): number {
  let ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  ret += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  ret += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  ret += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  return ret;
}

/**
 * WGS84 → GCJ-02, [lon, lat] in degrees.
 * @example wgs84ToGcj02(116.404, 39.915) // ≈ [116.41024449916938, 39.91640428150164]
 */
export function wgs84ToGcj02(lon: number, lat: number): [number, number] {
  if (isOutsideChina(lon, lat)) return [lon, lat];
  let dLat = transformLat(lon - 105.0, lat - 35.0);
  let dLon = transformLon(lon - 105.0, lat - 35.0);
  const radLat = (lat / 180.0) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - KRASOVSKY_EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180.0) / (((KRASOVSKY_A * (1 - KRASOVSKY_EE)) / (magic * sqrtMagic)) * Math.PI);
  dLon = (dLon * 180.0) / ((KRASOVSKY_A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [lon + dLon, lat + dLat];
}

/**
 * GCJ-02 → WGS84, [lon, lat] in degrees, by fixed-point iteration to `toleranceDeg`
 * (1e-10° ≈ 0.01 mm) or `maxIterations`.
 */
export function gcj02ToWgs84(
  lon: number,
  lat: number,
  toleranceDeg = 1e-10,
  maxIterations = 30,
): [number, number] {
  if (isOutsideChina(lon, lat)) return [lon, lat];
  let wgsLon = lon;
  let wgsLat = lat;
  for (let i = 0; i < maxIterations; i++) {
    const [gcjLon, gcjLat] = wgs84ToGcj02(wgsLon, wgsLat);
    const errLon = gcjLon - lon;
    const errLat = gcjLat - lat;
    wgsLon -= errLon;
    wgsLat -= errLat;
    if (Math.abs(errLon) < toleranceDeg && Math.abs(errLat) < toleranceDeg) break;
  }
  return [wgsLon, wgsLat];
}
