import type { Db, Queryable } from '@skywater/core/db/db';
import { ensureAreaGrid } from './coverage-grid';

/** Photos whose footprint counts towards coverage: not kept out by a QC flag (image-qc.ts, COVERAGE_EXCLUDING_FLAGS; a duplicate adds nothing new). */
export const COUNTED_IMAGE_SQL = `i.status = 'done' and i.footprint is not null and not i.coverage_excluded`;

/** When a photo saw the ground: its capture time, else its flight's start, else its upload. */
const SEEN_AT_SQL = `coalesce(i.captured_at, (select f.started_at from flights f where f.id = i.flight_id), i.created_at)`;

/**
 * km² of `geometry` inside a cell: the cell's ellipsoidal km² (measured once, on the geography)
 * times the share of the cell it covers in plain lon/lat. Within a 250 m cell the ellipsoid's
 * area element varies by less than 1e-5 (∝ M·N·cos φ, Δφ ≈ 2e-5 rad), so this equals
 * ST_Area(geography) to ~1e-5 relative, at a fraction of the cost of a geodesic area of a
 * union with many vertices.
 */
export const cellShareKm2Sql = (geometry: string, cell = 'c') =>
  `(${cell}.cell_km2 * st_area(${geometry}) / nullif(st_area(${cell}.geom), 0))`;

export interface CoverageUpdate {
  images: number;
  cells: number;
}

/**
 * Adds the area's pending footprints to its grid, in one transaction per batch, until none are
 * pending. Only the cells the new footprints touch are recomputed, each from all the photos
 * that touch it (so running it twice, or after a retried image job, gives the same cells).
 */
export async function applyPendingCoverage(
  db: Db,
  areaId: number,
  batchSize = 2_000,
): Promise<CoverageUpdate> {
  const total: CoverageUpdate = { images: 0, cells: 0 };
  for (;;) {
    const step = await db.transaction(async (tx) => {
      await tx.query(`select pg_advisory_xact_lock(hashtext('skywater:coverage:' || $1::text))`, [areaId]);
      // PostGIS functions carry high planner costs, so PostgreSQL would JIT-compile these short
      // statements (~0.6 s each, longer than the work itself).
      await tx.query(`set local jit = off`);
      await ensureAreaGrid(tx, areaId);
      const { rows } = await tx.query<{ image_id: number }>(
        `delete from coverage_pending where area_id = $1 and image_id in (
           select image_id from coverage_pending where area_id = $1 order by image_id limit $2)
         returning image_id`,
        [areaId, batchSize],
      );
      const imageIds = rows.map((r) => r.image_id);
      const cells = imageIds.length ? await recomputeCellsTouchedBy(tx, areaId, imageIds) : 0;
      return { images: imageIds.length, cells };
    });
    total.images += step.images;
    total.cells += step.cells;
    if (step.images < batchSize) return total;
  }
}

/**
 * Recomputes the cells of `areaId` that the footprints of `imageIds` touch: per cell and local
 * day (Asia/Shanghai), covered = ∪(footprint ∩ cell) with first/last seen, best GSD and the
 * number of distinct photos; then the cell's own covered = ∪ of its days, its km² on the
 * ellipsoid (see cellShareKm2Sql). Returns the number of cells recomputed.
 */
export async function recomputeCellsTouchedBy(
  tx: Queryable,
  areaId: number,
  imageIds: number[],
): Promise<number> {
  // Only the (cell, day) pairs of the new photos change; the cells' other days are kept.
  const touched = await tx.query<{ ix: number; iy: number; day: string }>(
    // The new photos drive the join (materialized: with fresh rows the planner's statistics may
    // not know how few they are, and would scan the whole grid instead).
    `with new_images as materialized (
       select i.id, i.footprint, i.captured_at, i.flight_id, i.created_at
       from images i where i.id = any($2::bigint[]) and i.footprint is not null)
     select distinct c.ix, c.iy, to_char((${SEEN_AT_SQL} at time zone 'Asia/Shanghai')::date, 'YYYY-MM-DD') as day
     from new_images i
     join coverage_cells c on c.area_id = $1 and c.geom && i.footprint and st_intersects(c.geom, i.footprint)`,
    [areaId, imageIds],
  );
  if (touched.rows.length === 0) return 0;
  await recomputeCellDays(
    tx,
    areaId,
    touched.rows.map((r) => r.ix),
    touched.rows.map((r) => r.iy),
    touched.rows.map((r) => r.day),
  );
  return new Set(touched.rows.map((r) => `${r.ix},${r.iy}`)).size;
}

