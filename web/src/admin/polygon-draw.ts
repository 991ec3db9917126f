import type { Polygon, Position } from 'geojson';

/**
 * The rules of drawing a survey area vertex by vertex: a ring that crosses itself is no polygon
 * (PostGIS refuses it with "Self-intersection"), so each new edge, and the closing one, is
 * tested against the edges drawn before. Lon/lat are treated as plane coordinates: at the scale
 * of a survey area (≤ 5,000 km²) an edge's curvature changes no crossing that matters.
 */

/** Twice the signed area of the triangle a, b, c: > 0 when c lies left of a→b. */
function orientation(a: Position, b: Position, c: Position): number {
  return (b[0]! - a[0]!) * (c[1]! - a[1]!) - (b[1]! - a[1]!) * (c[0]! - a[0]!);
}

function onSegment(a: Position, b: Position, c: Position): boolean {
  return (
    Math.min(a[0]!, b[0]!) <= c[0]! &&
    c[0]! <= Math.max(a[0]!, b[0]!) &&
    Math.min(a[1]!, b[1]!) <= c[1]! &&
    c[1]! <= Math.max(a[1]!, b[1]!)
  );
}

/**
 * Whether segments p1-p2 and q1-q2 share a point (crossing, touching or overlapping).
 * @example segmentsMeet([0, 0], [2, 2], [0, 2], [2, 0]) // true
 */
export function segmentsMeet(p1: Position, p2: Position, q1: Position, q2: Position): boolean {
  const d1 = orientation(q1, q2, p1);
  const d2 = orientation(q1, q2, p2);
  const d3 = orientation(p1, p2, q1);
  const d4 = orientation(p1, p2, q2);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  return (
    (d1 === 0 && onSegment(q1, q2, p1)) ||
    (d2 === 0 && onSegment(q1, q2, p2)) ||
    (d3 === 0 && onSegment(p1, p2, q1)) ||
    (d4 === 0 && onSegment(p1, p2, q2))
  );
}

/** Whether the edge from the last vertex to `next` would meet an earlier edge it does not join. */
export function edgeWouldCross(vertices: readonly Position[], next: Position): boolean {
  const last = vertices[vertices.length - 1];
  if (!last) return false;
  // Edges 0-1 … (n-3)-(n-2); edge (n-2)-(n-1) shares `last` with the new edge.
  for (let index = 0; index + 2 < vertices.length; index++)
    if (segmentsMeet(vertices[index]!, vertices[index + 1]!, last, next)) return true;
  return false;
}

/** Whether the closing edge (last vertex back to the first) would meet an edge it does not join. */
export function closingWouldCross(vertices: readonly Position[]): boolean {
  const first = vertices[0];
  const last = vertices[vertices.length - 1];
  if (!first || !last || vertices.length < 3) return false;
  for (let index = 1; index + 2 < vertices.length; index++)
    if (segmentsMeet(vertices[index]!, vertices[index + 1]!, last, first)) return true;
  return false;
}

/** The drawn vertices as a closed GeoJSON polygon (null below 3 vertices). */
export function drawnPolygon(vertices: readonly Position[]): Polygon | null {
  if (vertices.length < 3) return null;
  return {
    type: 'Polygon',
    coordinates: [[...vertices.map((v) => [v[0]!, v[1]!]), [vertices[0]![0]!, vertices[0]![1]!]]],
  };
}
