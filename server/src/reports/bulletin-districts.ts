import type { MultiPolygon } from 'geojson';
import type { Queryable } from '@skywater/core/db/db';

/** A district (county) outline for the bulletin's map, with a point inside it for its name. */
export interface BulletinDistrict {
  name: string;
  outline: MultiPolygon;
  labelAt: [number, number];
}

/**
 * The districts around the bulletin's sites (their extent, widened by `marginDeg`), simplified
 * to about 50 m, which a map 640 px wide cannot tell apart: boundaries for the reader to
 * orient by.
 */
export async function loadBulletinDistricts(
  db: Queryable,
  points: readonly { lon: number; lat: number }[],
  marginDeg = 0.05,
): Promise<BulletinDistrict[]> {
  if (points.length === 0) return [];
  const lons = points.map((p) => p.lon);
  const lats = points.map((p) => p.lat);
  const { rows } = await db.query<BulletinDistrict>(
    `select d.name, st_asgeojson(st_multi(st_simplifypreservetopology(d.geom, 0.0005)), 5)::json as outline,
            json_build_array(st_x(p), st_y(p)) as "labelAt"
       from districts d cross join lateral (select st_pointonsurface(d.geom) as p) l
      where d.geom && st_makeenvelope($1, $2, $3, $4, 4326)
      order by d.name`,
    [
      Math.min(...lons) - marginDeg,
      Math.min(...lats) - marginDeg,
      Math.max(...lons) + marginDeg,
      Math.max(...lats) + marginDeg,
    ],
  );
  return rows;
}
