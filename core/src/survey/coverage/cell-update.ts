import type { Db, Queryable } from '../../db/db';
import { areaGridBuilt, buildAreaGrid } from './area-grid';
import { lockAreaCoverage } from './coverage-lock';
import { OVERLAY_GRID_DEG as GRID } from './overlay-grid';

/** The local day a photo counts for (the offices work in China Standard Time). */
const LOCAL_DAY_SQL = (seenAt: string) => `(${seenAt} at time zone 'Asia/Shanghai')::date`;

/**
 * km² of `geometry` inside a cell: the cell's ellipsoidal km² (measured once, on the geography)
 * times the share of the cell it covers in plain lon/lat. Within a 250 m cell the ellipsoid's
 * area element varies by less than 1e-5 (∝ M·N·cos φ, Δφ ≈ 2e-5 rad), so this equals
 * ST_Area(geography) to ~1e-5 relative, at a fraction of the cost of a geodesic area of a
 * union with many vertices. Capped at the cell (rounding); 0 for no cover.
 */
export const cellShareKm2Sql = (geometry: string, cell = 'c') =>
  // least() skips nulls: without the case, a cell with no cover would count as whole.
  `case when ${geometry} is null or st_isempty(${geometry}) then 0::float8
        else least(${cell}.cell_km2 * st_area(${geometry}) / nullif(st_area(${cell}.geom), 0), ${cell}.cell_km2) end`;

/** The part of a footprint inside a cell (the whole cell when the footprint covers it). */
const pieceSql = (cell: string, footprint: string) =>
  `case when st_coveredby(${cell}.geom, ${footprint}) then ${cell}.geom
        else st_collectionextract(st_intersection(${cell}.geom, ${footprint}, ${GRID}), 3) end`;

export interface CoverageUpdate {
  /** Pending changes taken in. */
  images: number;
  /** Cells whose cover was unioned with new footprints. */
  cellsAdded: number;
  /** Cells recomputed from their footprints (something was removed or moved, or a new grid). */
  cellsRecomputed: number;
}

interface TouchedCell {
  ix: number;
  iy: number;
  recompute: boolean;
  added: number[] | null;
}

/**
 * Takes the area's pending footprint changes into its grid, one transaction per batch under
 * the area's lock, until none are pending. Builds the grid first if it does not exist (and
 * then computes every cell from the footprints already stored). A photo newly counted is
 * unioned into the cells it touches; a photo removed, moved or re-dated makes the cells of its
 * old and new footprint be recomputed from the accepted footprints. Each batch commits or
 * rolls back as a whole (a worker killed mid-update leaves the changes pending).
 */
export async function applyPendingCoverage(
  db: Db,
  areaId: number,
  batchSize = 2_000,
): Promise<CoverageUpdate> {
  const total: CoverageUpdate = { images: 0, cellsAdded: 0, cellsRecomputed: 0 };
  for (;;) {
    const step = await db.transaction(async (tx) => {
      await lockAreaCoverage(tx, areaId);
      const built = await areaGridBuilt(tx, areaId);
      if (built === null) return { images: 0, cellsAdded: 0, cellsRecomputed: 0 };
      if (!built) {
        await buildAreaGrid(tx, areaId);
        const taken = await tx.query(`delete from coverage_pending where area_id = $1`, [areaId]);
        const cells = await recomputeCells(tx, areaId, await cellsUnderFootprints(tx, areaId));
        return { images: taken.rowCount, cellsAdded: 0, cellsRecomputed: cells, more: true };
      }
      return { ...(await applyBatch(tx, areaId, batchSize)), more: false };
    });
    total.images += step.images;
    total.cellsAdded += step.cellsAdded;
    total.cellsRecomputed += step.cellsRecomputed;
    if (!step.more && step.images < batchSize) return total;
  }
}

/** The cells of an area that some accepted footprint touches (a new grid's only non-empty cells). */
async function cellsUnderFootprints(tx: Queryable, areaId: number) {
  const { rows } = await tx.query<{ ix: number; iy: number }>(
    `select distinct c.ix, c.iy from coverage_cells c
     join coverage_footprints f on f.footprint && c.geom and st_intersects(f.footprint, c.geom)
     where c.area_id = $1`,
    [areaId],
  );
  return rows;
}

