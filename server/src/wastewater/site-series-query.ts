import type { Queryable } from '@skywater/core/db/db';
import { NotFoundError, ValidationError } from '@skywater/core/errors/app-error';
import { analyteResolver } from '@skywater/core/wastewater/analytes';
import { buildSiteSeries, type SeriesMeasurement } from '@skywater/core/wastewater/site-series';
import type { SiteSeriesReply } from '@skywater/core/wastewater/site-view';
import { plausibleMeasurementSql } from '@skywater/core/wastewater/plausible-measurement-sql';
import { catalogueForResolution, getAnalyte } from './analyte-catalogue';
import { componentsForSiteAnalyte } from './uncertainty-components-store';

/**
 * `GET /api/sites/:id/series?analyte=` (docs/api-contract.md): every stored result of the analyte at the
 * site, oldest round first, back-calculated (load, normalised load, consumption with the
 * factor in the analyte table now) with 95 % intervals from the stored uncertainty components, and
 * the trend of the series. A restricted site (venue,
 * hotel) is "not found" for a user who may not see it.
 */
export async function siteSeries(
  db: Queryable,
  siteId: number,
  analyteText: string,
  seesRestricted: boolean,
): Promise<SiteSeriesReply> {
  const site = await db.query<{
    id: number;
    code: string;
    restricted: boolean;
    population_served: number | null;
  }>(`select id, code, restricted, population_served from sites where id = $1`, [siteId]);
  const found = site.rows[0];
  if (!found || (found.restricted && !seesRestricted)) throw new NotFoundError('Site');
  const resolved = analyteResolver(await catalogueForResolution(db))(analyteText);
  if (!resolved)
    throw new ValidationError(`Unknown analyte "${analyteText}"`, [{ path: 'analyte', message: 'unknown' }]);
  const analyte = (await getAnalyte(db, resolved.code))!;
  const { rows } = await db.query<SeriesMeasurement>(
    `select m.id as "measurementId", r.id as "roundId", r.name as "roundName",
       to_char(r.starts_on, 'YYYY-MM-DD') as "roundStartsOn", s.lab_sample_id as "sampleId",
       s.collected_start as "collectedStart", s.collected_end as "collectedEnd", m.replicate, m.qualifier,
       m.value_ng_l as "valueNgL", m.lod_ng_l as "lodNgL", m.loq_ng_l as "loqNgL", m.uloq_ng_l as "uloqNgL",
       s.flow_m3_per_day as "flowM3PerDay", coalesce(s.population, st.population_served) as population, m.revised,
       s.collection_type as "collectionType"
     from measurements m
     join samples s on s.id = m.sample_id
     join rounds r on r.id = s.round_id
     join sites st on st.id = s.site_id
     where s.site_id = $1 and m.analyte_code = $2 and ${plausibleMeasurementSql()}`,
    [siteId, analyte.code],
  );
  const series = buildSiteSeries(
    rows.map((r) => ({
      ...r,
      collectedStart: new Date(r.collectedStart),
      collectedEnd: new Date(r.collectedEnd),
    })),
    analyte,
    await componentsForSiteAnalyte(db, siteId, analyte),
  );
  return {
    siteId,
    siteCode: found.code,
    analyte: analyte.code,
    analyteNameZh: analyte.nameZh,
    correctionFactor: analyte.correctionFactor,
    provisional: analyte.provisional,
    populationServed: found.population_served,
    ...series,
  };
}
