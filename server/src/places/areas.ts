import type { Queryable } from '@skywater/core/db/db';
import { ValidationError } from '@skywater/core/errors/app-error';
import type { AreaGeometry } from '@skywater/core/geo/geojson-schema';
import { enqueueAreaCoverage } from '@skywater/core/survey/coverage/area-grid';
import { AREA_COVERED_SQL } from '@skywater/core/survey/coverage/coverage-figures';
import { coveragePct } from '@skywater/core/survey/coverage/coverage-percent';
import { metricSridFor } from '@skywater/core/survey/coverage/metric-projection';
import type { AreaSummary, AreaWithGeometry } from '@skywater/core/survey/area-view';
import { checkAreaSize, checkAreaVertices } from './area-limits';

// Coverage is the sum over the area's grid cells (the union of its accepted footprints).
const SUMMARY_SQL = `
  select a.id, a.name, a.city, a.office_id::int as "officeId", a.area_km2 as "areaKm2", c.covered_km2 as "coveredKm2", a.archived_at as "archivedAt",
         greatest(a.updated_at, c.last_seen_at) as "updatedAt",
         (select count(*)::int from coverage_pending p where p.area_id = a.id) as "pendingImages"
  from survey_areas a
  cross join lateral (${AREA_COVERED_SQL}) c`;

const withPct = <T extends Omit<AreaSummary, 'coveragePct'>>(row: T): T & { coveragePct: number } => ({
  ...row,
  coveragePct: coveragePct(row.coveredKm2, row.areaKm2),
});

/**
 * The areas in use, or with `archived` 'include' the archived too, or 'only' those alone; with
 * `officeIds`, only those of these offices.
 */
export async function listAreas(
  db: Queryable,
  archived: 'exclude' | 'include' | 'only' = 'exclude',
  officeIds?: number[],
): Promise<AreaSummary[]> {
  const filter = {
    exclude: 'where a.archived_at is null',
    include: 'where true',
    only: 'where a.archived_at is not null',
  }[archived];
  const inOffices = officeIds ? ' and a.office_id = any($1::bigint[])' : '';
  const { rows } = await db.query<Omit<AreaSummary, 'coveragePct'>>(
    `${SUMMARY_SQL} ${filter}${inOffices} order by a.id`,
    officeIds ? [officeIds] : [],
  );
  return rows.map(withPct);
}

/** One area, archived or not, without its outline: what a progress figure needs. */
export async function getAreaSummary(db: Queryable, id: number): Promise<AreaSummary | null> {
  const { rows } = await db.query<Omit<AreaSummary, 'coveragePct'>>(`${SUMMARY_SQL} where a.id = $1`, [id]);
  return rows[0] ? withPct(rows[0]) : null;
}

/**
 * The areas in use with their outlines, in one query: what the map draws (one request, rather
 * than one per area: a district cut into 211 grid cells queued 211 requests behind the browser's
 * six connections). With `officeIds`, only those of these offices.
 */
export async function listAreasWithGeometry(
  db: Queryable,
  officeIds?: number[],
): Promise<AreaWithGeometry[]> {
  const inOffices = officeIds ? ' and a.office_id = any($1::bigint[])' : '';
  const { rows } = await db.query<Omit<AreaWithGeometry, 'coveragePct'>>(
    `select s.*, st_asgeojson(a.geom, 7)::json as geometry, a.grid_cell_m as "gridCellM",
            a.metric_srid as "metricSrid"
     from (${SUMMARY_SQL} where a.archived_at is null${inOffices}) s join survey_areas a on a.id = s.id
     order by s.id`,
    officeIds ? [officeIds] : [],
  );
  return rows.map(withPct);
}

export async function getArea(db: Queryable, id: number): Promise<AreaWithGeometry | null> {
  const { rows } = await db.query<Omit<AreaWithGeometry, 'coveragePct'>>(
    `select s.*, st_asgeojson(a.geom, 7)::json as geometry, a.grid_cell_m as "gridCellM",
            a.metric_srid as "metricSrid"
     from (${SUMMARY_SQL} where a.id = $1) s join survey_areas a on a.id = s.id`,
    [id],
  );
  return rows[0] ? withPct(rows[0]) : null;
}

/**
 * Inserts an area and queues the job that builds its coverage grid. Its size is measured on
 * the WGS84 ellipsoid; its grid is drawn in the UTM zone of its centre (metric-projection.ts).
 * Refuses invalid polygons and areas over the size and vertex limits (area-limits.ts), storing
 * nothing.
 */
export async function insertArea(
  tx: Queryable,
  input: { name: string; city: string; geometry: AreaGeometry; officeId?: number },
) {
  checkAreaVertices(input.geometry);
  const geojson = JSON.stringify(input.geometry);
  const check = await tx.query<{ valid: boolean; reason: string; km2: number; lon: number; lat: number }>(
    `select st_isvalid(g) as valid, st_isvalidreason(g) as reason,
            case when st_isvalid(g) then st_area(g::geography) / 1e6 end as km2,
            st_x(st_centroid(g)) as lon, st_y(st_centroid(g)) as lat
     from st_setsrid(st_geomfromgeojson($1), 4326) g`,
    [geojson],
  );
  const shape = check.rows[0];
  if (!shape?.valid) {
    throw new ValidationError('The geometry is not a valid polygon', [
      { path: 'geometry', message: shape?.reason },
    ]);
  }
  checkAreaSize(shape.km2);
  const { rows } = await tx.query<{ id: number }>(
    `insert into survey_areas (name, city, geom, area_km2, metric_srid, office_id)
     select $1, $2, g, st_area(g::geography) / 1e6, $4, $5
     from (select st_multi(st_setsrid(st_geomfromgeojson($3), 4326)) as g) x
     returning id`,
    [input.name, input.city, geojson, metricSridFor(shape.lon, shape.lat), input.officeId ?? null],
  );
  await enqueueAreaCoverage(tx, rows[0]!.id);
  return rows[0]!.id;
}
