import type { MultiPolygon, Polygon, Position } from 'geojson';

/** The polygons (each its rings, outer first) of a Polygon or MultiPolygon. */
export function polygonsOf(geometry: Polygon | MultiPolygon): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}
