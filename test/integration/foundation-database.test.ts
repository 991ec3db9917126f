import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, readMigrations, schemaStatus } from '@skywater/core/db/migrate';
import { createPgDb } from '@skywater/core/db/pg-db';
import { createTestDb, testBackend, type TestDb } from '../support/test-db';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.cleanup());

describe(`migrations (${testBackend()})`, () => {
  it('records every migration once and a second run applies nothing', async () => {
    const { rows } = await t.db.query<{ version: string }>(
      'select version from schema_migrations order by version',
    );
    expect(rows.map((r) => r.version)).toEqual(readMigrations().map((m) => m.version));
    expect(await migrate(t.db)).toEqual([]);
    const status = await schemaStatus(t.db);
    expect(status.migrated).toBe(true);
    expect(status.postgis).toMatch(/^3\./);
  });

  it('applies each migration once when two processes start at the same time', async () => {
    if (!t.schema) {
      // PGlite is one process by construction: concurrency here means two calls at once.
      const results = await Promise.all([migrate(t.db), migrate(t.db)]);
      expect(results.flat()).toEqual([]);
      return;
    }
    const url = process.env.TEST_DATABASE_URL!;
    const fresh = `${t.schema}_race`;
    const admin = createPgDb({ connectionString: url, max: 1 });
    await admin.exec(`create schema ${fresh}`);
    const a = createPgDb({ connectionString: url, schema: fresh });
    const b = createPgDb({ connectionString: url, schema: fresh });
    try {
      const [fromA, fromB] = await Promise.all([migrate(a), migrate(b)]);
      expect([...fromA, ...fromB].sort()).toEqual(readMigrations().map((m) => `${m.version}_${m.name}`));
      const { rows } = await a.query<{ n: number }>('select count(*)::int as n from schema_migrations');
      expect(rows[0]!.n).toBe(readMigrations().length);
    } finally {
      await a.close();
      await b.close();
      await admin.exec(`drop schema ${fresh} cascade`);
      await admin.close();
    }
  });
});

describe('what the schema refuses to store', () => {
  // 23514: a CHECK constraint refused the row (not a missing reference or a syntax error).
  const refuses = (sql: string, params: unknown[] = []) =>
    expect(t.db.query(sql, params)).rejects.toMatchObject({ code: '23514' });

  it('refuses a negative concentration, a value for a non-detect and a 0 standing for "not detected"', async () => {
    await t.db.exec(
      `insert into analytes (code, name_en, name_zh, residue) values ('METH', 'Methamphetamine', '甲基苯丙胺', 'methamphetamine')`,
    );
    await t.db.exec(
      `insert into rounds (name, starts_on, ends_on) values ('R-schema', '2025-01-01', '2025-01-10')`,
    );
    await t.db.exec(
      `insert into sites (code, name, kind, geom) values ('S-SCHEMA', 'x', 'wwtp', st_setsrid(st_makepoint(110.3, 20.0), 4326))`,
    );
    await t.db
      .exec(`insert into samples (site_id, round_id, lab_sample_id, collected_start, collected_end, collection_type)
      select s.id, r.id, 'L1', '2025-01-02T08:00+08', '2025-01-03T08:00+08', 'composite_flow' from sites s, rounds r where s.code = 'S-SCHEMA' and r.name = 'R-schema'`);
    const insert = `insert into measurements (sample_id, analyte_code, qualifier, value_ng_l)
      select id, 'METH', $1, $2 from samples where lab_sample_id = 'L1'`;
    await refuses(insert, ['=', -1]);
    await refuses(insert, ['ND', 0]);
    await refuses(insert, ['=', null]);
    await expect(t.db.query(insert, ['ND', null])).resolves.toBeTruthy();
  });

  it('refuses a sample that ends before it starts, and a round that ends before it starts', async () => {
    await refuses(`insert into rounds (name, starts_on, ends_on) values ('bad', '2025-02-01', '2025-01-01')`);
    await refuses(`insert into samples (site_id, round_id, lab_sample_id, collected_start, collected_end, collection_type)
      select s.id, r.id, 'L2', '2025-01-03T08:00+08', '2025-01-02T08:00+08', 'grab' from sites s, rounds r where s.code = 'S-SCHEMA' and r.name = 'R-schema'`);
  });

  it('refuses coordinates out of range and an unknown site kind', async () => {
    await refuses(
      `insert into sites (code, name, kind, geom) values ('S-BAD', 'x', 'wwtp', st_setsrid(st_makepoint(200, 20), 4326))`,
    );
    await refuses(
      `insert into sites (code, name, kind, geom) values ('S-BAD2', 'x', 'casino', st_setsrid(st_makepoint(110, 20), 4326))`,
    );
  });

  it("cannot alter the audit log or the histories through the application's role (skywater_app)", async () => {
    const asApp = (sql: string) =>
      t.db.transaction(async (tx) => {
        await tx.query('set local role skywater_app');
        return tx.query(sql);
      });
    // What the application does: read and write data, append to the audit log.
    await asApp(`insert into audit_log (actor_name, action, entity) values ('app', 'create', 'thing')`);
    expect((await asApp(`select count(*) >= 0 as ok from measurements`)).rows).toEqual([{ ok: true }]);
    await asApp(`update sites set name = name where false`);
    // What it cannot: rewrite history, or take the guards off.
    for (const sql of [
      `update audit_log set action = 'forged'`,
      `delete from audit_log`,
      `truncate audit_log`,
      `alter table audit_log disable trigger audit_log_append_only`,
      `drop trigger audit_log_append_only on audit_log`,
      `drop table audit_log`,
      `update measurement_revisions set reason = 'x'`,
      `delete from analyte_revisions`,
      `delete from finding_events`,
      `delete from findings`,
    ]) {
      await expect(asApp(sql), sql).rejects.toThrow(/permission denied|must be owner/);
    }
    const { rows } = await t.db.query(`select action from audit_log where actor_name = 'app'`);
    expect(rows).toEqual([{ action: 'create' }]);
  });

  it('keeps the audit log append-only: UPDATE and DELETE are refused', async () => {
    await t.db.query(`insert into audit_log (actor_name, action, entity) values ('test', 'create', 'thing')`);
    await expect(t.db.query(`update audit_log set action = 'forged'`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`delete from audit_log`)).rejects.toThrow(/append-only/);
    const { rows } = await t.db.query<{ action: string }>(
      `select action from audit_log where actor_name = 'test'`,
    );
    expect(rows.map((r) => r.action)).toEqual(['create']);
  });

  it('indexes every geometry column of a table with GiST (views read their tables\' indexes)', async () => {
    const { rows } = await t.db.query<{ table_name: string; column_name: string; indexed: boolean }>(
      `select c.table_name, c.column_name,
         exists (select 1 from pg_indexes i where i.tablename = c.table_name and i.schemaname = c.table_schema
                 and i.indexdef ilike '%using gist (' || c.column_name || ')%') as indexed
       from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
       where c.udt_name = 'geometry' and c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
         and c.column_name in ('geom', 'track', 'footprint')`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(6);
    expect(rows.filter((r) => !r.indexed)).toEqual([]);
  });
});
