import type { Queryable } from '../../db/db';
import { NotFoundError } from '../../errors/app-error';
import { coveragePct } from './coverage-percent';
import { OVERLAY_GRID_DEG } from './overlay-grid';
import type { AreaCoverage, CoverageHistory } from './coverage-view';

/**
 * The covered km² of the area aliased `a`, as a lateral subquery with columns `covered_km2`
 * and `last_seen_at`: the sum of its cells' cover, each the union of the accepted footprints
 * clipped to the cell (see cell-update.ts). The headline of every area reply comes from here.
 */
export const AREA_COVERED_SQL = `select coalesce(sum(covered_km2), 0)::float8 as covered_km2, max(last_seen_at) as last_seen_at
  from coverage_cells where area_id = a.id`;

/** km² of the union of a cell's days in a date range (`d` its days, `c` the cell). */
const RANGE_UNION_KM2_SQL = `least(min(c.cell_km2) * st_area(st_union(d.covered, ${OVERLAY_GRID_DEG})) / nullif(min(st_area(c.geom)), 0), min(c.cell_km2))`;

async function areaOrThrow(db: Queryable, areaId: number) {
  const { rows } = await db.query<{ area_km2: number; built: boolean }>(
    `select area_km2, grid_created_at is not null as built from survey_areas where id = $1`,
    [areaId],
  );
  if (!rows[0]) throw new NotFoundError('Survey area');
  return rows[0];
}

/**
 * Covered km² and % of an area, over all time (the headline: the sum of its cells' cover) or
 * for photos seen between two local dates inclusive (per cell, the union of those days' cover).
 */
export async function areaCoverage(
  db: Queryable,
  areaId: number,
  range: { from?: string; to?: string },
): Promise<AreaCoverage> {
  const area = await areaOrThrow(db, areaId);
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
         from (select ${RANGE_UNION_KM2_SQL} as km2, min(d.best_gsd_cm) as best, max(d.last_seen_at) as last
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
    coveragePct: coveragePct(coveredKm2, area.area_km2),
    from: range.from ?? null,
    to: range.to ?? null,
    cellCount: row.cells,
    cellsSeen: row.seen,
    bestGsdCm: row.best,
    lastSeenAt: row.last ? new Date(row.last).toISOString() : null,
    gridBuilt: area.built,
  };
}

/**
 * Coverage over time, for a chart: for each local day with photos, the km² flown that day and
 * the cumulative covered km² and % at the end of that day (per cell, the union of all days up to
 * it; the last point equals the headline). Cost grows with days × cells seen.
 */
export async function coverageHistory(db: Queryable, areaId: number): Promise<CoverageHistory> {
  const area = await areaOrThrow(db, areaId);
  const { rows } = await db.query<{ day: string; flown_km2: number; covered_km2: number }>(
    `with days as (select distinct day from coverage_cell_days where area_id = $1)
     select to_char(days.day, 'YYYY-MM-DD') as day,
       (select coalesce(sum(covered_km2), 0) from coverage_cell_days where area_id = $1 and day = days.day) as flown_km2,
       (select coalesce(sum(k.km2), 0) from (
          select ${RANGE_UNION_KM2_SQL} as km2
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
      coveragePct: coveragePct(r.covered_km2, area.area_km2),
    })),
  };
}
