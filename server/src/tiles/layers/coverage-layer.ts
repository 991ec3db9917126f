import { drawnAreaIdsSql, type TileLayer } from '../tile-layer';

/**
 * Zoomed out, cells are drawn as blocks of 2^(12-z) cells a side (a block is then ~6 pixels of a
 * 256-px tile): a z8 tile over a large surveyed area would hold more cells than the renderer's
 * row limit (the province-scale bench: 211,893), a z11 tile ~6,400. From this zoom on, cells.
 */
const CELLS_FROM_ZOOM = 12;

/**
 * Coverage grid cells seen at least once, with the fraction of the cell covered (archived areas
 * left out). Below z12 a feature is a block of 2^(12-z) × 2^(12-z) cells (`coverage_blocks`, its
 * square clipped to the area; its ix/iy its cells' lowest): the fraction is the block's covered
 * km² over all its cells' km², its looks the most, its GSD the finest and its last look the
 * latest of its cells'.
 */
export const coverageLayer: TileLayer = {
  name: 'coverage',
  properties: ['areaId', 'ix', 'iy', 'coveredFraction', 'lookCount', 'bestGsdCm', 'lastSeenAt'],
  tables: ['coverage_cells', 'coverage_blocks', 'survey_areas'],
  sql: (ctx) => {
    const areaIds = drawnAreaIdsSql(ctx);
    if (ctx.z >= CELLS_FROM_ZOOM) {
      return `
    select c.geom, c.area_id as "areaId", c.ix, c.iy,
           least(c.covered_km2 / c.cell_km2, 1)::float8 as "coveredFraction", c.look_count as "lookCount",
           c.best_gsd_cm as "bestGsdCm",
           to_char(c.last_seen_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "lastSeenAt"
    from coverage_cells c cross join tile
    where c.geom && tile.env4326 and c.look_count > 0 and c.area_id = any(${areaIds})`;
    }
    // The blocks are kept by the writes to the cells (sql/031); the tile reads a few hundred rows.
    const side = 2 ** (CELLS_FROM_ZOOM - ctx.z);
    return `
    select b.geom, b.area_id as "areaId", b.min_ix as ix, b.min_iy as iy,
           least(b.covered_km2 / b.cell_km2, 1)::float8 as "coveredFraction", b.look_count as "lookCount",
           b.best_gsd_cm as "bestGsdCm",
           to_char(b.last_seen_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "lastSeenAt"
    from coverage_blocks b cross join tile
    where b.side_cells = ${side} and b.geom && tile.env4326 and b.look_count > 0 and b.area_id = any(${areaIds})`;
  },
};
