import type { AlertKind } from '@skywater/core/alerts/alert-signal';
import type { Queryable } from '@skywater/core/db/db';
import { numberArrayLiteral as numbers, textArrayLiteral as texts } from '@skywater/core/db/pg-array-literal';

/** The series rules' alert kinds and the analytes whose series judge them (besides their own). */
const SERIES_KINDS = [
  'trend_rising',
  'spike',
  'first_detection',
  'implausible_load',
] as const satisfies readonly AlertKind[];
const PAIR_KINDS: Readonly<Record<string, { kind: AlertKind; analyteCode: string }>> = {
  AMP: { kind: 'amp_meth_ratio', analyteCode: 'AMP' },
  METH: { kind: 'amp_meth_ratio', analyteCode: 'AMP' },
  COC: { kind: 'cocaine_without_be', analyteCode: 'COC' },
  BE: { kind: 'cocaine_without_be', analyteCode: 'COC' },
};

/**
 * Resolves the live alerts (open, acknowledged, escalated) that the series just judged no
 * longer find: a trend raised while only five of six rounds were in, a spike whose round was
 * corrected. The system's step in the alert's life (docs/design.md §4): status `resolved`, an
 * event with the reason, and the condition may be raised again as a new alert. Hot spot alerts
 * are not the series rules' and are left alone. Returns how many were resolved.
 */
export async function resolveUnfoundSeriesAlerts(
  tx: Queryable,
  judged: readonly { siteId: number; analyteCode: string }[],
  foundConditionKeys: readonly string[],
): Promise<number> {
  if (judged.length === 0) return 0;
  const sites: number[] = [];
  const analytes: string[] = [];
  const kinds: string[] = [];
  for (const { siteId, analyteCode } of judged) {
    for (const kind of SERIES_KINDS) {
      sites.push(siteId);
      analytes.push(analyteCode);
      kinds.push(kind);
    }
    const pair = PAIR_KINDS[analyteCode];
    if (pair) {
      sites.push(siteId);
      analytes.push(pair.analyteCode);
      kinds.push(pair.kind);
    }
  }
  const { rows } = await tx.query<{ id: number }>(
    `with judged as (select distinct * from unnest($1::bigint[], $2::text[], $3::text[]) as j(site_id, analyte_code, kind)),
     gone as (
       update alerts a set status = 'resolved', updated_at = now()
         from judged j
        where a.site_id = j.site_id and a.analyte_code = j.analyte_code and a.kind = j.kind
          and a.status in ('open', 'acknowledged', 'escalated')
          and a.condition_key <> all($4::text[])
       returning a.id)
     insert into alert_events (alert_id, action, reason, actor_id, actor_name)
     select id, 'resolve', 'no longer found when its series was scored again / 序列重新评分后不再出现', null, 'system'
       from gone
     returning alert_id as id`,
    [numbers(sites), texts(analytes), texts(kinds), texts([...new Set(foundConditionKeys)])],
  );
  return rows.length;
}
