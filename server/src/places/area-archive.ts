import { recordAudit, type AuditActor } from '@skywater/core/audit/audit-log';
import type { Queryable } from '@skywater/core/db/db';
import { ConflictError, NotFoundError } from '@skywater/core/errors/app-error';
import { enqueueAreaCoverage } from '@skywater/core/survey/coverage/area-grid';

/**
 * Archives a survey area (`archived` true) or restores it, with a reason, audited. An archived
 * area leaves `GET /api/areas`, the coverage and gaps tiles and the coverage jobs, but keeps every
 * row: its grid, flights, photos and findings. Restoring queues its coverage job, which takes in
 * the photo changes that waited while it was archived. Archiving twice (or restoring an area in
 * use) is a 409, changing nothing.
 */
export async function setAreaArchived(
  tx: Queryable,
  areaId: number,
  archived: boolean,
  reason: string,
  actor: AuditActor | null,
  requestId?: string,
): Promise<void> {
  const { rows } = await tx.query<{ name: string; archivedAt: string | null }>(
    `select name, archived_at as "archivedAt" from survey_areas where id = $1 for update`,
    [areaId],
  );
  const area = rows[0];
  if (!area) throw new NotFoundError('Survey area');
  if ((area.archivedAt !== null) === archived)
    throw new ConflictError(archived ? 'The area is archived already' : 'The area is not archived');
  const updated = await tx.query<{ archivedAt: string | null }>(
    `update survey_areas set archived_at = case when $2 then now() end where id = $1
     returning archived_at as "archivedAt"`,
    [areaId, archived],
  );
  if (!archived) await enqueueAreaCoverage(tx, areaId);
  await recordAudit(tx, {
    actor,
    action: 'update',
    entity: 'survey_area',
    entityId: areaId,
    before: { name: area.name, archivedAt: area.archivedAt },
    after: { name: area.name, archivedAt: updated.rows[0]!.archivedAt, reason },
    requestId,
  });
}
