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
 * The value is read from `site_round_loads` (sql/034: the latest plausible result of each site,
 * round and analyte, kept by the lab's writes), one index range for the tile's round × analyte;
 * the population falls back to the site's here, so a site's population is always its current one.
 */
export const sitesLayer: TileLayer = {
  name: 'sites',
  properties: ['id', 'code', 'kind', 'normalisedLoadMgPerDayPer1000'],
  tables: ['sites', 'samples', 'site_round_loads', 'rounds'],
  sql(ctx) {
    const { query, seesRestrictedSites, param } = ctx;
    const analyte =
      typeof query.analyte === 'string' && /^[A-Za-z0-9-]{1,16}$/.test(query.analyte)
        ? query.analyte.toUpperCase()
        : null;
    const roundId =
      typeof query.roundId === 'string' && /^\d{1,15}$/.test(query.roundId) ? Number(query.roundId) : null;
    const analyteParam = param(analyte);
    // A lateral look-up per site, not a join: the rows keep the sites' order, so the tile's bytes.
    return `
      select s.geom, s.id, s.code, s.kind,
             l.mass_mg_per_day / nullif(coalesce(l.population, s.population_served)::float8 / 1000, 0)
               as "normalisedLoadMgPerDayPer1000"
      from sites s cross join tile
      left join lateral (
        select v.mass_mg_per_day, v.population
        from site_round_loads v
        where ${analyteParam}::text is not null and v.site_id = s.id and v.analyte_code = ${analyteParam}::text
          and v.round_id = coalesce(${param(roundId)}::bigint, (${latestRoundSql}))) l on true
      where s.geom && tile.env4326 and (${param(seesRestrictedSites)}::boolean or not s.restricted)${officeFilterSql(ctx, 's.office_id')}`;
  },
};
