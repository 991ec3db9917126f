import type { MultiPolygon } from 'geojson';
import type { Queryable } from '@skywater/core/db/db';

/** A district (county) outline for the bulletin's map, with a point for its name inside its part in view. */
export interface BulletinDistrict {
  name: string;
  outline: MultiPolygon;
  labelAt: [number, number];
}

/**
 * The districts around the bulletin's sites (their extent, widened by `marginDeg`), simplified
 * to about 50 m, which a map 640 px wide cannot tell apart: boundaries for the reader to
 * orient by. A district's name is placed inside its part within the sites' extent (the map's
 * frame), so a large district reaching into view is named even when its middle is not.
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
    `with frame as (select st_makeenvelope($1, $2, $3, $4, 4326) as env,
                           st_makeenvelope($1::float8 + $5::float8, $2::float8 + $5::float8,
                                           $3::float8 - $5::float8, $4::float8 - $5::float8, 4326) as sites)
     select d.name, st_asgeojson(st_multi(st_simplifypreservetopology(d.geom, 0.0005)), 5)::json as outline,
            json_build_array(st_x(p), st_y(p)) as "labelAt"
       from districts d cross join frame
            cross join lateral (select st_intersection(d.geom, frame.sites) as part) v
            cross join lateral (
              select case when st_isempty(v.part) then st_pointonsurface(d.geom)
                          else st_pointonsurface(v.part) end as p) l
      where d.geom && frame.env
      order by d.name`,
    [
      Math.min(...lons) - marginDeg,
      Math.min(...lats) - marginDeg,
      Math.max(...lons) + marginDeg,
      Math.max(...lats) + marginDeg,
      marginDeg,
    ],
  );
  return rows;
}
