import type { Queryable } from '@skywater/core/db/db';
import type { SiteCollection, SiteKind } from '@skywater/core/wastewater/site-view';

export type { SiteKind };

/** Venue- and hotel-level sites identify businesses: only analysts and admins see them. */
export function isRestrictedKind(kind: SiteKind): boolean {
  return kind === 'venue' || kind === 'hotel';
}

/** The sites of `officeIds` as a FeatureCollection (properties carry `officeId`). */
export async function sitesAsGeoJson(
  db: Queryable,
  opts: { areaId?: number; includeRestricted: boolean; officeIds: number[] },
): Promise<SiteCollection> {
  const { rows } = await db.query<{ fc: SiteCollection }>(
    `select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
       'type', 'Feature', 'id', s.id,
       'geometry', st_asgeojson(s.geom, 6)::json,
       'properties', json_build_object('id', s.id, 'code', s.code, 'name', s.name, 'kind', s.kind,
         'populationServed', s.population_served, 'areaId', s.area_id, 'district', s.district,
         'officeId', s.office_id))
       order by s.id), '[]'::json)) as fc
     from sites s
     where ($1::bigint is null or s.area_id = $1) and ($2 or not s.restricted) and s.office_id = any($3::bigint[])`,
    [opts.areaId ?? null, opts.includeRestricted, opts.officeIds],
  );
  return rows[0]!.fc;
}

export interface NewSite {
  code: string;
  name: string;
  kind: SiteKind;
  lon: number;
  lat: number;
  populationServed?: number | null;
  areaId?: number | null;
  district?: string | null;
  /** Without one, the site takes its area's office, else the province's. */
  officeId?: number | null;
}

export async function insertSite(tx: Queryable, site: NewSite): Promise<number> {
  const { rows } = await tx.query<{ id: number }>(
    `insert into sites (code, name, kind, geom, population_served, area_id, district, restricted, office_id)
     values ($1, $2, $3, st_setsrid(st_makepoint($4, $5), 4326), $6, $7, $8, $9, $10) returning id`,
    [
      site.code,
      site.name,
      site.kind,
      site.lon,
      site.lat,
      site.populationServed ?? null,
      site.areaId ?? null,
      site.district ?? null,
      isRestrictedKind(site.kind),
      site.officeId ?? null,
    ],
  );
  return rows[0]!.id;
}