async function applyBatch(tx: Queryable, areaId: number, batchSize: number): Promise<CoverageUpdate> {
  const { rows } = await tx.query<{ taken: number; cells: TouchedCell[] }>(
    `with taken as (
       delete from coverage_pending where area_id = $1 and image_id in (
         select image_id from coverage_pending where area_id = $1 order by image_id limit $2)
       returning image_id, footprint, recompute),
     -- A moved footprint's old and new polygons were collected into one multi-geometry, which
     -- may overlap itself (invalid for GEOS): each part is matched on its own.
     changed as materialized (
       select t.image_id, t.recompute, part.geom as footprint
       from taken t left join images i on i.id = t.image_id
       cross join lateral st_dump(coalesce(t.footprint, i.footprint)) part)
     select (select count(*)::int from taken) as taken,
            coalesce((select json_agg(x) from (
              select c.ix, c.iy, bool_or(ch.recompute) as recompute,
                     array_agg(distinct ch.image_id) filter (where not ch.recompute) as added
              from changed ch
              join coverage_cells c on c.area_id = $1 and c.geom && ch.footprint and st_intersects(c.geom, ch.footprint)
              group by c.ix, c.iy) x), '[]'::json) as cells`,
    [areaId, batchSize],
  );
  const { taken, cells } = rows[0]!;
  const recompute = cells.filter((c) => c.recompute);
  const add = cells.filter((c) => !c.recompute && c.added?.length);
  if (recompute.length) await recomputeCells(tx, areaId, recompute);
  if (add.length) await addToCells(tx, areaId, add);
  return { images: taken, cellsAdded: add.length, cellsRecomputed: recompute.length };
}

/**
 * Unions newly counted footprints into their cells: per (cell, local day) the day's cover
 * ∪= the new pieces, then the cell's cover ∪= the same pieces. `cells[].added` are image ids.
 */
async function addToCells(tx: Queryable, areaId: number, cells: TouchedCell[]): Promise<void> {
  const pairs = cells.flatMap((c) => c.added!.map((imageId) => [c.ix, c.iy, imageId] as const));
  const params = [areaId, pairs.map((p) => p[0]), pairs.map((p) => p[1]), pairs.map((p) => p[2])];
  // The pieces are materialized: referenced twice below, their intersections must be computed once.
  await tx.query(
    `create temporary table coverage_added (ix integer, iy integer, day date, covered geometry,
       first_seen_at timestamptz, last_seen_at timestamptz, best_gsd_cm double precision,
       look_count integer, image_id_sum bigint) on commit drop`,
  );
  await tx.query(
    `insert into coverage_added
     with pieces as materialized (
       select c.ix, c.iy, f.image_id, f.gsd_cm, f.seen_at, ${LOCAL_DAY_SQL('f.seen_at')} as day,
              ${pieceSql('c', 'f.footprint')} as piece
       from unnest($2::int[], $3::int[], $4::bigint[]) t(ix, iy, image_id)
       join coverage_cells c on c.area_id = $1 and c.ix = t.ix and c.iy = t.iy
       join coverage_footprints f on f.image_id = t.image_id)
     select ix, iy, day, st_multi(st_collectionextract(st_union(piece, ${GRID}), 3)) as covered, min(seen_at) as first_seen_at,
            max(seen_at) as last_seen_at, min(gsd_cm) as best_gsd_cm,
            count(distinct image_id)::int as look_count, sum(distinct image_id)::bigint as image_id_sum
     from pieces where not st_isempty(piece) and st_area(piece) > 0
     group by ix, iy, day`,
    params,
  );
  await tx.query(
    `insert into coverage_cell_days as d
       (area_id, ix, iy, day, covered, covered_km2, first_seen_at, last_seen_at, best_gsd_cm, look_count)
     select $1, a.ix, a.iy, a.day, a.covered, 0, a.first_seen_at, a.last_seen_at, a.best_gsd_cm, a.look_count
     from coverage_added a
     on conflict (area_id, ix, iy, day) do update
       set covered = st_multi(st_collectionextract(st_union(d.covered, excluded.covered, ${GRID}), 3)),
           first_seen_at = least(d.first_seen_at, excluded.first_seen_at),
           last_seen_at = greatest(d.last_seen_at, excluded.last_seen_at),
           best_gsd_cm = least(d.best_gsd_cm, excluded.best_gsd_cm),
           look_count = d.look_count + excluded.look_count`,
    [areaId],
  );
  await tx.query(
    `update coverage_cell_days d set covered_km2 = ${cellShareKm2Sql('d.covered')}
     from coverage_added a, coverage_cells c
     where d.area_id = $1 and d.ix = a.ix and d.iy = a.iy and d.day = a.day
       and c.area_id = $1 and c.ix = a.ix and c.iy = a.iy`,
    [areaId],
  );
  await tx.query(
    `update coverage_cells c
     set covered = case when c.covered is null then a.covered else st_multi(st_collectionextract(st_union(c.covered, a.covered, ${GRID}), 3)) end,
         first_seen_at = least(c.first_seen_at, a.first_seen_at),
         last_seen_at = greatest(c.last_seen_at, a.last_seen_at),
         best_gsd_cm = least(c.best_gsd_cm, a.best_gsd_cm),
         look_count = c.look_count + a.look_count, image_id_sum = c.image_id_sum + a.image_id_sum,
         updated_at = now()
     from (select ix, iy, st_multi(st_collectionextract(st_union(covered, ${GRID}), 3)) as covered, min(first_seen_at) as first_seen_at,
                  max(last_seen_at) as last_seen_at, min(best_gsd_cm) as best_gsd_cm,
                  sum(look_count)::int as look_count, sum(image_id_sum)::bigint as image_id_sum
           from coverage_added group by ix, iy) a
     where c.area_id = $1 and c.ix = a.ix and c.iy = a.iy`,
    [areaId],
  );
  await tx.query(
    `update coverage_cells c set covered_km2 = ${cellShareKm2Sql('c.covered')}
     from (select distinct ix, iy from coverage_added) a
     where c.area_id = $1 and c.ix = a.ix and c.iy = a.iy`,
    [areaId],
  );
  await tx.query(`drop table coverage_added`);
}

