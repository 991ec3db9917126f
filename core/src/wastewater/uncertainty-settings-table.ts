import type { Queryable } from '../db/db';
import type { UncertaintySetting } from './uncertainty-components';

/**
 * The uncertainty settings an admin stored (table `uncertainty_components`; they win over the
 * shipped defaults): read by the series and bulletin intervals and by the scoring workers' spike
 * rule, so the interval a chart draws and the one a rule judges come from the same numbers.
 */
export async function loadUncertaintySettings(
  db: Queryable,
): Promise<(UncertaintySetting & { updatedAt: Date })[]> {
  const { rows } = await db.query<UncertaintySetting & { updatedAt: Date }>(
    `select component, scope, scope_key as key, rsd, source, updated_at as "updatedAt"
       from uncertainty_components order by component, scope, scope_key`,
  );
  return rows;
}
