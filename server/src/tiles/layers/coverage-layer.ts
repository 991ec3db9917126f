import { officeFilterSql, type TileLayer } from '../tile-layer';

/** Coverage grid cells seen at least once, with the fraction of the cell covered (archived areas left out). */
export const coverageLayer: TileLayer = {
  name: 'coverage',
  properties: ['areaId', 'ix', 'iy', 'coveredFraction', 'lookCount', 'bestGsdCm', 'lastSeenAt'],
  tables: ['coverage_cells', 'survey_areas'],
  sql: (ctx) => `
    select c.geom, c.area_id as "areaId", c.ix, c.iy,
           least(c.covered_km2 / c.cell_km2, 1)::float8 as "coveredFraction", c.look_count as "lookCount",
           c.best_gsd_cm as "bestGsdCm",
           to_char(c.last_seen_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "lastSeenAt"
    from coverage_cells c join survey_areas a on a.id = c.area_id and a.archived_at is null cross join tile
    where c.geom && tile.env4326 and c.look_count > 0${officeFilterSql(ctx, 'a.office_id')}`,
};
