import { nextAlertStatus, type AlertAction, type AlertStatus } from '@skywater/core/alerts/alert-lifecycle';
import { recordAudit, type AuditActor } from '@skywater/core/audit/audit-log';
import type { Db } from '@skywater/core/db/db';
import { NotFoundError } from '@skywater/core/errors/app-error';
import { getAlert, type AlertView } from './alert-queries';

/**
 * Moves an alert along its life (open → acknowledged → escalated or dismissed): the new status
 * and owner, an alert_events row with the reason and who, and an audit row, in one transaction.
 * An impossible step (e.g. acknowledging a dismissed alert) is a 422 and writes nothing.
 */
export async function actOnAlert(
  db: Db,
  input: {
    alertId: number;
    action: AlertAction;
    reason: string;
    actor: AuditActor | null;
    requestId?: string;
  },
): Promise<AlertView> {
  await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ status: AlertStatus }>(
      `select status from alerts where id = $1 for update`,
      [input.alertId],
    );
    if (!rows[0]) throw new NotFoundError('Alert');
    const before = rows[0].status;
    const after = nextAlertStatus(before, input.action);
    await tx.query(
      `update alerts set status = $2, owner_id = $3, owner_name = $4, updated_at = now() where id = $1`,
      [input.alertId, after, input.actor?.id ?? null, input.actor?.username ?? null],
    );
    await tx.query(
      `insert into alert_events (alert_id, action, reason, actor_id, actor_name) values ($1, $2, $3, $4, $5)`,
      [input.alertId, input.action, input.reason, input.actor?.id ?? null, input.actor?.username ?? null],
    );
    await recordAudit(tx, {
      actor: input.actor,
      action: input.action,
      entity: 'alert',
      entityId: input.alertId,
      before: { status: before },
      after: { status: after, reason: input.reason },
      requestId: input.requestId,
    });
  });
  return getAlert(db, input.alertId);
}

/** Adds a note (kept for ever), an event of kind `note`, and an audit row; touches the alert for the live stream. */
export async function addAlertNote(
  db: Db,
  input: { alertId: number; body: string; actor: AuditActor | null; requestId?: string },
) {
  return db.transaction(async (tx) => {
    const found = await tx.query(`select 1 from alerts where id = $1 for update`, [input.alertId]);
    if (!found.rows.length) throw new NotFoundError('Alert');
    const { rows } = await tx.query<{ id: number; createdAt: Date }>(
      `insert into alert_notes (alert_id, body, author_id, author_name) values ($1, $2, $3, $4)
       returning id, created_at as "createdAt"`,
      [input.alertId, input.body, input.actor?.id ?? null, input.actor?.username ?? 'system'],
    );
    await tx.query(
      `insert into alert_events (alert_id, action, reason, actor_id, actor_name) values ($1, 'note', $2, $3, $4)`,
      [input.alertId, input.body.slice(0, 2000), input.actor?.id ?? null, input.actor?.username ?? null],
    );
    await tx.query(`update alerts set updated_at = now() where id = $1`, [input.alertId]);
    await recordAudit(tx, {
      actor: input.actor,
      action: 'note',
      entity: 'alert',
      entityId: input.alertId,
      after: { noteId: rows[0]!.id },
      requestId: input.requestId,
    });
    return {
      id: rows[0]!.id,
      alertId: input.alertId,
      body: input.body,
      authorName: input.actor?.username ?? null,
      createdAt: rows[0]!.createdAt,
    };
  });
}
