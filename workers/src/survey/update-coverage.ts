import type { Processor } from '../processor';
import { applyPendingCoverage } from './coverage-update';

/**
 * Queue `coverage`, job `update-coverage` `{ areaId }` (deduplicated per area while one waits;
 * one more is kept to run after an active one, so footprints committed during a run are applied
 * by the next): adds the area's pending footprints to its grid. Without `areaId` (the periodic
 * sweep, a safety net) every area with pending footprints is updated. Idempotent.
 */
export const updateCoverage: Processor = async (job, { db, log }) => {
  const wanted = Number((job.data as { areaId?: unknown }).areaId);
  const areaIds =
    Number.isInteger(wanted) && wanted > 0
      ? [wanted]
      : (
          await db.query<{ area_id: number }>(`select distinct area_id from coverage_pending order by 1`)
        ).rows.map((r) => r.area_id);
  const results: Record<number, { images: number; cells: number }> = {};
  for (const areaId of areaIds) {
    const started = performance.now();
    results[areaId] = await applyPendingCoverage(db, areaId);
    log.info({ areaId, ...results[areaId], ms: Math.round(performance.now() - started) }, 'coverage updated');
  }
  return results;
};
