import { plausibleMeasurementSql } from '@skywater/core/wastewater/plausible-measurement-sql';
import type { Queryable } from '@skywater/core/db/db';
import { NotFoundError } from '@skywater/core/errors/app-error';

export interface BulletinSite {
  id: number;
  code: string;
  name: string;
  kind: string;
  lon: number;
  lat: number;
  methLoad: number | null;
  methTrend: string | null;
  methPercentChange: number | null;
  hotBin: number | null;
}

export interface BulletinData {
  round: { id: number; name: string; startsOn: string; endsOn: string };
  previousRound: { id: number; name: string } | null;
  area: { id: number; name: string; city: string; outline: GeoJSON.MultiPolygon } | null;
  sitesSampled: number;
  previousSitesSampled: number;
  /** Sites of the area sampled in this or any earlier round: what a complete round reports. */
  expectedSites: number;
  analytes: Array<{
    code: string;
    nameZh: string;
    nameEn: string;
    provisional: boolean;
    detectedSites: number;
    sampledSites: number;
    medianLoad: number | null;
    previousMedianLoad: number | null;
  }>;
  sites: BulletinSite[];
  hotSpots: Array<{
    code: string;
    name: string;
    analyte: string;
    bin: number;
    giZ: number;
    emerging: string | null;
  }>;
  alerts: Array<{
    id: number;
    kind: string;
    severity: string;
    status: string;
    siteCode: string | null;
    analyte: string | null;
    detail: Record<string, unknown>;
    events: Array<{ action: string; reason: string; actorName: string | null; at: Date }>;
  }>;
}

/**
 * Everything the round bulletin shows, for one round and optionally one survey area: headline
 * figures (sites sampled, detection rate and median normalised load per analyte, with the
 * previous round), each site's METH level and trend, hot spots, the round's alerts and their events.
 */
