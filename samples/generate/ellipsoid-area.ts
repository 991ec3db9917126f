import geodesic from 'geographiclib-geodesic';
import type { MultiPolygon, Polygon } from 'geojson';

/**
 * Area in km² on the WGS84 ellipsoid (Karney's algorithm, GeographicLib) — the same figure as
 * PostGIS `ST_Area(geom::geography)`. Outer rings add, holes subtract.
 */
export function ellipsoidAreaKm2(geometry: Polygon | MultiPolygon): number {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let m2 = 0;
  for (const rings of polygons) {
    rings.forEach((ring, index) => {
      const polygon = geodesic.Geodesic.WGS84.Polygon(false);
      for (const [lon, lat] of ring.slice(0, -1)) polygon.AddPoint(lat!, lon!);
      const area = Math.abs(polygon.Compute(false, true).area ?? 0);
      m2 += index === 0 ? area : -area;
    });
  }
  return m2 / 1e6;
}
