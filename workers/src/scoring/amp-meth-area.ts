import { MAD_TO_SD, type RobustSpread } from '@skywater/core/stats/robust-spread';
import type { Queryable } from '@skywater/core/db/db';
import { ROUND_ORDER_SQL, siteCampaignSql } from './round-order';

/**
 * The distribution of ln(AMP/METH) that the AMP/METH rule judges each round of the given sites
 * against: median and 1.4826 × MAD over the samples of the site's area in its campaign, in that
 * round and the rounds before it (both residues quantified, replicate 1). A round is judged on
 * what was known up to it, so rounds imported later change nothing about it (docs/design.md §4).
 * Sites without an area share the sites without one. One query; the medians are computed in the
 * database. Result: site → round id → spread (null with no sample).
 */
export async function ampMethAreaSpreads(
  db: Queryable,
  siteIds: readonly number[],
): Promise<Map<number, Map<number, RobustSpread | null>>> {
  const { rows } = await db.query<{
    site_id: string;
    round_id: string;
    median: number | null;
    mad: number | null;
    n: number;
  }>(
    `with round_order as (${ROUND_ORDER_SQL}), site_campaign as (${siteCampaignSql('$1::bigint[]')}),
     wanted as (
       select st.id, coalesce(st.area_id, -1) as area, sc.campaign_id
         from sites st join site_campaign sc on sc.site_id = st.id where st.id = any($1::bigint[])),
     scopes as (select distinct area, campaign_id from wanted),
     judged as (
       select ro.id as round_id, ro.area, ro.campaign_id, ro.idx
         from round_order ro join scopes sp on sp.area = ro.area and sp.campaign_id = ro.campaign_id),
     r as (
       select ro.area, ro.campaign_id, ro.idx, ln(a.value_ng_l / m.value_ng_l) as lr
         from measurements a
         join measurements m on m.sample_id = a.sample_id and m.analyte_code = 'METH' and m.replicate = 1
         join samples s on s.id = a.sample_id
         join sites st on st.id = s.site_id
         join round_order ro on ro.id = s.round_id and ro.area = coalesce(st.area_id, -1)
         join scopes sp on sp.area = ro.area and sp.campaign_id = ro.campaign_id
        where a.analyte_code = 'AMP' and a.replicate = 1 and a.qualifier = '=' and m.qualifier = '='
          and a.value_ng_l > 0 and m.value_ng_l > 0
          and a.value_ng_l < 'Infinity'::float8 and m.value_ng_l < 'Infinity'::float8),
     upto as (
       select j.round_id, j.area, j.campaign_id, r.lr
         from judged j join r on r.area = j.area and r.campaign_id = j.campaign_id and r.idx <= j.idx),
     med as (select round_id, area, percentile_cont(0.5) within group (order by lr) as median, count(*)::int as n
               from upto group by round_id, area),
     mad as (select u.round_id, u.area, percentile_cont(0.5) within group (order by abs(u.lr - med.median)) as mad
               from upto u join med on med.round_id = u.round_id and med.area = u.area group by u.round_id, u.area)
     select w.id as site_id, j.round_id, med.median, mad.mad, coalesce(med.n, 0) as n
       from wanted w
       join judged j on j.area = w.area and j.campaign_id = w.campaign_id
       left join med on med.round_id = j.round_id and med.area = j.area
       left join mad on mad.round_id = j.round_id and mad.area = j.area`,
    [siteIds],
  );
  const bySite = new Map<number, Map<number, RobustSpread | null>>();
  for (const r of rows) {
    const siteId = Number(r.site_id);
    let byRound = bySite.get(siteId);
    if (!byRound) bySite.set(siteId, (byRound = new Map()));
    byRound.set(
      Number(r.round_id),
      r.median === null || r.mad === null ? null : { median: r.median, scale: MAD_TO_SD * r.mad, n: r.n },
    );
  }
  return bySite;
}
