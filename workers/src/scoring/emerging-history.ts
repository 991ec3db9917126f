import type { Queryable } from '@skywater/core/db/db';
import { areaRounds, type SiteGiHistory } from '@skywater/core/scoring/emerging-rounds';
import { ROUND_ORDER_SQL, siteCampaignSql } from './round-order';

export interface GiHistory {
  /** Per campaign, area and analyte (`roundsKey`), the round positions with any result there (ascending). */
  rounds: Map<string, number[]>;
  sites: SiteGiHistory[];
}

/**
 * Every site's Gi* history (hotspot_results over its campaign's rounds, positioned within its
 * area: round-order.ts), one row per site × analyte with arrays ordered by round, and the pattern
 * stored in emerging_hotspots (a second query, matched in memory).
 */
export async function loadGiHistory(tx: Queryable): Promise<GiHistory> {
  const { rows } = await tx.query<{
    site_id: number;
    area_id: number | null;
    campaign_id: number;
    analyte_code: string;
    idx: number[];
    z: number[];
    bin: number[];
  }>(
    `with round_order as (${ROUND_ORDER_SQL}), site_campaign as (${siteCampaignSql()}),
     h as (
       select h.site_id, h.analyte_code, sc.campaign_id, array_agg(ro.idx order by ro.idx) as idx,
              array_agg(h.gi_z order by ro.idx) as z, array_agg(h.bin::int order by ro.idx) as bin
         -- Read whole (offset 0 keeps the planner from probing the (round, analyte, site) key
         -- per site and round: with no leading analyte, each probe walks the round's every row),
         -- and only the columns used: the sort then holds a third of the bytes.
         from (select site_id, analyte_code, round_id, gi_z, bin from hotspot_results offset 0) h
         join sites st on st.id = h.site_id
         join round_order ro on ro.id = h.round_id and ro.area = coalesce(st.area_id, -1)
         join site_campaign sc on sc.site_id = h.site_id and sc.campaign_id = ro.campaign_id
        group by h.site_id, h.analyte_code, sc.campaign_id)
     select h.*, st.area_id from h join sites st on st.id = h.site_id`,
  );
  // The stored patterns, matched here (the planner, misjudging the groups as a few dozen, probed
  // emerging_hotspots once per series).
  const stored = await tx.query<{
    site_id: number;
    analyte_code: string;
    category: string;
    hot_rounds: number;
  }>(`select site_id, analyte_code, category, hot_rounds from emerging_hotspots`);
  const storedBySeries = new Map(stored.rows.map((r) => [`${r.site_id}:${r.analyte_code}`, r]));
  const sites: SiteGiHistory[] = rows.map((r) => {
    const idx = r.idx.map(Number);
    const pattern = storedBySeries.get(`${r.site_id}:${r.analyte_code}`);
    return {
      siteId: Number(r.site_id),
      analyteCode: r.analyte_code,
      areaId: r.area_id === null ? null : Number(r.area_id),
      campaignId: Number(r.campaign_id),
      idx,
      z: r.z.map(Number),
      bin: r.bin.map(Number),
      storedCategory: pattern?.category ?? null,
      storedHotRounds: pattern?.hot_rounds ?? null,
    };
  });
  return { rounds: areaRounds(sites), sites };
}