/**
 * Recomputes cells (`'all'`: the whole grid) from the accepted footprints that touch them: per
 * cell and local day, covered = ∪(footprint ∩ cell) with first/last seen, best GSD and the
 * number of photos; then the cell's cover = ∪ of its days. Returns the number of cells.
 */
export async function recomputeCells(
  tx: Queryable,
  areaId: number,
  cells: 'all' | ReadonlyArray<{ ix: number; iy: number }>,
): Promise<number> {
  const all = cells === 'all';
  if (!all && cells.length === 0) return 0;
  const params = [areaId, all, all ? [] : cells.map((c) => c.ix), all ? [] : cells.map((c) => c.iy)];
  const listed = `select c.* from coverage_cells c
     where c.area_id = $1 and ($2 or (c.ix, c.iy) in (select * from unnest($3::int[], $4::int[])))`;
  await tx.query(
    `delete from coverage_cell_days d where d.area_id = $1
       and ($2 or (d.ix, d.iy) in (select * from unnest($3::int[], $4::int[])))`,
    params,
  );
  // The pieces and days are materialized: each is referenced more than once below.
  const { rowCount } = await tx.query(
    `with cells as materialized (${listed}),
     pieces as materialized (
       select c.ix, c.iy, f.image_id, f.gsd_cm, f.seen_at, ${LOCAL_DAY_SQL('f.seen_at')} as day,
              ${pieceSql('c', 'f.footprint')} as piece
       from cells c join coverage_footprints f on f.footprint && c.geom and st_intersects(f.footprint, c.geom)),
     days as materialized (
       select c.ix, c.iy, p.day, st_multi(st_collectionextract(st_union(p.piece, ${GRID}), 3)) as covered,
              min(p.seen_at) as first_seen_at, max(p.seen_at) as last_seen_at,
              min(p.gsd_cm) as best_gsd_cm, count(distinct p.image_id)::int as look_count,
              sum(distinct p.image_id)::bigint as image_id_sum,
              min(c.cell_km2) as cell_km2, min(st_area(c.geom)) as cell_planar
       from pieces p join cells c using (ix, iy)
       where not st_isempty(p.piece) and st_area(p.piece) > 0
       group by c.ix, c.iy, p.day),
     stored as (
       insert into coverage_cell_days
         (area_id, ix, iy, day, covered, covered_km2, first_seen_at, last_seen_at, best_gsd_cm, look_count)
       select $1, d.ix, d.iy, d.day, d.covered,
              least(d.cell_km2 * st_area(d.covered) / nullif(d.cell_planar, 0), d.cell_km2),
              d.first_seen_at, d.last_seen_at, d.best_gsd_cm, d.look_count
       from days d
       returning 1),
     merged as (
       select c.ix, c.iy,
              -- Most cells were seen on one day: their day's piece is their cover, no union needed.
              case when count(d.day) = 1 then (array_agg(d.covered))[1]
                   when count(d.day) > 1 then st_multi(st_collectionextract(st_union(d.covered, ${GRID}), 3)) end as covered,
              min(d.first_seen_at) as first_seen_at, max(d.last_seen_at) as last_seen_at,
              min(d.best_gsd_cm) as best_gsd_cm, coalesce(sum(d.look_count), 0)::int as look_count,
              coalesce(sum(d.image_id_sum), 0)::bigint as image_id_sum
       from cells c left join days d using (ix, iy)
       group by c.ix, c.iy)
     update coverage_cells c
     set covered = m.covered, covered_km2 = ${cellShareKm2Sql('m.covered')},
         first_seen_at = m.first_seen_at, last_seen_at = m.last_seen_at, best_gsd_cm = m.best_gsd_cm,
         look_count = m.look_count, image_id_sum = m.image_id_sum, updated_at = now()
     from merged m, (select count(*) from stored) s
     where c.area_id = $1 and c.ix = m.ix and c.iy = m.iy`,
    params,
  );
  return rowCount;
}
