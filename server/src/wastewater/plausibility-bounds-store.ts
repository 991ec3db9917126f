import { recordAudit, type AuditActor } from '@skywater/core/audit/audit-log';
import type { Queryable } from '@skywater/core/db/db';
import { ValidationError } from '@skywater/core/errors/app-error';
import type { PlausibilityBound } from '@skywater/core/wastewater/plausibility-bounds';

/** The bounds an admin stored (they win over the defaults in core). */
export async function loadPlausibilityBounds(db: Queryable): Promise<PlausibilityBound[]> {
  const { rows } = await db.query<PlausibilityBound>(
    `select quantity, analyte_code as "analyteCode", site_kind as "siteKind", hard_min as "hardMin",
       hard_min_exclusive as "hardMinExclusive", hard_max as "hardMax", soft_min as "softMin",
       soft_max as "softMax", source
     from plausibility_bounds order by id`,
  );
  return rows;
}

/** A bound as an admin sets it, with why (kept in the audit log with before and after). */
export interface PlausibilityBoundEdit extends PlausibilityBound {
  reason: string;
}

/**
 * Sets the bound of one scope (quantity × analyte × site kind, null = any) in one transaction:
 * insert or update, and an audit row with before, after and the reason.
 */
export async function setPlausibilityBound(
  tx: Queryable,
  edit: PlausibilityBoundEdit,
  actor: AuditActor | null,
  requestId?: string,
): Promise<PlausibilityBound> {
  if (!(edit.hardMax > edit.hardMin))
    throw new ValidationError('hardMax must be above hardMin', [
      { path: 'hardMax', message: 'not above hardMin' },
    ]);
  for (const key of ['softMin', 'softMax'] as const) {
    const value = edit[key];
    if (value !== null && (value < edit.hardMin || value > edit.hardMax))
      throw new ValidationError(`${key} must lie within the hard bounds`, [
        { path: key, message: 'outside' },
      ]);
  }
  const scope = `quantity = $1 and coalesce(analyte_code, '') = coalesce($2, '') and coalesce(site_kind, '') = coalesce($3, '')`;
  const before = await tx.query(`select * from plausibility_bounds where ${scope} for update`, [
    edit.quantity,
    edit.analyteCode,
    edit.siteKind,
  ]);
  const values = [
    edit.quantity,
    edit.analyteCode,
    edit.siteKind,
    edit.hardMin,
    edit.hardMinExclusive,
    edit.hardMax,
    edit.softMin,
    edit.softMax,
    edit.source,
  ];
  if (before.rows[0])
    await tx.query(
      `update plausibility_bounds set hard_min = $4, hard_min_exclusive = $5, hard_max = $6, soft_min = $7,
         soft_max = $8, source = $9, updated_at = now() where ${scope}`,
      values,
    );
  else
    await tx.query(
      `insert into plausibility_bounds (quantity, analyte_code, site_kind, hard_min, hard_min_exclusive, hard_max,
         soft_min, soft_max, source) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      values,
    );
  const { reason, ...bound } = edit;
  await recordAudit(tx, {
    actor,
    action: 'update',
    entity: 'plausibility_bound',
    entityId: [edit.quantity, edit.analyteCode ?? '*', edit.siteKind ?? '*'].join(':'),
    before: before.rows[0] ?? null,
    after: { ...bound, reason },
    requestId,
  });
  return bound;
}
