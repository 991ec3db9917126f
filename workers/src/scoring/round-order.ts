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
 * ROUND_ORDER_SQL for some areas only (`areaIds`: an SQL array expression of area ids, -1 for
 * the sites without one). An area's positions depend on its own samples only, so they are the
 * whole table's; a batch of sites then reads its areas' samples, not the province's (the whole
 * table, once per job, was most of a province-wide re-score). Given as a parameter, the areas
 * let the planner count the sites they hold (sites_area_idx) and probe their samples.
 */
export function roundOrderSql(areaIds?: string): string {
  return `select r.id, x.area, r.campaign_id,
         (row_number() over (partition by r.campaign_id, x.area order by r.starts_on, r.id))::int - 1 as idx
    from (select distinct s.round_id, coalesce(st.area_id, -1) as area
            from samples s join sites st on st.id = s.site_id
           ${areaIds ? `where ${inAreasSql('st', areaIds)}` : ''}) x
    join rounds r on r.id = x.round_id`;
}

/** A condition: site `alias` is in one of `areaIds` (an SQL array expression, -1: no area). */
export function inAreasSql(alias: string, areaIds: string): string {
  return `(${alias}.area_id = any(${areaIds}) or (${alias}.area_id is null and -1 = any(${areaIds})))`;
}

/** The areas of some sites (-1: none), for roundOrderSql and the batch's other reads. */
export async function loadSiteAreas(db: Queryable, siteIds: readonly number[]): Promise<number[]> {
  const { rows } = await db.query<{ area: string }>(
    `select distinct coalesce(area_id, -1) as area from sites where id = any($1::bigint[]) order by 1`,
    [siteIds],
  );
  return rows.map((r) => Number(r.area));
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
