import type { TileLayer } from '../tile-layer';

/**
 * Uncovered parts of survey areas within the tile: per area, the union of the uncovered part of
 * each grid cell in the tile (`areaM2` is the part in this tile). An area whose grid does not
 * exist yet is uncovered as a whole. From zoom 10 (a tile then holds at most a few thousand cells).
 */
export const gapsLayer: TileLayer = {
  name: 'gaps',
  properties: ['areaId', 'areaM2'],
  minZoom: 10,
  sql: () => `
    select d.geom, x.area_id as "areaId", st_area(d.geom::geography) as "areaM2"
    from (
      select c.area_id, st_union(case when c.covered is null then c.geom else st_difference(c.geom, c.covered) end) as u
      from coverage_cells c cross join tile
      where c.geom && tile.env4326 and (c.covered is null or c.covered_km2 < c.cell_km2)
      group by c.area_id
      union all
      select a.id, st_intersection(a.geom, tile.env4326)
      from survey_areas a cross join tile
      where a.grid_created_at is null and a.geom && tile.env4326
    ) x
    cross join lateral st_dump(st_collectionextract(x.u, 3)) d
    where not st_isempty(d.geom)`,
};
