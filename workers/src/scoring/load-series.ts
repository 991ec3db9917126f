import type { Queryable } from '@skywater/core/db/db';
import type { CollectionType } from '@skywater/core/wastewater/collection-type';
import type { Qualifier } from '@skywater/core/wastewater/lab-value';
import { plausibleMeasurementSql } from '@skywater/core/wastewater/plausible-measurement-sql';
import { roundOrderSql, siteCampaignSql } from './round-order';
import type { LoadedMeasurement } from '@skywater/core/scoring/series-points';

/**
 * Every measurement of a site for the given analytes in its campaign's rounds (round-order.ts), oldest first, with the sample's flow
 * and population (the site's population served when the sample has none). One query, served by
 * the indexes on samples (site_id, round_id) and measurements (sample_id, analyte_code, replicate).
 */
export async function loadSiteMeasurements(
  db: Queryable,
  siteId: number,
  analyteCodes: readonly string[],
): Promise<LoadedMeasurement[]> {
  const { rows } = await db.query<LoadedMeasurement & { qualifier: Qualifier }>(
    `with round_order as (${roundOrderSql('array(select coalesce(area_id, -1) from sites where id = $1)')}),
          site_campaign as (${siteCampaignSql('array[$1::bigint]')})
     select m.id as "measurementId", m.analyte_code as "analyteCode", s.round_id as "roundId",
            ro.idx as "roundIndex", m.qualifier, m.value_ng_l as "valueNgL", m.lod_ng_l as "lodNgL",
            m.loq_ng_l as "loqNgL", m.uloq_ng_l as "uloqNgL", s.flow_m3_per_day as "flowM3PerDay",
            coalesce(s.population, st.population_served) as population, s.collection_type as "collectionType"
       from samples s
       join sites st on st.id = s.site_id
       join round_order ro on ro.id = s.round_id and ro.area = coalesce(st.area_id, -1)
       join site_campaign sc on sc.site_id = s.site_id and sc.campaign_id = ro.campaign_id
       join measurements m on m.sample_id = s.id
      where s.site_id = $1 and m.analyte_code = any($2::text[]) and ${plausibleMeasurementSql()}
      order by ro.idx, m.id`,
    [siteId, analyteCodes],
  );
  return rows;
}

export interface SiteMeasurement extends LoadedMeasurement {
  siteId: number;
  collectionType: CollectionType;
}

/**
 * Every measurement of the given sites (all analytes, or only `analyteCodes`), ordered by site,
 * round and measurement id: a batch of series in one query. Same columns and rules as
 * loadSiteMeasurements, plus the site. `areaIds`: the sites' areas (loadSiteAreas), whose
 * samples alone give the rounds' positions.
 */
export async function loadSitesMeasurements(
  db: Queryable,
  siteIds: readonly number[],
  areaIds: readonly number[],
  analyteCodes?: readonly string[],
): Promise<SiteMeasurement[]> {
  const { rows } = await db.query<SiteMeasurement & { qualifier: Qualifier }>(
    `with round_order as (${roundOrderSql('$3::bigint[]')}),
          site_campaign as (${siteCampaignSql('$1::bigint[]')})
     select s.site_id as "siteId", m.id as "measurementId", m.analyte_code as "analyteCode", s.round_id as "roundId",
            ro.idx as "roundIndex", m.qualifier, m.value_ng_l as "valueNgL", m.lod_ng_l as "lodNgL",
            m.loq_ng_l as "loqNgL", m.uloq_ng_l as "uloqNgL", s.flow_m3_per_day as "flowM3PerDay",
            coalesce(s.population, st.population_served) as population, s.collection_type as "collectionType"
       from samples s
       join sites st on st.id = s.site_id
       join round_order ro on ro.id = s.round_id and ro.area = coalesce(st.area_id, -1)
       join site_campaign sc on sc.site_id = s.site_id and sc.campaign_id = ro.campaign_id
       join measurements m on m.sample_id = s.id
      where s.site_id = any($1::bigint[]) and ($2::text[] is null or m.analyte_code = any($2::text[]))
        and ${plausibleMeasurementSql()}`,
    [siteIds, analyteCodes ?? null, areaIds],
  );
  // Ordered here: the round's position is computed in the query, so no index gives this order,
  // and the server sorted a large batch on disk (work_mem) where this sorts it in memory.
  return rows.sort(
    (a, b) => a.siteId - b.siteId || a.roundIndex - b.roundIndex || a.measurementId - b.measurementId,
  );
}
