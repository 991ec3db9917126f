import { applyPendingCoverage } from '@skywater/core/survey/coverage/cell-update';
import { repairCoverageDrift } from '@skywater/core/survey/coverage/coverage-rebuild';
import type { JobData } from '@skywater/core/jobs/job-contract';
import type { updateCoverageJob } from '@skywater/core/jobs/survey-jobs';
import { notifySurveyProgress } from '@skywater/core/survey/survey-progress-channel';
import type { Processor } from '../processor';

/**
 * Queue `coverage`, job `update-coverage` `{ areaId }` (one per area while one waits; one more
 * is kept to run after an active one, so changes committed during a run are taken by the next):
 * builds the area's grid if it is new, then takes its pending footprint changes into the grid.
 * Without `areaId` (the 5-minute sweep, a safety net) every area is updated, then checked for
 * cells that disagree with their footprints, which are recomputed. Each area updated is notified
 * on the survey progress channel (its figure may have moved). Idempotent. An archived area
 * is skipped: its pending changes stay queued in `coverage_pending` until it is restored.
 */
export const updateCoverage: Processor<JobData<typeof updateCoverageJob>> = async (job, { db, log }) => {
  const wanted = job.data.areaId;
  const sweep = wanted === undefined;
  const areaIds = (
    await db.query<{ id: number }>(
      `select id from survey_areas where archived_at is null and ($1::bigint is null or id = $1) order by id`,
      [sweep ? null : wanted],
    )
  ).rows.map((r) => Number(r.id));
  const results: Record<
    number,
    { images: number; cellsAdded: number; cellsRecomputed: number; cellsRepaired?: number }
  > = {};
  for (const areaId of areaIds) {
    const started = performance.now();
    results[areaId] = await applyPendingCoverage(db, areaId);
    if (sweep) results[areaId].cellsRepaired = await repairCoverageDrift(db, areaId);
    await notifySurveyProgress(db, { areaId });
    log.info({ areaId, ...results[areaId], ms: Math.round(performance.now() - started) }, 'coverage updated');
  }
  return results;
};
