import type { MultiPolygon, Polygon, Position } from 'geojson';
import { polygonsOf } from './polygons-of';

interface RingMeasure {
  /** Signed area in square degrees (planar; only used to weigh and compare). */
  area: number;
  centroid: [number, number];
}

/**
 * Area and centroid of a closed ring by the shoelace formula (P. Bourke, "Calculating the area
 * and centroid of a polygon", 1988). Planar in lon/lat, which is good enough to place a label
 * on areas the size of a Hainan county.
 */
function measureRing(ring: readonly Position[]): RingMeasure {
  let twiceArea = 0;
  let cx = 0;
  let cy = 0;
  for (let index = 0; index < ring.length - 1; index += 1) {
    const [x0, y0] = ring[index];
    const [x1, y1] = ring[index + 1];
    const cross = x0 * y1 - x1 * y0;
    twiceArea += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  if (twiceArea === 0) {
    const [x, y] = ring[0] ?? [0, 0];
    return { area: 0, centroid: [x, y] };
  }
  return { area: twiceArea / 2, centroid: [cx / (3 * twiceArea), cy / (3 * twiceArea)] };
}

/**
 * Where to put the label of a (multi)polygon: the area-weighted centroid of its outer rings,
 * so that a county with islands is labelled on its main land mass side.
 * @example labelPoint({ type: 'Polygon', coordinates: [[[0,0],[2,0],[2,2],[0,2],[0,0]]] }) // [1, 1]
 */
export function labelPoint(geometry: Polygon | MultiPolygon): [number, number] {
  return weightedCentroid(polygonsOf(geometry).map((polygon) => measureRing(polygon[0] ?? [])));
}

function weightedCentroid(measures: readonly RingMeasure[]): [number, number] {
  let total = 0;
  let x = 0;
  let y = 0;
  for (const measure of measures) {
    const weight = Math.abs(measure.area);
    total += weight;
    x += measure.centroid[0] * weight;
    y += measure.centroid[1] * weight;
  }
  if (total === 0) return measures[0]?.centroid ?? [0, 0];
  return [x / total, y / total];
}
