import { nextAlertStatus, type AlertAction, type AlertStatus } from '@skywater/core/alerts/alert-lifecycle';
import { recordAudit, type AuditActor } from '@skywater/core/audit/audit-log';
import type { Db, Queryable } from '@skywater/core/db/db';
import { NotFoundError, UnprocessableError } from '@skywater/core/errors/app-error';
import { ALERT_VIEW_SQL, getAlert, type AlertView } from './alert-queries';

interface AlertStep {
  alertId: number;
  action: AlertAction;
  reason: string;
  actor: AuditActor | null;
  requestId?: string;
}

/**
 * Moves an alert along its life (open → acknowledged → escalated or dismissed): the new status
 * and owner, an alert_events row with the reason and who, and an audit row, in one transaction.
 * An impossible step (e.g. acknowledging a dismissed alert) is a 422 and writes nothing.
 */
export async function actOnAlert(db: Db, input: AlertStep): Promise<AlertView> {
  await db.transaction((tx) => stepInTransaction(tx, input));
  return getAlert(db, input.alertId);
}

/**
 * The same step on many alerts with one reason (the inbox's bulk acknowledge or dismiss), all
 * or nothing: one transaction, alerts locked in id order; if any step is impossible the answer
 * is that 422 (naming the alert) and nothing is written.
 */
export async function actOnAlerts(
  db: Db,
  input: Omit<AlertStep, 'alertId'> & { alertIds: readonly number[] },
): Promise<AlertView[]> {
  const ids = [...new Set(input.alertIds)].sort((a, b) => a - b);
  await db.transaction(async (tx) => {
    for (const alertId of ids) {
      try {
        await stepInTransaction(tx, { ...input, alertId });
      } catch (error) {
        if (error instanceof UnprocessableError)
          throw new UnprocessableError(error.code, `Alert ${alertId}: ${error.message}`);
        throw error;
      }
    }
  });
  const { rows } = await db.query<AlertView>(
    `${ALERT_VIEW_SQL} where a.id = any($1::bigint[]) order by a.id`,
    [ids],
  );
  return rows;
}

async function stepInTransaction(tx: Queryable, input: AlertStep): Promise<void> {
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
}

/**
 * Gives an alert to an analyst (or takes it back with `username: null`): the assignee, an
 * `assign` event and an audit row in one transaction. The assignee must be an enabled analyst
 * or admin (422 `invalid_assignee` otherwise); a dismissed alert cannot be assigned.
 */
export async function assignAlert(
  db: Db,
  input: { alertId: number; username: string | null; actor: AuditActor | null; requestId?: string },
): Promise<AlertView> {
  await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ status: AlertStatus; assignee_name: string | null }>(
      `select status, assignee_name from alerts where id = $1 for update`,
      [input.alertId],
    );
    if (!rows[0]) throw new NotFoundError('Alert');
    if (rows[0].status === 'dismissed' || rows[0].status === 'resolved')
      throw new UnprocessableError(
        'alert_transition_refused',
        `A ${rows[0].status} alert cannot be assigned`,
      );
    let assignee: { id: number; username: string } | null = null;
    if (input.username !== null) {
      const found = await tx.query<{ id: number; username: string }>(
        `select id, username from users where username = $1 and not disabled
            and roles && array['analyst', 'admin']::text[]`,
        [input.username],
      );
      if (!found.rows[0])
        throw new UnprocessableError('invalid_assignee', 'The assignee must be an enabled analyst or admin');
      assignee = found.rows[0];
    }
    await tx.query(
      `update alerts set assignee_id = $2, assignee_name = $3, updated_at = now() where id = $1`,
      [input.alertId, assignee?.id ?? null, assignee?.username ?? null],
    );
    await tx.query(
      `insert into alert_events (alert_id, action, reason, actor_id, actor_name) values ($1, 'assign', $2, $3, $4)`,
      [
        input.alertId,
        assignee ? `→ ${assignee.username}` : '→ (none)',
        input.actor?.id ?? null,
        input.actor?.username ?? null,
      ],
    );
    await recordAudit(tx, {
      actor: input.actor,
      action: 'assign',
      entity: 'alert',
      entityId: input.alertId,
      before: { assignee: rows[0].assignee_name },
      after: { assignee: assignee?.username ?? null },
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
