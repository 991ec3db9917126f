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
