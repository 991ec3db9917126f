import { plausibleMeasurementSql } from '@skywater/core/wastewater/plausible-measurement-sql';
import { officeFilterSql, type TileLayer } from '../tile-layer';

/**
 * Without a round, "latest for each site" over every sample it ever had took seconds per tile
 * (the samples index is by site and round): the latest round keeps it one index look-up.
 */
const latestRoundSql = `select r.id from rounds r
  where exists (select 1 from samples x where x.round_id = r.id)
  order by r.ends_on desc, r.id desc limit 1`;

/**
 * Wastewater sites. With `analyte` (and optionally `roundId`, by default the latest round that
 * has samples), each site carries its latest population-normalised load for that analyte
 * (mg/day/1000 inhabitants = C·Q·10⁻³ ÷ (P/1000), docs/design.md §3; below-LOQ as LOQ/2,
 * not-detected left out). Restricted sites (venues, hotels) only for analysts and admins.
 */
export const sitesLayer: TileLayer = {
  name: 'sites',
  properties: ['id', 'code', 'kind', 'normalisedLoadMgPerDayPer1000'],
  tables: ['sites', 'samples', 'measurements', 'rounds'],
  sql(ctx) {
    const { query, seesRestrictedSites, param } = ctx;
    const analyte =
      typeof query.analyte === 'string' && /^[A-Za-z0-9-]{1,16}$/.test(query.analyte)
        ? query.analyte.toUpperCase()
        : null;
    const roundId =
      typeof query.roundId === 'string' && /^\d{1,15}$/.test(query.roundId) ? Number(query.roundId) : null;
    const analyteParam = param(analyte);
    return `
      select s.geom, s.id, s.code, s.kind, l.load as "normalisedLoadMgPerDayPer1000"
      from sites s cross join tile
      left join lateral (
        select (case m.qualifier when '=' then m.value_ng_l when '<LOQ' then m.loq_ng_l / 2 end)
               * sm.flow_m3_per_day * 1e-3
               / nullif(coalesce(sm.population, s.population_served)::float8 / 1000, 0) as load
        from samples sm join measurements m on m.sample_id = sm.id
        where ${analyteParam}::text is not null and sm.site_id = s.id and m.analyte_code = ${analyteParam}::text
          and sm.round_id = coalesce(${param(roundId)}::bigint, (${latestRoundSql}))
          and m.qualifier in ('=', '<LOQ') and ${plausibleMeasurementSql('m', 'sm')}
        order by sm.collected_end desc, m.replicate
        limit 1) l on true
      where s.geom && tile.env4326 and (${param(seesRestrictedSites)}::boolean or not s.restricted)${officeFilterSql(ctx, 's.office_id')}`;
  },
};
