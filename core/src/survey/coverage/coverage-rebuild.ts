import type { Db, Queryable } from '../../db/db';
import { areaGridBuilt, buildAreaGrid } from './area-grid';
import { recomputeCells } from './cell-update';
import { lockAreaCoverage } from './coverage-lock';
import { notifySurveyProgress } from '../survey-progress-channel';

export interface CoverageRebuild {
  areaId: number;
  beforeKm2: number;
  afterKm2: number;
  /** afterKm2 − beforeKm2: what the stored figure was off by. */
  driftKm2: number;
  /** Cells whose cover changed by more than 1 m². */
  cellsChanged: number;
  cellCount: number;
}

const coveredKm2 = async (tx: Queryable, areaId: number) =>
  (
    await tx.query<{ km2: number }>(
      `select coalesce(sum(covered_km2), 0)::float8 as km2 from coverage_cells where area_id = $1`,
      [areaId],
    )
  ).rows[0]!.km2;

/**
 * Recomputes every cell of an area from its accepted footprints (building the grid if it does
 * not exist yet), under the area's lock, and reports the drift it corrected. Pending changes
 * of the area are taken in by the rebuild. `record` runs in the same transaction (the audit
 * entry); at commit the area is notified on the survey progress channel (open flight streams
 * show the new figure). Returns null when the area does not exist.
 */
export async function rebuildAreaCoverage(
  db: Db,
  areaId: number,
  record?: (tx: Queryable, rebuild: CoverageRebuild) => Promise<void>,
): Promise<CoverageRebuild | null> {
  return db.transaction(async (tx) => {
    await lockAreaCoverage(tx, areaId);
    const built = await areaGridBuilt(tx, areaId);
    if (built === null) return null;
    if (!built) await buildAreaGrid(tx, areaId);
    const beforeKm2 = await coveredKm2(tx, areaId);
    const { rows: before } = await tx.query<{ ix: number; iy: number; km2: number }>(
      `select ix, iy, covered_km2 as km2 from coverage_cells where area_id = $1`,
      [areaId],
    );
    await tx.query(`delete from coverage_pending where area_id = $1`, [areaId]);
    await recomputeCells(tx, areaId, 'all');
    const afterKm2 = await coveredKm2(tx, areaId);
    const { rows: after } = await tx.query<{ ix: number; iy: number; km2: number }>(
      `select ix, iy, covered_km2 as km2 from coverage_cells where area_id = $1`,
      [areaId],
    );
    const previous = new Map(before.map((c) => [`${c.ix},${c.iy}`, c.km2]));
    const cellsChanged = after.filter((c) => Math.abs((previous.get(`${c.ix},${c.iy}`) ?? 0) - c.km2) > 1e-6).length;
    const rebuild = { areaId, beforeKm2, afterKm2, driftKm2: afterKm2 - beforeKm2, cellsChanged, cellCount: after.length };
    await record?.(tx, rebuild);
    await notifySurveyProgress(tx, { areaId });
    return rebuild;
  });
}

/**
 * Finds the area's cells whose cover does not match the accepted footprints touching them (a
 * different number of photos or a different set of ids), and recomputes those, under the
 * area's lock. The periodic sweep runs it on every area; returns the cells repaired.
 */
export async function repairCoverageDrift(db: Db, areaId: number): Promise<number> {
  return db.transaction(async (tx) => {
    await lockAreaCoverage(tx, areaId);
    if (!(await areaGridBuilt(tx, areaId))) return 0;
    // Interiors intersecting (DE-9IM T********) is exactly a piece of positive area.
    const { rows } = await tx.query<{ ix: number; iy: number }>(
      `select c.ix, c.iy
       from coverage_cells c
       cross join lateral (
         select count(*)::int as n, coalesce(sum(f.image_id), 0)::bigint as id_sum
         from coverage_footprints f
         where f.footprint && c.geom and st_relate(c.geom, f.footprint, 'T********')) k
       where c.area_id = $1 and (k.n <> c.look_count or k.id_sum <> c.image_id_sum)`,
      [areaId],
    );
    if (rows.length) await recomputeCells(tx, areaId, rows);
    return rows.length;
  });
}
