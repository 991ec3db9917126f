import type { Polygon } from 'geojson';
import type { Queryable } from '../../db/db';
import { NotFoundError } from '../../errors/app-error';
import { orderGaps, type CoverageGap, type GapOrder, type PlannedGap } from '../gap-plan';
import { OVERLAY_GRID_DEG } from './overlay-grid';

export interface AreaGaps {
  areaId: number;
  areaName: string;
  start: [number, number];
  gaps: PlannedGap[];
  droppedSlivers: number;
}

/**
 * The uncovered parts of an area (area − covered), from its grid: each cell's uncovered part
 * is cell − covered (whole cells never seen), and these are merged into connected polygons.
 * When most of the area is still uncovered, the cheaper form area − ∪covered is used instead:
 * both give the same polygons. An area whose grid is not built yet (just created) is one gap,
 * the whole area. Polygons under `minAreaM2` (slivers between footprints) are
 * dropped; the rest are ordered for planning (see `orderGaps`) from the area's centre
 * (ST_PointOnSurface, inside the area even when it is concave).
 */
export async function areaGaps(
  db: Queryable,
  areaId: number,
  opts: { minAreaM2: number; order: GapOrder; partKm?: number },
): Promise<AreaGaps> {
  const area = await db.query<{ name: string; start: [number, number]; seen: number; cells: number }>(
    `select a.name, json_build_array(st_x(p), st_y(p)) as start,
            (select count(*) filter (where look_count > 0)::int from coverage_cells where area_id = a.id) as seen,
            (select count(*)::int from coverage_cells where area_id = a.id) as cells
     from survey_areas a cross join lateral (select st_pointonsurface(a.geom) as p) c where a.id = $1`,
    [areaId],
  );
  if (!area.rows[0]) throw new NotFoundError('Survey area');
  const mostlyUncovered = area.rows[0].seen * 2 < area.rows[0].cells || area.rows[0].cells === 0;
  const uncoveredSql = mostlyUncovered
    ? `select st_difference(a.geom, coalesce((select st_union(covered, ${OVERLAY_GRID_DEG}) from coverage_cells
         where area_id = a.id and covered is not null), st_setsrid('GEOMETRYCOLLECTION EMPTY'::geometry, 4326)),
         ${OVERLAY_GRID_DEG}) as g
       from survey_areas a where a.id = $1`
    : `select st_union(case when covered is null then geom else st_difference(geom, covered, ${OVERLAY_GRID_DEG}) end, ${OVERLAY_GRID_DEG}) as g
       from coverage_cells where area_id = $1 and (covered is null or covered_km2 < cell_km2)`;
  const { rows } = await db.query<{ geometry: Polygon; area_m2: number; centroid: [number, number] }>(
    `with u as (${uncoveredSql}),
     whole as (select (st_dump(st_collectionextract(st_makevalid(u.g), 3))).geom as g from u),
     parts as (${
       // A team flies a few km² per sortie: cut each gap along a grid of partKm squares (in
       // degrees, 1° of latitude ≈ 111.32 km; squares are a little narrower in longitude).
       opts.partKm
         ? `select (st_dump(st_collectionextract(st_intersection(w.g, sq.geom), 3))).geom as g
            from whole w cross join lateral st_squaregrid($2::float8, w.g) sq where st_intersects(w.g, sq.geom)`
         : `select g from whole`
     })
     select st_asgeojson(g, 7)::json as geometry, st_area(g::geography) as area_m2,
            json_build_array(st_x(st_pointonsurface(g)), st_y(st_pointonsurface(g))) as centroid
     from parts where not st_isempty(g)`,
    opts.partKm ? [areaId, opts.partKm / 111.32] : [areaId],
  );
  const gaps: CoverageGap[] = rows
    .filter((r) => r.area_m2 >= opts.minAreaM2)
    .map((r) => ({ geometry: r.geometry, areaM2: r.area_m2, centroid: r.centroid }));
  return {
    areaId,
    areaName: area.rows[0].name,
    start: area.rows[0].start,
    gaps: orderGaps(gaps, area.rows[0].start, opts.order),
    droppedSlivers: rows.length - gaps.length,
  };
}
