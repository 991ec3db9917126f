import type { MultiPolygon, Polygon, Position } from 'geojson';
import { polygonsOf } from './polygons-of';

/** Even-odd ray casting: whether `point` is inside `ring` (lon/lat, planar). */
function insideRing([x, y]: readonly number[], ring: readonly Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * Whether `point` lies inside the (multi)polygon: in an outer ring and in none of its holes.
 * @example pointInArea([1, 1], { type: 'Polygon', coordinates: [[[0,0],[2,0],[2,2],[0,2],[0,0]]] }) // true
 */
export function pointInArea(point: readonly [number, number], geometry: Polygon | MultiPolygon): boolean {
  return polygonsOf(geometry).some(
    ([outer, ...holes]) =>
      outer !== undefined && insideRing(point, outer) && !holes.some((hole) => insideRing(point, hole)),
  );
}
