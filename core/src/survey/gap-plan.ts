import geographiclib from 'geographiclib-geodesic';
import type { Polygon } from 'geojson';

/** One uncovered part of a survey area. */
export interface CoverageGap {
  geometry: Polygon;
  areaM2: number;
  /** [lon, lat] of a point inside the gap (PostGIS ST_PointOnSurface), where a team flies to. */
  centroid: [number, number];
}

export interface PlannedGap extends CoverageGap {
  /** 1 = fly first. */
  rank: number;
  /** Geodesic distance from the previous gap's centroid (or the start), metres. */
  distanceFromPreviousM: number;
}

export type GapOrder = 'tour' | 'largest';

/**
 * Orders gaps for the next flights.
 * - `tour` (default): a nearest-neighbour tour from `start` (the area's centroid, or a team's
 *   base): each next gap is the closest unvisited centroid (geodesic distance on WGS84,
 *   Karney via GeographicLib). Ties go to the larger gap. A greedy tour is within ~25 % of the
 *   optimum on typical point sets (Rosenkrantz, Stearns & Lewis 1977) and easy to follow.
 * - `largest`: largest gap first.
 *
 * @example orderGaps(gaps, [108.75, 19.15], 'largest')[0].rank // 1, the biggest gap
 */
export function orderGaps(
  gaps: readonly CoverageGap[],
  start: [number, number],
  order: GapOrder = 'tour',
): PlannedGap[] {
  const distance = (a: [number, number], b: [number, number]) =>
    geographiclib.Geodesic.WGS84.Inverse(a[1], a[0], b[1], b[0]).s12 ?? 0;
  if (order === 'largest') {
    const sorted = [...gaps].sort((a, b) => b.areaM2 - a.areaM2);
    let previous = start;
    return sorted.map((gap, i) => {
      const planned = { ...gap, rank: i + 1, distanceFromPreviousM: distance(previous, gap.centroid) };
      previous = gap.centroid;
      return planned;
    });
  }
  const remaining = [...gaps];
  const planned: PlannedGap[] = [];
  let position = start;
  while (remaining.length > 0) {
    let best = 0;
    let bestDistance = Infinity;
    remaining.forEach((gap, i) => {
      const d = distance(position, gap.centroid);
      if (
        d < bestDistance - 1e-9 ||
        (Math.abs(d - bestDistance) <= 1e-9 && gap.areaM2 > remaining[best]!.areaM2)
      ) {
        best = i;
        bestDistance = d;
      }
    });
    const [gap] = remaining.splice(best, 1);
    planned.push({ ...gap!, rank: planned.length + 1, distanceFromPreviousM: bestDistance });
    position = gap!.centroid;
  }
  return planned;
}