/** Recomputes the listed cells (parallel arrays of ix and iy), all their days, from the photos that touch them. */
export async function recomputeCells(
  tx: Queryable,
  areaId: number,
  ixs: number[],
  iys: number[],
): Promise<void> {
  await recomputeCellDays(tx, areaId, ixs, iys, null);
}

/**
 * Recomputes the listed (cell, day) pairs (`days` null: every day of the listed cells) from the
 * photos that touch them, then the listed cells from their days.
 */
async function recomputeCellDays(
  tx: Queryable,
  areaId: number,
  ixs: number[],
  iys: number[],
  days: string[] | null,
): Promise<void> {
  await tx.query(
    `delete from coverage_cell_days d using unnest($2::int[], $3::int[], $4::date[]) t(ix, iy, day)
     where d.area_id = $1 and d.ix = t.ix and d.iy = t.iy and (t.day is null or d.day = t.day)`,
    [areaId, ixs, iys, days ?? ixs.map(() => null)],
  );
  // The pieces are materialized: referenced three times below, their intersections must be
  // computed once (an inlined subquery would recompute them per reference).
  await tx.query(
    `with pieces as materialized (
       select t.ix, t.iy, c.cell_km2, st_area(c.geom) as cell_planar, i.id as image_id, i.gsd_cm, s.seen_at,
              (s.seen_at at time zone 'Asia/Shanghai')::date as day,
              case when st_coveredby(c.geom, i.footprint) then c.geom
                   else st_collectionextract(st_intersection(c.geom, i.footprint), 3) end as piece
       from unnest($2::int[], $3::int[], $4::date[]) t(ix, iy, day)
       join coverage_cells c on c.area_id = $1 and c.ix = t.ix and c.iy = t.iy
       join images i on i.footprint && c.geom and st_intersects(i.footprint, c.geom)
       cross join lateral (select ${SEEN_AT_SQL} as seen_at) s
       where ${COUNTED_IMAGE_SQL}
         and (t.day is null or (s.seen_at at time zone 'Asia/Shanghai')::date = t.day)
     ),
     days as (
       select p.ix, p.iy, p.day, min(p.cell_km2) as cell_km2, min(p.cell_planar) as cell_planar,
              st_multi(st_union(p.piece)) as covered,
              min(p.seen_at) as first_seen_at, max(p.seen_at) as last_seen_at,
              min(p.gsd_cm) as best_gsd_cm, count(distinct p.image_id)::int as look_count
       from pieces p
       where not st_isempty(p.piece) and st_area(p.piece) > 0
       group by p.ix, p.iy, p.day
     )
     insert into coverage_cell_days
       (area_id, ix, iy, day, covered, covered_km2, first_seen_at, last_seen_at, best_gsd_cm, look_count)
     select $1, d.ix, d.iy, d.day, d.covered, least(d.cell_km2 * st_area(d.covered) / nullif(d.cell_planar, 0), d.cell_km2),
            d.first_seen_at, d.last_seen_at, d.best_gsd_cm, d.look_count
     from days d`,
    [areaId, ixs, iys, days ?? ixs.map(() => null)],
  );
  await tx.query(
    `update coverage_cells c
     set covered = a.covered,
         covered_km2 = coalesce(least(${cellShareKm2Sql('a.covered')}, c.cell_km2), 0),
         first_seen_at = a.first_seen_at, last_seen_at = a.last_seen_at,
         best_gsd_cm = a.best_gsd_cm, look_count = coalesce(a.look_count, 0), updated_at = now()
     from (
       select t.ix, t.iy, agg.*
       from (select distinct ix, iy from unnest($2::int[], $3::int[]) u(ix, iy)) t
       cross join lateral (
         -- Most cells were seen on one day: their day's piece is their cover, no union needed.
         select case when count(*) = 1 then (array_agg(d.covered))[1] else st_multi(st_union(d.covered)) end as covered,
                min(d.first_seen_at) as first_seen_at,
                max(d.last_seen_at) as last_seen_at, min(d.best_gsd_cm) as best_gsd_cm,
                sum(d.look_count)::int as look_count
         from coverage_cell_days d where d.area_id = $1 and d.ix = t.ix and d.iy = t.iy) agg
     ) a
     where c.area_id = $1 and c.ix = a.ix and c.iy = a.iy`,
    [areaId, ixs, iys],
  );
}
