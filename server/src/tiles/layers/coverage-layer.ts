import { officeFilterSql, type TileLayer } from '../tile-layer';

/**
 * Zoomed out, cells are drawn as blocks of cells: a 250 m cell is under a pixel at z10, and a z8
 * tile over a large surveyed area would hold more cells than the renderer's row limit (the
 * province-scale bench: 211,893), so it would draw an arbitrary part. From this zoom on, cells.
 */
const CELLS_FROM_ZOOM = 11;

/**
 * Coverage grid cells seen at least once, with the fraction of the cell covered (archived areas
 * left out). Below z11 a feature is a block of 2^(11-z) × 2^(11-z) cells (its ix/iy the block's
 * lowest): the fraction is the block's covered km² over all its cells' km², its looks the most,
 * its GSD the finest and its last look the latest of its cells'.
 */
export const coverageLayer: TileLayer = {
  name: 'coverage',
  properties: ['areaId', 'ix', 'iy', 'coveredFraction', 'lookCount', 'bestGsdCm', 'lastSeenAt'],
  tables: ['coverage_cells', 'survey_areas'],
  sql: (ctx) => {
    const offices = officeFilterSql(ctx, 'a.office_id');
    if (ctx.z >= CELLS_FROM_ZOOM) {
      return `
    select c.geom, c.area_id as "areaId", c.ix, c.iy,
           least(c.covered_km2 / c.cell_km2, 1)::float8 as "coveredFraction", c.look_count as "lookCount",
           c.best_gsd_cm as "bestGsdCm",
           to_char(c.last_seen_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "lastSeenAt"
    from coverage_cells c join survey_areas a on a.id = c.area_id and a.archived_at is null cross join tile
    where c.geom && tile.env4326 and c.look_count > 0${offices}`;
    }
    const side = 2 ** (CELLS_FROM_ZOOM - ctx.z);
    return `
    select st_envelope(st_collect(c.geom)) as geom, c.area_id as "areaId", min(c.ix) as ix, min(c.iy) as iy,
           least(sum(c.covered_km2) / sum(c.cell_km2), 1)::float8 as "coveredFraction",
           max(c.look_count) as "lookCount", min(c.best_gsd_cm) as "bestGsdCm",
           to_char(max(c.last_seen_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "lastSeenAt"
    from coverage_cells c join survey_areas a on a.id = c.area_id and a.archived_at is null cross join tile
    where c.geom && tile.env4326${offices}
    group by c.area_id, floor(c.ix / ${side}.0), floor(c.iy / ${side}.0)
    having max(c.look_count) > 0`;
  },
};
