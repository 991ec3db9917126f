import type { Queryable } from '../../db/db';

/**
 * Takes the area's coverage lock for the rest of the transaction: every change to an area's
 * cells (the grid, a pending update, a rebuild, a drift repair) runs under it, one at a time,
 * so two flights processed at once cannot interleave their read-modify-write of a cell. Photo
 * changes take the same lock shared (the images trigger, sql/010), so while an update runs the
 * photos it reads stay as they are. The key is `coverage_lock_key()` in SQL, defined once.
 */
export async function lockAreaCoverage(tx: Queryable, areaId: number): Promise<void> {
  await tx.query(`select pg_advisory_xact_lock(coverage_lock_key($1))`, [areaId]);
  // PostGIS functions carry high planner costs, so PostgreSQL would JIT-compile these short
  // statements (~0.6 s each, longer than the work itself).
  await tx.query(`set local jit = off`);
}
