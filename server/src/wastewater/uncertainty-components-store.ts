import { recordAudit, type AuditActor } from '@skywater/core/audit/audit-log';
import type { Queryable } from '@skywater/core/db/db';
import { NotFoundError, ValidationError } from '@skywater/core/errors/app-error';
import { outboxJob } from '@skywater/core/jobs/outbox-job';
import { rescoreAllJob } from '@skywater/core/jobs/scoring-jobs';
import { enqueueInTransaction } from '@skywater/core/outbox/outbox';
import {
  componentResolver,
  settingProblem,
  type SourcedComponents,
  type UncertaintySetting,
} from '@skywater/core/wastewater/uncertainty-components';
import type { CollectionType } from '@skywater/core/wastewater/collection-type';
import { loadUncertaintySettings } from '@skywater/core/wastewater/uncertainty-settings-table';
import type { UncertaintyRevisionView } from '@skywater/core/wastewater/uncertainty-view';

export { loadUncertaintySettings };

/**
 * The components of one site × analyte by collection type, from the stored settings over the
 * defaults: what the series, the bulletin and every other figure with an interval use.
 */
export async function componentsForSiteAnalyte(
  db: Queryable,
  siteId: number,
  analyte: { code: string; provisional: boolean },
): Promise<(collectionType: CollectionType | null) => SourcedComponents> {
  const resolve = componentResolver(await loadUncertaintySettings(db));
  return (collectionType) =>
    resolve({ analyteCode: analyte.code, siteId, collectionType, provisional: analyte.provisional });
}

/** A setting as an admin makes it, with why (kept in the revisions and the audit log). */
export interface UncertaintySettingEdit extends UncertaintySetting {
  reason: string;
}

async function checkKeyExists(tx: Queryable, setting: Pick<UncertaintySetting, 'scope' | 'key'>) {
  if (setting.scope === 'analyte') {
    const found = await tx.query(`select 1 from analytes where code = $1`, [setting.key]);
    if (found.rows.length === 0)
      throw new ValidationError(`Unknown analyte "${setting.key}"`, [
        { path: 'key', message: 'unknown analyte' },
      ]);
  }
  if (setting.scope === 'site') {
    const found = /^[1-9]\d{0,17}$/.test(setting.key)
      ? await tx.query(`select 1 from sites where id = $1`, [setting.key])
      : { rows: [] };
    if (found.rows.length === 0)
      throw new ValidationError(`Unknown site "${setting.key}"`, [
        { path: 'key', message: 'unknown site id' },
      ]);
  }
}

function refuseProblem(setting: Omit<UncertaintySetting, 'source'>) {
  const problem = settingProblem(setting);
  if (problem)
    throw new ValidationError(problem, [
      { path: problem.startsWith('rsd') ? 'rsd' : 'scope', message: problem },
    ]);
}

async function recordRevision(
  tx: Queryable,
  scope: Pick<UncertaintySetting, 'component' | 'scope' | 'key'>,
  before: unknown,
  after: unknown,
  reason: string,
  actor: AuditActor | null,
  requestId: string | undefined,
) {
  const revision = await tx.query<{ id: number }>(
    `insert into uncertainty_component_revisions (component, scope, scope_key, before, after, reason, actor_id, actor_name, request_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
    [
      scope.component,
      scope.scope,
      scope.key,
      before === null ? null : JSON.stringify(before),
      after === null ? null : JSON.stringify(after),
      reason,
      actor?.id ?? null,
      actor?.username ?? 'system',
      requestId ?? null,
    ],
  );
  await recordAudit(tx, {
    actor,
    action: after === null ? 'delete' : 'update',
    entity: 'uncertainty_component',
    entityId: [scope.component, scope.scope, scope.key || '*'].join(':'),
    before,
    after: { ...(after ?? {}), reason },
    requestId,
  });
  // The spike rule judges with these components: every series is re-scored after the commit
  // (a series whose components did not change keeps its inputs version and is skipped).
  await enqueueInTransaction(
    tx,
    outboxJob(
      rescoreAllJob,
      {},
      { jobId: `rescore-all-uncertainty-${revision.rows[0]!.id}`, dedupId: 'rescore-all-uncertainty' },
    ),
  );
}

const SELECT_ONE = `select component, scope, scope_key as key, rsd, source from uncertainty_components
  where component = $1 and scope = $2 and scope_key = $3`;

/**
 * Sets one component's RSD at one scope, with its source, in one transaction: insert or update,
 * a revision with before, after and the reason, and an audit row.
 */
export async function setUncertaintySetting(
  tx: Queryable,
  edit: UncertaintySettingEdit,
  actor: AuditActor | null,
  requestId?: string,
): Promise<UncertaintySetting> {
  refuseProblem(edit);
  await checkKeyExists(tx, edit);
  const { reason, ...setting } = edit;
  const params = [setting.component, setting.scope, setting.key];
  const before = (await tx.query<UncertaintySetting>(`${SELECT_ONE} for update`, params)).rows[0] ?? null;
  await tx.query(
    `insert into uncertainty_components (component, scope, scope_key, rsd, source) values ($1, $2, $3, $4, $5)
     on conflict (component, scope, scope_key) do update set rsd = excluded.rsd, source = excluded.source, updated_at = now()`,
    [...params, setting.rsd, setting.source],
  );
  await recordRevision(tx, setting, before, setting, reason, actor, requestId);
  return setting;
}

/** Removes a stored setting (the default applies again), with the reason kept. 404 when none is stored. */
export async function removeUncertaintySetting(
  tx: Queryable,
  scope: Pick<UncertaintySetting, 'component' | 'scope' | 'key'> & { reason: string },
  actor: AuditActor | null,
  requestId?: string,
): Promise<void> {
  const params = [scope.component, scope.scope, scope.key];
  const before = (await tx.query<UncertaintySetting>(`${SELECT_ONE} for update`, params)).rows[0];
  if (!before) throw new NotFoundError('Stored uncertainty component');
  await tx.query(
    `delete from uncertainty_components where component = $1 and scope = $2 and scope_key = $3`,
    params,
  );
  await recordRevision(tx, scope, before, null, scope.reason, actor, requestId);
}

/** Every change of one component at one scope, oldest first (or of all, when no scope is given). */
export async function uncertaintyHistory(
  db: Queryable,
  filter: Partial<Pick<UncertaintySetting, 'component' | 'scope' | 'key'>>,
): Promise<UncertaintyRevisionView[]> {
  const { rows } = await db.query<UncertaintyRevisionView>(
    `select id, component, scope, scope_key as key, before, after, reason, actor_name as "actorName", at
       from uncertainty_component_revisions
      where ($1::text is null or component = $1) and ($2::text is null or scope = $2)
        and ($3::text is null or scope_key = $3)
      order by id`,
    [filter.component ?? null, filter.scope ?? null, filter.key ?? null],
  );
  return rows;
}
