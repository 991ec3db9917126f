import type { Queryable } from '../../db/db';
import { outboxJob } from '../../jobs/outbox-job';
import { updateCoverageJob } from '../../jobs/survey-jobs';
import { enqueueInTransaction } from '../../outbox/outbox';

/**
 * Queues the job that builds a new area's grid and takes in the footprints already stored
 * over it (queue `coverage`, job `update-coverage`), in the transaction that creates the
 * area: the grid is never built inside a request.
 */
export async function enqueueAreaCoverage(tx: Queryable, areaId: number): Promise<void> {
  await enqueueInTransaction(
    tx,
    outboxJob(
      updateCoverageJob,
      { areaId },
      { jobId: `coverage-area-${areaId}`, dedupId: `coverage-area-${areaId}` },
    ),
  );
}

/** Whether the area's grid has been built (null: no such area). */
export async function areaGridBuilt(tx: Queryable, areaId: number): Promise<boolean | null> {
  const { rows } = await tx.query<{ built: boolean }>(
    `select grid_created_at is not null as built from survey_areas where id = $1`,
    [areaId],
  );
  return rows[0] ? rows[0].built : null;
}

/**
 * Creates an area's coverage grid: square cells of `grid_cell_m` in the area's own metric
 * projection (`metric_srid`, see metric-projection.ts), aligned on multiples of the cell size
 * from the projection's origin, so cell (ix, iy) covers [ix·s, (ix+1)·s) × [iy·s, (iy+1)·s).
 * Each square's four corners are transformed to WGS84 (adjacent cells share exactly the same
 * corner coordinates, so the cells tile without gaps or overlaps), then clipped to the area;
 * cells outside the area are not stored. `cell_km2` is measured on the ellipsoid.
 * Returns the number of cells created. Call under the area's coverage lock, when
 * `areaGridBuilt` is false; the caller then computes the cells' cover.
 */
export async function buildAreaGrid(tx: Queryable, areaId: number): Promise<number> {
  const { rowCount } = await tx.query(
    `insert into coverage_cells (area_id, ix, iy, geom, cell_km2)
     select a.id, ix, iy, clipped.geom, measured.km2
     from survey_areas a
     cross join lateral (select st_transform(a.geom, a.metric_srid) as g) m
     cross join lateral generate_series(floor(st_xmin(m.g) / a.grid_cell_m)::int,
                                        ceil(st_xmax(m.g) / a.grid_cell_m)::int - 1) ix
     cross join lateral generate_series(floor(st_ymin(m.g) / a.grid_cell_m)::int,
                                        ceil(st_ymax(m.g) / a.grid_cell_m)::int - 1) iy
     cross join lateral (select st_transform(st_makeenvelope(ix::float8 * a.grid_cell_m, iy::float8 * a.grid_cell_m,
                          (ix + 1)::float8 * a.grid_cell_m, (iy + 1)::float8 * a.grid_cell_m, a.metric_srid), 4326) as sq) s
     cross join lateral (select case when st_coveredby(s.sq, a.geom) then st_multi(s.sq)
                           else st_multi(st_collectionextract(st_intersection(s.sq, a.geom), 3)) end as geom) clipped
     cross join lateral (select st_area(clipped.geom::geography) / 1e6 as km2) measured
     where a.id = $1 and st_intersects(s.sq, a.geom) and not st_isempty(clipped.geom) and measured.km2 > 0
     on conflict do nothing`,
    [areaId],
  );
  await tx.query(`update survey_areas set grid_created_at = now() where id = $1`, [areaId]);
  return rowCount;
}
