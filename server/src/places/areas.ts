import type { Queryable } from '@skywater/core/db/db';
import { ValidationError } from '@skywater/core/errors/app-error';
import type { AreaGeometry } from '@skywater/core/geo/geojson-schema';

export interface AreaSummary {
  id: number;
  name: string;
  city: string;
  areaKm2: number;
  coveredKm2: number;
  coveragePct: number;
  updatedAt: string;
  /** Photos processed whose footprint the coverage has not taken in yet (0: up to date). */
  pendingImages: number;
}

// Coverage is the sum over the area's grid cells (each cell clipped to the area).
const SUMMARY_SQL = `
  select a.id, a.name, a.city, a.area_km2 as "areaKm2",
         coalesce(c.covered_km2, 0) as "coveredKm2",
         round((100 * coalesce(c.covered_km2, 0) / a.area_km2)::numeric, 2) as "coveragePct",
         greatest(a.updated_at, c.last_seen_at) as "updatedAt",
         (select count(*)::int from coverage_pending p where p.area_id = a.id) as "pendingImages"
  from survey_areas a
  left join lateral (
    select sum(covered_km2) as covered_km2, max(last_seen_at) as last_seen_at
    from coverage_cells where area_id = a.id) c on true`;

export async function listAreas(db: Queryable): Promise<AreaSummary[]> {
  const { rows } = await db.query<AreaSummary>(`${SUMMARY_SQL} order by a.id`);
  return rows;
}

export async function getArea(db: Queryable, id: number) {
  const { rows } = await db.query<AreaSummary & { geometry: AreaGeometry; gridCellM: number }>(
    `select s.*, st_asgeojson(a.geom, 7)::json as geometry, a.grid_cell_m as "gridCellM"
     from (${SUMMARY_SQL} where a.id = $1) s join survey_areas a on a.id = s.id`,
    [id],
  );
  return rows[0] ?? null;
}

/** Inserts an area; its size is measured on the WGS84 ellipsoid. Refuses invalid polygons. */
export async function insertArea(
  tx: Queryable,
  input: { name: string; city: string; geometry: AreaGeometry },
) {
  const geojson = JSON.stringify(input.geometry);
  const check = await tx.query<{ valid: boolean; reason: string }>(
    `select st_isvalid(g) as valid, st_isvalidreason(g) as reason from st_geomfromgeojson($1) g`,
    [geojson],
  );
  if (!check.rows[0]?.valid) {
    throw new ValidationError('The geometry is not a valid polygon', [
      { path: 'geometry', message: check.rows[0]?.reason },
    ]);
  }
  const { rows } = await tx.query<{ id: number }>(
    `insert into survey_areas (name, city, geom, area_km2)
     select $1, $2, g, st_area(g::geography) / 1e6
     from (select st_multi(st_setsrid(st_geomfromgeojson($3), 4326)) as g) x
     returning id`,
    [input.name, input.city, geojson],
  );
  return rows[0]!.id;
}
