import type { Db, Queryable } from '@skywater/core/db/db';
import { NotFoundError } from '@skywater/core/errors/app-error';
import { ensureAreaGrid } from '@skywater/workers/survey/coverage-grid';

export interface AreaCoverage {
  areaId: number;
  areaKm2: number;
  coveredKm2: number;
  coveragePct: number;
  from: string | null;
  to: string | null;
  cellCount: number;
  cellsSeen: number;
  bestGsdCm: number | null;
  lastSeenAt: string | null;
}

async function areaOrThrow(
  db: Queryable,
  areaId: number,
): Promise<{ area_km2: number; grid_cell_m: number }> {
  const { rows } = await db.query<{ area_km2: number; grid_cell_m: number }>(
    `select area_km2, grid_cell_m from survey_areas where id = $1`,
    [areaId],
  );
  if (!rows[0]) throw new NotFoundError('Survey area');
  return rows[0];
}

/** Makes sure the area's grid exists (first request before any photo was processed). */
export async function ensureGrid(db: Db, areaId: number): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`select pg_advisory_xact_lock(hashtext('skywater:coverage:' || $1::text))`, [areaId]);
    await ensureAreaGrid(tx, areaId);
  });
}

/**
 * Covered km² and % of an area, over all time (sum of the cells' covered km²) or for photos
 * seen between two local dates inclusive (per cell, the union of those days' pieces, measured
 * as the cell's ellipsoidal km² × its covered share, as in workers/src/survey/coverage-update).
 */
export async function areaCoverage(
  db: Db,
  areaId: number,
  range: { from?: string; to?: string },
): Promise<AreaCoverage> {
  const area = await areaOrThrow(db, areaId);
  await ensureGrid(db, areaId);
  const ranged = Boolean(range.from || range.to);
  const { rows } = await db.query<{
    covered_km2: number | null;
    cells: number;
    seen: number;
    best: number | null;
    last: Date | null;
  }>(
    ranged
      ? `select sum(k.km2) as covered_km2, (select count(*)::int from coverage_cells where area_id = $1) as cells,
                count(*)::int as seen, min(k.best) as best, max(k.last) as last
         from (select least(min(c.cell_km2) * st_area(st_union(d.covered)) / nullif(min(st_area(c.geom)), 0), min(c.cell_km2)) as km2,
                      min(d.best_gsd_cm) as best, max(d.last_seen_at) as last
               from coverage_cell_days d join coverage_cells c using (area_id, ix, iy)
               where d.area_id = $1 and ($2::date is null or d.day >= $2) and ($3::date is null or d.day <= $3)
               group by d.ix, d.iy) k`
      : `select sum(covered_km2) as covered_km2, count(*)::int as cells,
                count(*) filter (where look_count > 0)::int as seen,
                min(best_gsd_cm) as best, max(last_seen_at) as last
         from coverage_cells where area_id = $1 and $2::date is null and $3::date is null`,
    [areaId, range.from ?? null, range.to ?? null],
  );
  const row = rows[0]!;
  const coveredKm2 = row.covered_km2 ?? 0;
  return {
    areaId,
    areaKm2: area.area_km2,
    coveredKm2,
    coveragePct: Math.round((10_000 * coveredKm2) / area.area_km2) / 100,
    from: range.from ?? null,
    to: range.to ?? null,
    cellCount: row.cells,
    cellsSeen: row.seen,
    bestGsdCm: row.best,
    lastSeenAt: row.last ? new Date(row.last).toISOString() : null,
  };
}

/**
 * Coverage over time, for a chart: for each local day with photos, the km² flown that day and
 * the cumulative covered km² and % at the end of that day (per cell, the union of all days up to
 * it; cost grows with days × cells seen, fine for a season's flights).
 */
export async function coverageHistory(db: Db, areaId: number) {
  const area = await areaOrThrow(db, areaId);
  const { rows } = await db.query<{ day: string; flown_km2: number; covered_km2: number }>(
    `with days as (select distinct day from coverage_cell_days where area_id = $1)
     select to_char(days.day, 'YYYY-MM-DD') as day,
       (select coalesce(sum(covered_km2), 0) from coverage_cell_days where area_id = $1 and day = days.day) as flown_km2,
       (select coalesce(sum(k.km2), 0) from (
          select least(min(c.cell_km2) * st_area(st_union(d.covered)) / nullif(min(st_area(c.geom)), 0), min(c.cell_km2)) as km2
          from coverage_cell_days d join coverage_cells c using (area_id, ix, iy)
          where d.area_id = $1 and d.day <= days.day group by d.ix, d.iy) k) as covered_km2
     from days order by days.day`,
    [areaId],
  );
  return {
    areaId,
    areaKm2: area.area_km2,
    points: rows.map((r) => ({
      day: r.day,
      flownKm2: r.flown_km2,
      coveredKm2: r.covered_km2,
      coveragePct: Math.round((10_000 * r.covered_km2) / area.area_km2) / 100,
    })),
  };
}
