import type { Queryable } from '@skywater/core/db/db';
import { createUserIfMissing } from '../../server/src/auth/users';
import { startTestApp, TEST_PASSWORD, type TestApp } from './test-app';

/** The id a statement's first row returns as `id`. */
export const idOf = async (db: Queryable, sql: string, params: unknown[] = []): Promise<number> =>
  Number((await db.query<{ id: number }>(sql, params)).rows[0]!.id);

export interface ProvinceOffices {
  province: number;
  haikou: number;
  qiongshan: number;
  dongfang: number;
  wanning: number;
}

/** A test application (server mode) with the province tests' offices (`createProvinceOffices`). */
export async function startProvinceTestApp(): Promise<{ app: TestApp; offices: ProvinceOffices }> {
  const app = await startTestApp({ mode: 'server' });
  return { app, offices: await createProvinceOffices(app.db) };
}

/** The period both province tests ask for: the year 2025. */
export const PERIOD_2025 = 'from=2025-01-01&to=2025-12-31';

/**
 * The offices the province tests compare, below the root office: Haikou with its district
 * Qiongshan, Dongfang, Wanning; and Haikou's analyst (`haikou-analyst`, the test password).
 */
export async function createProvinceOffices(db: Queryable): Promise<ProvinceOffices> {
  const province = await idOf(db, `select root_office_id() as id`);
  const office = (code: string, kind: string, parent: number, zh: string, en: string) =>
    idOf(
      db,
      `insert into offices (code, name_zh, name_en, kind, parent_id) values ($1, $2, $3, $4, $5) returning id`,
      [code, zh, en, kind, parent],
    );
  const haikou = await office('haikou', 'city', province, '海口市禁毒委', 'Haikou');
  const qiongshan = await office('qiongshan', 'district', haikou, '琼山区禁毒办', 'Qiongshan');
  const dongfang = await office('dongfang', 'city', province, '东方市禁毒委', 'Dongfang');
  const wanning = await office('wanning', 'city', province, '万宁市禁毒委', 'Wanning');
  await createUserIfMissing(db, {
    username: 'haikou-analyst',
    password: TEST_PASSWORD,
    roles: ['analyst'],
    officeId: haikou,
  });
  return { province, haikou, qiongshan, dongfang, wanning };
}

/** A coverage cell: its covered km² to date, and the km² each local day's photos covered of it. */
export interface CellCover {
  coveredKm2: number;
  /** km² by local day `YYYY-MM-DD`. */
  daysKm2?: Record<string, number>;
}

/**
 * A survey area (a 0.1° square near Haikou) with coverage cells of 1 km² written as given (the
 * figures the coverage update would have left), optionally archived.
 */
export async function surveyAreaWithCover(
  db: Queryable,
  officeId: number,
  name: string,
  km2: number,
  cells: CellCover[],
  archived = false,
): Promise<number> {
  const areaId = await idOf(
    db,
    `insert into survey_areas (name, city, geom, area_km2, office_id, archived_at)
     values ($1, $1, st_multi(st_makeenvelope(110, 20, 110.1, 20.1, 4326)), $2, $3, $4) returning id`,
    [name, km2, officeId, archived ? new Date() : null],
  );
  for (const [ix, cell] of cells.entries()) {
    await db.query(
      `insert into coverage_cells (area_id, ix, iy, geom, cell_km2, covered_km2)
       values ($1, $2, 0, st_multi(st_makeenvelope(110, 20, 110.01, 20.01, 4326)), 1, $3)`,
      [areaId, ix, cell.coveredKm2],
    );
    for (const [day, km2] of Object.entries(cell.daysKm2 ?? {}))
      await db.query(
        `insert into coverage_cell_days (area_id, ix, iy, day, covered, covered_km2, first_seen_at, last_seen_at, look_count)
         values ($1, $2, 0, $3, st_multi(st_makeenvelope(110, 20, 110.01, 20.01, 4326)), $4,
                 ($3::date + time '10:00') at time zone 'Asia/Shanghai', ($3::date + time '11:00') at time zone 'Asia/Shanghai', 1)`,
        [areaId, ix, day, km2],
      );
  }
  return areaId;
}

/**
 * The km² flown in a period per office, straight from the cells' days: areas not archived,
 * days from `from` to `to` inclusive; keyed by office id.
 */
export async function flownKm2ByOffice(
  db: Queryable,
  from: string,
  to: string,
): Promise<Map<number, number>> {
  const { rows } = await db.query<{ office_id: number; km2: number }>(
    `select a.office_id::int as office_id, sum(d.covered_km2)::float8 as km2
       from coverage_cell_days d join survey_areas a on a.id = d.area_id
      where a.archived_at is null and d.day >= $1::date and d.day <= $2::date
      group by a.office_id`,
    [from, to],
  );
  return new Map(rows.map((r) => [r.office_id, r.km2]));
}
