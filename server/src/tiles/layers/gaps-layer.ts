import { OVERLAY_GRID_DEG as GRID } from '@skywater/core/survey/coverage/overlay-grid';
import { officeFilterSql, type TileLayer } from '../tile-layer';

/**
 * Uncovered parts of survey areas within the tile, per area (`areaM2` is the part in this tile).
 * The cells of an area's grid tile it exactly, so its gaps are either the union of each open
 * cell's uncovered part, or the area minus the union of what was covered; the query unions
 * whichever set is smaller in the tile (an area not flown yet: nothing to subtract; one nearly
 * done: a few open cells), since a union of thousands of cells is what costs. Near the tile, the
 * area is cut to the tile plus a margin wider than the tile's buffer, so the tile is unchanged.
 * An area whose grid does not exist yet is uncovered as a whole. From zoom 10. Overlays are
 * snap-rounded to the coverage grid (overlay-grid.ts), as the gaps route's are. Archived areas
 * and those of offices the reader may not see are left out.
 */
export const gapsLayer: TileLayer = {
  name: 'gaps',
  properties: ['areaId', 'areaM2'],
  tables: ['coverage_cells', 'survey_areas'],
  sql: (ctx) => {
    const inOffices = officeFilterSql(ctx, 'a.office_id');
    return `
    with near as (
      select st_expand(tile.env4326, (st_xmax(tile.env4326) - st_xmin(tile.env4326)) * 0.05) as env
      from tile
    ),
    cells as materialized (
      select c.area_id, c.geom, c.covered, (c.covered is null or c.covered_km2 < c.cell_km2) as open
      from coverage_cells c join survey_areas a on a.id = c.area_id and a.archived_at is null${inOffices} cross join near
      where c.geom && near.env
    ),
    counts as (
      select area_id, count(*) filter (where open) as open_cells,
             count(*) filter (where covered is not null) as seen_cells
      from cells group by area_id
    ),
    gaps as (
      select c.area_id, st_union(case when c.covered is null then c.geom else st_difference(c.geom, c.covered, ${GRID}) end, ${GRID}) as u
      from cells c join counts n on n.area_id = c.area_id
      where c.open and n.open_cells <= n.seen_cells
      group by c.area_id
      union all
      select a.id, st_difference(st_intersection(a.geom, near.env), coalesce(
               (select st_union(c.covered, ${GRID}) from cells c where c.area_id = a.id and c.covered is not null),
               st_setsrid('GEOMETRYCOLLECTION EMPTY'::geometry, 4326)), ${GRID})
      from survey_areas a join counts n on n.area_id = a.id cross join near
      where n.open_cells > n.seen_cells${inOffices}
      union all
      select a.id, st_intersection(a.geom, near.env)
      from survey_areas a cross join near
      where a.grid_created_at is null and a.archived_at is null and a.geom && near.env${inOffices}
    )
    select d.geom, g.area_id as "areaId", st_area(d.geom::geography) as "areaM2"
    from gaps g
    cross join lateral st_dump(st_collectionextract(g.u, 3)) d
    where not st_isempty(d.geom)`;
  },
};
