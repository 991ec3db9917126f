import { robustSpread, type RobustSpread } from '@skywater/core/stats/robust-spread';
import type { Queryable } from '@skywater/core/db/db';
import { inAreasSql, roundOrderSql, siteCampaignSql } from './round-order';

/**
 * The distribution of ln(AMP/METH) that the AMP/METH rule judges each round of the given sites
 * against: median and 1.4826 × MAD over the samples of the site's area in its campaign, in that
 * round and the rounds before it (both residues quantified, replicate 1). A round is judged on
 * what was known up to it, so rounds imported later change nothing about it (docs/design.md §4).
 * Sites without an area share the sites without one. One query reads the log ratios of the
 * areas and campaigns concerned; the medians over each round's prefix are computed here (one
 * sort per round, instead of the database sorting every prefix). `areaIds`: the sites' areas
 * (loadSiteAreas), whose samples alone are read. Result: site → round id →
 * spread (null with no sample).
 */
export async function ampMethAreaSpreads(
  db: Queryable,
  siteIds: readonly number[],
  areaIds: readonly number[],
): Promise<Map<number, Map<number, RobustSpread | null>>> {
  const { rows } = await db.query<{
    site_id: string | null;
    round_id: string | null;
    scope: string;
    idx: number;
    lr: number | null;
  }>(
    `with site_campaign as (${siteCampaignSql('$1::bigint[]')}),
     wanted as (
       select st.id, coalesce(st.area_id, -1) as area, sc.campaign_id
         from sites st join site_campaign sc on sc.site_id = st.id where st.id = any($1::bigint[])),
     scopes as (select distinct area, campaign_id from wanted),
     round_order as (${roundOrderSql('$2::bigint[]')}),
     -- Every quantified pair of the scopes' areas with its round and area, planned on its own
     -- (joined to the scopes, the planner takes a scope for one round and probes the samples
     -- site by site).
     ratios as materialized (
       select s.round_id, coalesce(st.area_id, -1) as area, ln(a.value_ng_l / m.value_ng_l) as lr
         from measurements a
         join measurements m on m.sample_id = a.sample_id and m.analyte_code = 'METH' and m.replicate = 1
         join samples s on s.id = a.sample_id
         join sites st on st.id = s.site_id
        where a.analyte_code = 'AMP' and a.replicate = 1 and a.qualifier = '=' and m.qualifier = '='
          and ${inAreasSql('st', '$2::bigint[]')}
          and a.value_ng_l > 0 and m.value_ng_l > 0
          and a.value_ng_l < 'Infinity'::float8 and m.value_ng_l < 'Infinity'::float8)
     -- The rounds each site is judged in (lr null) ...
     select w.id as site_id, ro.id as round_id, ro.area || ':' || ro.campaign_id as scope, ro.idx, null::float8 as lr
       from wanted w join round_order ro on ro.area = w.area and ro.campaign_id = w.campaign_id
     union all
     -- ... and every log ratio of their areas and campaigns, with its round's position.
     select null, null, ro.area || ':' || ro.campaign_id, ro.idx, x.lr
       from ratios x
       join round_order ro on ro.id = x.round_id and ro.area = x.area
       join scopes sp on sp.area = ro.area and sp.campaign_id = ro.campaign_id`,
    [siteIds, areaIds],
  );
  const ratios = new Map<string, { idx: number; lr: number }[]>();
  for (const r of rows) {
    if (r.lr === null) continue;
    const list = ratios.get(r.scope);
    if (list) list.push({ idx: r.idx, lr: r.lr });
    else ratios.set(r.scope, [{ idx: r.idx, lr: r.lr }]);
  }
  const spreadUpTo = new Map<string, RobustSpread | null>();
  const spreadOf = (scope: string, idx: number): RobustSpread | null => {
    const key = `${scope}@${idx}`;
    if (!spreadUpTo.has(key))
      spreadUpTo.set(
        key,
        robustSpread((ratios.get(scope) ?? []).filter((r) => r.idx <= idx).map((r) => r.lr)),
      );
    return spreadUpTo.get(key)!;
  };
  const bySite = new Map<number, Map<number, RobustSpread | null>>();
  for (const r of rows) {
    if (r.site_id === null || r.round_id === null) continue;
    const siteId = Number(r.site_id);
    let byRound = bySite.get(siteId);
    if (!byRound) bySite.set(siteId, (byRound = new Map()));
    byRound.set(Number(r.round_id), spreadOf(r.scope, r.idx));
  }
  return bySite;
}
