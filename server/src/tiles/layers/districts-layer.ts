import type { TileLayer } from '../tile-layer';

/**
 * The offline basemap's city and district boundaries (the bundled GeoJSON, loaded into
 * `districts`), cut per tile: the browser draws the few vertices a view needs instead of cutting
 * the whole island's outlines itself at every page load.
 */
export const districtsLayer: TileLayer = {
  name: 'districts',
  properties: ['name', 'city'],
  tables: ['districts'],
  sql: () => `
    select d.geom, d.name, d.city
    from districts d cross join tile
    where d.geom && tile.env4326`,
};
