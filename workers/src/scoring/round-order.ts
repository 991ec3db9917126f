import type { Queryable } from '@skywater/core/db/db';

/**
 * The rounds each statistic reads, oldest first, as SQL (a CTE). A site's rounds are the rounds
 * of one sampling campaign in which some site of its area has a sample (docs/design.md §4,
 * "Rounds and campaigns"): a quarterly plant campaign and a monthly venue campaign of one city
 * each keep their own sequence, and rounds another area adds, even to a shared campaign, leave
 * this area's positions alone. Columns: `id` (round), `area` (the sites' area, -1 for none),
 * `campaign_id`, `idx` (position in that sequence, oldest 0). Join on (id, area).
 */
export const ROUND_ORDER_SQL = roundOrderSql();

/**
 * ROUND_ORDER_SQL for some areas only (`areas`: an SQL query of area ids, -1 for the sites
 * without one). An area's positions depend on its own samples only, so they are the whole
 * table's; a batch of sites then reads its areas' samples, not the province's (the whole
 * table, once per job, was most of a province-wide re-score).
 */
export function roundOrderSql(areas?: string): string {
  return `select r.id, x.area, r.campaign_id,
         (row_number() over (partition by r.campaign_id, x.area order by r.starts_on, r.id))::int - 1 as idx
    from (select distinct s.round_id, coalesce(st.area_id, -1) as area
            from samples s join sites st on st.id = s.site_id
           ${areas ? `where coalesce(st.area_id, -1) in (${areas})` : ''}) x
    join rounds r on r.id = x.round_id`;
}

/** The areas of some sites (an SQL array expression of site ids), as roundOrderSql takes them. */
export function areasOfSitesSql(siteIds: string): string {
  return `select distinct coalesce(w.area_id, -1) from sites w where w.id = any(${siteIds})`;
}

/**
 * Each site's campaign, as SQL (a CTE: `site_id`, `campaign_id`): the campaign of the latest
 * round the site has a sample in. A site's series, trend and emerging pattern read that
 * campaign's rounds only. `siteIds`: an SQL array expression limiting the sites (a parameter).
 */
export function siteCampaignSql(siteIds?: string): string {
  return `select distinct on (s.site_id) s.site_id, r.campaign_id
    from samples s join rounds r on r.id = s.round_id
   ${siteIds ? `where s.site_id = any(${siteIds})` : ''}
   order by s.site_id, r.starts_on desc, r.id desc`;
}

/** `<round>:<area>` → position of the round in that area's campaign sequence (ROUND_ORDER_SQL). */
export async function loadRoundOrder(db: Queryable): Promise<Map<string, number>> {
  const { rows } = await db.query<{ id: number; area: number; idx: number }>(ROUND_ORDER_SQL);
  return new Map(rows.map((r) => [roundOrderKey(Number(r.id), Number(r.area)), r.idx]));
}

/** The key of loadRoundOrder's map (`areaId` null: no area). */
export function roundOrderKey(roundId: number, areaId: number | null): string {
  return `${roundId}:${areaId ?? -1}`;
}
