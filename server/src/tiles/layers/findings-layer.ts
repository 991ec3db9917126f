import type { TileLayer } from '../tile-layer';

/** Suspected plots: analysts, pilots and admins only, like GET /api/findings. */
export const findingsLayer: TileLayer = {
  name: 'findings',
  properties: ['id', 'crop', 'status', 'confidence', 'source'],
  access: ['analyst', 'pilot'],
  sql: () => `
    select f.geom, f.id, f.crop, f.status, f.confidence, f.source
    from findings f cross join tile
    where f.geom && tile.env4326`,
};