export async function loadBulletinData(
  db: Queryable,
  roundId: number,
  areaId: number | undefined,
  officeIds: number[],
): Promise<BulletinData> {
  const round = await db.query<BulletinData['round']>(
    `select id, name, to_char(starts_on, 'YYYY-MM-DD') as "startsOn", to_char(ends_on, 'YYYY-MM-DD') as "endsOn"
       from rounds where id = $1`,
    [roundId],
  );
  if (!round.rows[0]) throw new NotFoundError('Round');
  // The previous round of the same campaign (with samples in the area, when one is asked for):
  // rounds of another campaign or another area are not this bulletin's (docs/design.md §4).
  const previous = await db.query<{ id: number; name: string }>(
    `select r.id, r.name from rounds r join rounds cur on cur.id = $1
      where r.campaign_id = cur.campaign_id and (r.starts_on, r.id) < (cur.starts_on, cur.id)
        and exists (select 1 from samples s join sites st on st.id = s.site_id
                     where s.round_id = r.id and ($2::bigint is null or st.area_id = $2::bigint))
      order by r.starts_on desc, r.id desc limit 1`,
    [roundId, areaId ?? null],
  );
  let area: BulletinData['area'] = null;
  if (areaId !== undefined) {
    const a = await db.query<NonNullable<BulletinData['area']>>(
      `select id, name, city, st_asgeojson(geom, 6)::json as outline from survey_areas where id = $1`,
      [areaId],
    );
    if (!a.rows[0]) throw new NotFoundError('Area');
    area = a.rows[0];
  }
  // The area asked for ($2), and only the sites of the reader's offices (parameter `officeParam`).
  const sitesOf = (officeParam: number) =>
    `($2::bigint is null or st.area_id = $2::bigint) and st.office_id = any($${officeParam}::bigint[])`;
  const prevId = previous.rows[0]?.id ?? null;
  const figures = await db.query<BulletinData['analytes'][number] & { round_id: number }>(
    `select an.code, an.name_zh as "nameZh", an.name_en as "nameEn", an.provisional,
            count(distinct s.site_id) filter (where s.round_id = $1)::int as "sampledSites",
            count(distinct s.site_id) filter (where s.round_id = $1::bigint and m.qualifier in ('=', '>ULOQ'))::int as "detectedSites",
            percentile_cont(0.5) within group (order by case when s.round_id = $1::bigint then
              coalesce(m.value_ng_l, m.loq_ng_l / 2) * s.flow_m3_per_day * 1e-3 / (coalesce(s.population, st.population_served) / 1000.0) end)
              as "medianLoad",
            percentile_cont(0.5) within group (order by case when s.round_id = $3::bigint then
              coalesce(m.value_ng_l, m.loq_ng_l / 2) * s.flow_m3_per_day * 1e-3 / (coalesce(s.population, st.population_served) / 1000.0) end)
              as "previousMedianLoad"
       from measurements m join samples s on s.id = m.sample_id join sites st on st.id = s.site_id
       join analytes an on an.code = m.analyte_code
      where s.round_id in ($1, coalesce($3::bigint, $1::bigint)) and ${sitesOf(4)} and ${plausibleMeasurementSql()}
      group by an.code, an.name_zh, an.name_en, an.provisional
      order by an.code`,
    [roundId, areaId ?? null, prevId, officeIds],
  );
  const counts = await db.query<{ round_id: number; n: number }>(
    `select s.round_id, count(distinct s.site_id)::int as n from samples s join sites st on st.id = s.site_id
      where s.round_id in ($1, coalesce($3::bigint, $1::bigint)) and ${sitesOf(4)} group by s.round_id`,
    [roundId, areaId ?? null, prevId, officeIds],
  );
  const expected = await db.query<{ n: number }>(
    `select count(distinct s.site_id)::int as n from samples s join sites st on st.id = s.site_id
       join rounds r on r.id = s.round_id join rounds cur on cur.id = $1
      where r.campaign_id = cur.campaign_id and r.starts_on <= cur.starts_on and ${sitesOf(3)}`,
    [roundId, areaId ?? null, officeIds],
  );
  const sites = await db.query<BulletinSite>(
    `select st.id, st.code, st.name, st.kind, st_x(st.geom) as lon, st_y(st.geom) as lat,
            (select avg(coalesce(m.value_ng_l, m.loq_ng_l / 2) * s.flow_m3_per_day * 1e-3
                        / (coalesce(s.population, st.population_served) / 1000.0))
               from samples s join measurements m on m.sample_id = s.id
              where s.site_id = st.id and s.round_id = $1::bigint and m.analyte_code = 'METH'
                and ${plausibleMeasurementSql()}) as "methLoad",
            sc.category as "methTrend", sc.percent_change as "methPercentChange", h.bin as "hotBin"
       from sites st
       left join series_scores sc on sc.site_id = st.id and sc.analyte_code = 'METH'
       left join hotspot_results h on h.site_id = st.id and h.round_id = $1 and h.analyte_code = 'METH'
      where ${sitesOf(3)} and exists (select 1 from samples s where s.site_id = st.id and s.round_id = $1)
      order by st.code`,
    [roundId, areaId ?? null, officeIds],
  );
  const hotSpots = await db.query<BulletinData['hotSpots'][number]>(
    `select st.code, st.name, h.analyte_code as analyte, h.bin, h.gi_z as "giZ", e.category as emerging
       from hotspot_results h join sites st on st.id = h.site_id
       left join emerging_hotspots e on e.site_id = h.site_id and e.analyte_code = h.analyte_code
      where h.round_id = $1 and h.bin >= 2 and ${sitesOf(3)}
      order by h.bin desc, h.gi_z desc limit 50`,
    [roundId, areaId ?? null, officeIds],
  );
  const alerts = await db.query<BulletinData['alerts'][number]>(
    `select a.id, a.kind, a.severity, a.status, st.code as "siteCode", a.analyte_code as analyte, a.detail,
            coalesce((select json_agg(json_build_object('action', e.action, 'reason', e.reason,
                        'actorName', e.actor_name, 'at', e.at) order by e.at, e.id)
                        from alert_events e where e.alert_id = a.id), '[]'::json) as events
       from alerts a left join sites st on st.id = a.site_id
      where a.round_id = $1 and ($2::bigint is null or st.area_id = $2::bigint) and a.office_id = any($3::bigint[])
      order by case a.severity when 'high' then 0 when 'medium' then 1 else 2 end, a.id`,
    [roundId, areaId ?? null, officeIds],
  );
  const sampled = new Map(counts.rows.map((r) => [r.round_id, r.n]));
  return {
    round: round.rows[0],
    previousRound: previous.rows[0] ?? null,
    area,
    sitesSampled: sampled.get(roundId) ?? 0,
    previousSitesSampled: prevId ? (sampled.get(prevId) ?? 0) : 0,
    expectedSites: expected.rows[0]?.n ?? 0,
    analytes: figures.rows,
    sites: sites.rows,
    hotSpots: hotSpots.rows,
    alerts: alerts.rows,
  };
}
