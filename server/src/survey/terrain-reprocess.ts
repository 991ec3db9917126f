import { randomUUID } from 'node:crypto';
import { recordAudit, type AuditActor } from '@skywater/core/audit/audit-log';
import type { Db } from '@skywater/core/db/db';
import { NotFoundError } from '@skywater/core/errors/app-error';
import { outboxJob } from '@skywater/core/jobs/outbox-job';
import { processImageJob } from '@skywater/core/jobs/survey-jobs';
import { enqueueInTransaction } from '@skywater/core/outbox/outbox';
import { notifySurveyProgress } from '@skywater/core/survey/survey-progress-channel';

/**
 * Queues every photo of an area's flights for processing again (e.g. after a DEM was loaded):
 * the image job is idempotent and recomputes height, footprint and GSD over the terrain now
 * loaded. Photos stay readable meanwhile; each is overwritten when its job runs. At commit the
 * area is notified on the survey progress channel, so the open streams of its flights read
 * their figures again at once (the jobs notify again as they finish).
 */
export async function reprocessArea(db: Db, areaId: number, actor: AuditActor | null, requestId?: string) {
  return db.transaction(async (tx) => {
    const area = await tx.query(`select 1 from survey_areas where id = $1`, [areaId]);
    if (!area.rows[0]) throw new NotFoundError('Area');
    const { rows } = await tx.query<{ id: number }>(
      `select i.id from images i join flights f on f.id = i.flight_id
       where f.area_id = $1 and i.status <> 'pending' order by i.id`,
      [areaId],
    );
    const batch = randomUUID();
    for (const { id } of rows) {
      await enqueueInTransaction(
        tx,
        outboxJob(processImageJob, { imageId: id }, { jobId: `image-${id}-reprocess-${batch}` }),
      );
    }
    await recordAudit(tx, {
      actor,
      action: 'reprocess',
      entity: 'survey_area',
      entityId: areaId,
      after: { images: rows.length },
      requestId,
    });
    await notifySurveyProgress(tx, { areaId });
    return { areaId, queued: rows.length };
  });
}
