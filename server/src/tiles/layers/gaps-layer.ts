import { OVERLAY_GRID_DEG as GRID } from '@skywater/core/survey/coverage/overlay-grid';
import { drawnAreaIdsSql, officeFilterSql, type TileLayer } from '../tile-layer';

/**
 * Below this zoom the gaps are the stored overview of blocks of 2^(12-z) cells a side (a 250 m
 * cell's block is then ~6 pixels of a 256-px tile); from it, the cells' own uncovered parts.
 */
const CELLS_FROM_ZOOM = 12;

/**
 * Uncovered parts of survey areas within the tile, per area, read from `coverage_gap_overviews`
 * (kept by the writes to the cells, sql/031: a tile reads a few polygons instead of unioning
 * thousands of cells). From zoom 12 exactly: the union of the uncovered parts of the area's open
 * cells, cut to the tile plus a margin wider than the tile's buffer, so the tile is unchanged
 * (`areaM2` is the part in it). Zoom 10 and 11: the union of the area's mostly open blocks, the
 * gaps at the tile's resolution (`areaM2` the whole polygon's). An area whose grid does not exist yet is uncovered
 * as a whole. Overlays are snap-rounded to the coverage grid (overlay-grid.ts), as the gaps
 * route's are. Archived areas and those of offices the reader may not see are left out.
 */
export const gapsLayer: TileLayer = {
  name: 'gaps',
  properties: ['areaId', 'areaM2'],
  tables: ['coverage_cells', 'coverage_gap_overviews', 'survey_areas'],
  sql: (ctx) => {
    const areaIds = drawnAreaIdsSql(ctx);
    const near = `(select st_expand(env4326, (st_xmax(env4326) - st_xmin(env4326)) * 0.05) as env from tile) near`;
    const ungridded = `
    select d.geom, a.id as "areaId", st_area(d.geom::geography) as "areaM2"
    from survey_areas a
    cross join ${near}
    cross join lateral st_dump(st_collectionextract(st_intersection(a.geom, near.env), 3)) d
    where a.grid_created_at is null and a.archived_at is null and a.geom && near.env${officeFilterSql(ctx, 'a.office_id')}
      and not st_isempty(d.geom)`;
    if (ctx.z < CELLS_FROM_ZOOM) {
      return `
    select g.geom, g.area_id as "areaId", g.area_m2 as "areaM2"
    from coverage_gap_overviews g cross join tile
    where g.side_cells = ${2 ** (CELLS_FROM_ZOOM - ctx.z)} and g.geom && tile.env4326 and g.area_id = any(${areaIds})
    union all${ungridded}`;
    }
    return `
    select d.geom, g.area_id as "areaId", st_area(d.geom::geography) as "areaM2"
    from coverage_gap_overviews g
    cross join ${near}
    cross join lateral st_dump(st_collectionextract(st_intersection(g.geom, near.env, ${GRID}), 3)) d
    where g.side_cells = 1 and g.geom && near.env and g.area_id = any(${areaIds}) and not st_isempty(d.geom)
    union all${ungridded}`;
  },
};
