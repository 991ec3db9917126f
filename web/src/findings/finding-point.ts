import type { Geometry, Position } from 'geojson';

/**
 * A point to put a finding's marker on: the point itself, or the mean of a polygon's outer-ring
 * vertices (good enough for the small plots findings are; the closing vertex counted once).
 * @example findingPoint({ type: 'Point', coordinates: [109.1, 19.2] }) // [109.1, 19.2]
 */
export function findingPoint(geometry: Geometry): Position | null {
  if (geometry.type === 'Point') return geometry.coordinates;
  const ring =
    geometry.type === 'Polygon'
      ? geometry.coordinates[0]
      : geometry.type === 'MultiPolygon'
        ? geometry.coordinates[0]?.[0]
        : undefined;
  if (!ring || ring.length === 0) return null;
  const vertices =
    ring.length > 1 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1]
      ? ring.slice(0, -1)
      : ring;
  const sum = vertices.reduce((total, [lon, lat]) => [total[0] + lon, total[1] + lat], [0, 0]);
  return [sum[0] / vertices.length, sum[1] / vertices.length];
}
