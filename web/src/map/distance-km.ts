import type { Position } from 'geojson';

/** Mean Earth radius (IUGG), km. */
const earthRadiusKm = 6371.0088;

/**
 * Great-circle distance between two [lon, lat] points (haversine formula; Sinnott 1984), in km.
 * @example distanceKm([110.35, 20.02], [110.35, 20.03]) // ≈ 1.11
 */
export function distanceKm(from: Position, to: Position): number {
  const rad = Math.PI / 180;
  const dLat = (to[1] - from[1]) * rad;
  const dLon = (to[0] - from[0]) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(from[1] * rad) * Math.cos(to[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * earthRadiusKm * Math.asin(Math.min(1, Math.sqrt(h)));
}
