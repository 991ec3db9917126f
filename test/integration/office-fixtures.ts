import type { Db } from '@skywater/core/db/db';
import { ROLES } from '@skywater/core/auth/roles';
import { metricSridFor } from '@skywater/core/survey/coverage/metric-projection';
import { createUserIfMissing } from '../../server/src/auth/users';
import { TEST_PASSWORD } from '../support/test-app';

/** Where an office stands from the Haikou accounts' point of view. */
export const RELATIONS = ['own', 'sub', 'sibling', 'parent'] as const;
export type Relation = (typeof RELATIONS)[number];

/** One office's objects: one of each kind a route can name, all belonging to it. */
export interface OfficeObjects {
  officeId: number;
  area: number;
  site: number;
  round: number;
  import: number;
  sample: number;
  measurement: number;
  alert: number;
  flight: number;
  image: number;
  finding: number;
  user: string;
  office: number;
}

/**
 * The province (parent), Haikou (own) with its district Qiongshan (sub), and Dongfang (sibling);
 * accounts `haikou-<role>` for each role; and in each office one area, site, round, import
 * batch, sample and result, alert, flight, photo, finding and account, each placed in its
 * office's own square (the offices lie side by side along the equator, 1° apart).
 */
export async function createOfficeWorld(db: Db): Promise<Record<Relation, OfficeObjects>> {
  const parent = (await db.query<{ id: number }>(`select root_office_id()::int as id`)).rows[0]!.id;
  const office = async (code: string, kind: string, parentId: number, zh: string) =>
    (
      await db.query<{ id: number }>(
        `insert into offices (code, name_zh, name_en, kind, parent_id) values ($1, $2, $1, $3, $4) returning id::int as id`,
        [code, zh, kind, parentId],
      )
    ).rows[0]!.id;
  const own = await office('haikou', 'city', parent, '海口市');
  const sub = await office('qiongshan', 'district', own, '琼山区');
  const sibling = await office('dongfang', 'city', parent, '东方市');
  for (const role of ROLES) {
    await createUserIfMissing(db, {
      username: `haikou-${role}`,
      password: TEST_PASSWORD,
      roles: [role],
      officeId: own,
    });
  }
  const offices: Record<Relation, number> = { own, sub, sibling, parent };
  const world = {} as Record<Relation, OfficeObjects>;
  let x = 0;
  for (const relation of RELATIONS) {
    world[relation] = await createObjects(db, relation, offices[relation], x);
    x += 1;
  }
  return world;
}

async function createObjects(db: Db, tag: string, officeId: number, lon: number): Promise<OfficeObjects> {
  const one = async (sql: string, params: unknown[]) =>
    Number((await db.query<{ id: number }>(sql, params)).rows[0]!.id);
  const square = `st_multi(st_makeenvelope(${lon}, 0, ${lon + 0.5}, 0.5, 4326))`;
  // The square's own UTM zone, and 5 km cells: 121 of them, so a coverage rebuild of the area (a
  // route of the matrix, run in the request) builds its grid at once. With the default 250 m it
  // would be 49,000 cells in a zone 111° away, holding the embedded database for minutes.
  const area = await one(
    `insert into survey_areas (name, city, geom, area_km2, office_id, metric_srid, grid_cell_m)
     select $1, $1, g, st_area(g::geography) / 1e6, $2, $3, 5000
       from (select ${square} as g) x returning id`,
    [`area-${tag}`, officeId, metricSridFor(lon + 0.25, 0.25)],
  );
  const site = await one(
    `insert into sites (code, name, kind, geom, population_served, area_id, office_id)
     values ($1, $1, 'wwtp', st_setsrid(st_makepoint($2, 0.25), 4326), 100000, $3, $4) returning id`,
    [`site-${tag}`, lon + 0.25, area, officeId],
  );
  const campaign = await one(`insert into campaigns (name, office_id) values ($1, $2) returning id`, [
    `campaign-${tag}`,
    officeId,
  ]);
  const round = await one(
    `insert into rounds (name, starts_on, ends_on, campaign_id) values ($1, '2025-01-01', '2025-01-31', $2) returning id`,
    [`round-${tag}`, campaign],
  );
  const user = `user-${tag}`;
  await db.query(
    `insert into users (username, password_hash, roles, office_id) values ($1, 'x', '{lab}', $2)`,
    [user, officeId],
  );
  const batch = await one(
    `insert into import_batches (file_sha256, file_name, format, status, rows_total, rows_imported, office_id)
     values (encode(sha256(convert_to($1, 'UTF8')), 'hex'), $1, 'csv', 'imported', 1, 1, $2) returning id`,
    [`batch-${tag}`, officeId],
  );
  const sample = await one(
    `insert into samples (site_id, round_id, lab_sample_id, collected_start, collected_end, collection_type,
       flow_m3_per_day, batch_id)
     values ($1, $2, $3, '2025-01-10T00:00:00Z', '2025-01-11T00:00:00Z', 'composite_flow', 50000, $4) returning id`,
    [site, round, `s-${tag}`, batch],
  );
  const measurement = await one(
    `insert into measurements (sample_id, analyte_code, qualifier, value_ng_l, batch_id)
     values ($1, 'METH', '=', 120, $2) returning id`,
    [sample, batch],
  );
  const alert = await one(
    `insert into alerts (kind, condition_key, site_id, analyte_code, round_id, severity)
     values ('spike', $1, $2, 'METH', $3, 'high') returning id`,
    [`office-${tag}`, site, round],
  );
  const flight = await one(
    `insert into flights (area_id, track, point_count, distance_m, log_format, log_sha256, log_file_name)
     values ($1, st_setsrid(st_geomfromtext($2), 4326), 2, 1000, 'gpx', encode(sha256(convert_to($3, 'UTF8')), 'hex'), $3)
     returning id`,
    [area, `MULTILINESTRING ZM ((${lon + 0.1} 0.1 100 0, ${lon + 0.2} 0.2 100 60))`, `flight-${tag}.gpx`],
  );
  const image = await one(
    `insert into images (flight_id, sha256, original_name, storage_key, status, footprint)
     values ($1, encode(sha256(convert_to($2, 'UTF8')), 'hex'), $2, $2, 'done', st_makeenvelope($3::float8, 0.1, $3::float8 + 0.01, 0.11, 4326))
     returning id`,
    [flight, `image-${tag}.jpg`, lon + 0.1],
  );
  const finding = await one(
    // Recorded by Haikou's pilot, who follows up what they recorded: in an office out of their
    // sight it is still absent to them.
    `insert into findings (area_id, geom, crop, confidence, source, created_by)
     select $1, st_setsrid(st_makepoint($2, 0.3), 4326), 'opium_poppy', 0.8, 'analyst', id
       from users where username = 'haikou-pilot' returning id`,
    [area, lon + 0.3],
  );
  return {
    officeId,
    area,
    site,
    round,
    import: batch,
    sample,
    measurement,
    alert,
    flight,
    image,
    finding,
    user,
    office: officeId,
  };
}
