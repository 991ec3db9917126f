import type { Queryable } from '@skywater/core/db/db';
import { UnprocessableError } from '@skywater/core/errors/app-error';

/**
 * Refuses a point outside its office's territory (422 outside_territory); an office without a
 * territory takes points anywhere.
 */
export async function assertWithinTerritory(db: Queryable, officeId: number, lon: number, lat: number): Promise<void> {
  const { rows } = await db.query<{ inside: boolean | null; code: string }>(
    `select code, case when territory is null then null
                       else st_intersects(territory, st_setsrid(st_makepoint($2, $3), 4326)) end as inside
     from offices where id = $1`,
    [officeId, lon, lat],
  );
  const office = rows[0];
  if (office && office.inside === false) {
    throw new UnprocessableError('outside_territory', `The point lies outside the territory of office ${office.code}`);
  }
}

/**
 * Refuses an area (GeoJSON Polygon or MultiPolygon, WGS84) that does not lie within its office's
 * territory (422 outside_territory, with the share outside in km²); an office without a territory
 * takes areas anywhere.
 */
export async function assertAreaWithinTerritory(db: Queryable, officeId: number, geojson: string): Promise<void> {
  const { rows } = await db.query<{ outsideKm2: number | null; code: string }>(
    `select code, case when territory is null or st_coveredby(g, territory) then null
                       else st_area(st_difference(g, territory)::geography) / 1e6 end as "outsideKm2"
     from offices, st_setsrid(st_geomfromgeojson($2), 4326) g where id = $1`,
    [officeId, geojson],
  );
  const office = rows[0];
  if (office && office.outsideKm2 !== null) {
    throw new UnprocessableError(
      'outside_territory',
      `The area reaches outside the territory of office ${office.code}`,
      { outsideKm2: Number(office.outsideKm2) },
    );
  }
}
