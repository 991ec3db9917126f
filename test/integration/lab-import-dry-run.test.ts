import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserIfMissing } from '../../server/src/auth/users';
import { startTestApp, TEST_PASSWORD, type TestApp, type TestClient } from '../support/test-app';

// A dry run keeps the rows it checked: the real import commits them by the dry run's token,
// without sending the file again. Through the real API, database and Redis.

let app: TestApp;
let lab: TestClient;
let admin: TestClient;

const HEADER =
  'site_code,round,sample_id,collected_start,collected_end,collection_type,flow_m3_per_day,population,analyte,value,unit,lod,loq,lab,method,replicate';

function row(sampleId: string, analyte: string, value: string): string {
  return `DR-WWTP-1,DR-R1,${sampleId},2025-03-24 08:00,2025-03-25 08:00,composite_flow,100000,,${analyte},${value},ng/L,0.5,1,Hainan lab,SPE-LC-MS/MS,1`;
}

const csv = (...rows: string[]) => `${HEADER}\n${rows.join('\n')}\n`;

async function dryRun(client: TestClient, body: string, query = '') {
  const form = new FormData();
  form.append('file', new Blob([body]), 'dry.csv');
  return client.post(`/api/lab/imports?dryRun=true${query}`, form);
}

async function upload(client: TestClient, body: string) {
  const form = new FormData();
  form.append('file', new Blob([body]), 'results.csv');
  return client.post('/api/lab/imports', form);
}

const commit = (client: TestClient, token: string, query = '') =>
  client.post(`/api/lab/imports?dryRunToken=${token}${query}`);

async function counts() {
  const { rows } = await app.db.query<Record<string, number>>(
    `select (select count(*) from samples)::int as samples, (select count(*) from measurements)::int as measurements,
            (select count(*) from import_batches)::int as batches, (select count(*) from outbox)::int as outbox,
            (select count(*) from audit_log where entity = 'import_batch')::int as audits`,
  );
  return rows[0]!;
}

beforeAll(async () => {
  app = await startTestApp({ mode: 'server' });
  lab = await app.client('lab');
  admin = await app.client('admin');
  await admin.post('/api/sites', {
    code: 'DR-WWTP-1',
    name: '试运行污水厂',
    kind: 'wwtp',
    lon: 110.3,
    lat: 20.0,
    populationServed: 500_000,
  });
  await admin.post('/api/rounds', { name: 'DR-R1', startsOn: '2025-03-20', endsOn: '2025-03-30' });
}, 600_000);
afterAll(() => app?.close());

describe('a dry run committed by its token', () => {
  it('stores no result, then imports the checked rows without the file', async () => {
    const before = await counts();
    const file = csv(row('T-1', 'METH', '200'), row('T-1', 'AMP', '20'), row('T-1', 'KET', 'abc'));
    const checked = await dryRun(lab, file, '&mode=valid-only');
    expect(checked.status).toBe(200);
    expect(checked.body).toMatchObject({ status: 'checked', rowsTotal: 3, rowsImported: 2, rowsRejected: 1 });
    expect(checked.body.dryRunToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(checked.body.dryRunExpiresAt)).toBeGreaterThan(Date.now());
    expect(await counts()).toEqual(before);

    const imported = await commit(lab, checked.body.dryRunToken);
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({
      status: 'imported',
      rowsTotal: 3,
      rowsImported: 2,
      rowsRejected: 1,
      mode: 'valid_only',
      fileSha256: checked.body.fileSha256,
      seriesQueued: 2,
    });
    expect(imported.body.errors).toEqual(checked.body.errors);
    const stored = await app.db.query<{ analyte_code: string; value_ng_l: number; batch_id: number }>(
      `select m.analyte_code, m.value_ng_l, m.batch_id from measurements m join samples s on s.id = m.sample_id
        where s.lab_sample_id = 'T-1' order by m.analyte_code`,
    );
    expect(stored.rows).toEqual([
      { analyte_code: 'AMP', value_ng_l: 20, batch_id: imported.body.batchId },
      { analyte_code: 'METH', value_ng_l: 200, batch_id: imported.body.batchId },
    ]);
    const batch = await app.db.query<{ file_sha256: string; file_name: string }>(
      `select file_sha256, file_name from import_batches where id = $1`,
      [imported.body.batchId],
    );
    expect(batch.rows[0]).toEqual({ file_sha256: checked.body.fileSha256, file_name: 'dry.csv' });

    // Used once: a second commit is refused and writes nothing more.
    const after = await counts();
    const again = await commit(lab, checked.body.dryRunToken);
    expect(again.status).toBe(409);
    expect(await counts()).toEqual(after);
  });

  it("refuses another user's token, and an expired one, writing nothing", async () => {
    const checked = await dryRun(lab, csv(row('T-2', 'METH', '150')));
    const token = checked.body.dryRunToken as string;
    const before = await counts();
    const stranger = await commit(admin, token);
    expect(stranger.status).toBe(404);
    expect(stranger.body.error.code).toBe('not_found');

    await app.db.query(
      `update lab_import_drafts set expires_at = now() - interval '1 second' where token = $1`,
      [token],
    );
    const expired = await commit(lab, token);
    expect(expired.status).toBe(422);
    expect(expired.body.error.code).toBe('dry_run_expired');
    expect(await counts()).toEqual(before);
  });

  it('refuses an unknown token and a malformed one', async () => {
    const unknown = await commit(lab, '00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    const malformed = await commit(lab, 'not-a-token');
    expect(malformed.status).toBe(400);
  });

  it('checks against the store again at the commit, and a refused commit leaves the token to retry', async () => {
    const checked = await dryRun(lab, csv(row('T-3', 'METH', '300'), row('T-3', 'AMP', '30')));
    expect(checked.body).toMatchObject({ status: 'checked', rowsRejected: 0 });
    // Meanwhile another file stores a different METH result for the same sample.
    const other = await upload(lab, csv(row('T-3', 'METH', '310')));
    expect(other.body.status).toBe('imported');

    const before = await counts();
    const refused = await commit(lab, checked.body.dryRunToken);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ status: 'rejected', rowsRejected: 1, rowsImported: 0 });
    expect(refused.body.errors.map((e: { code: string }) => e.code)).toEqual(['conflict_with_stored']);
    expect(await counts()).toEqual(before);

    const validOnly = await commit(lab, checked.body.dryRunToken, '&mode=valid-only');
    expect(validOnly.status).toBe(201);
    expect(validOnly.body).toMatchObject({ status: 'imported', rowsImported: 1, rowsRejected: 1 });
  });

  it('keeps the rows of a dry run server-side until the commit, and drops them after it', async () => {
    const checked = await dryRun(lab, csv(row('T-4', 'MDMA', '12')));
    const token = checked.body.dryRunToken as string;
    const chunks = () =>
      app.db.query<{ n: number }>(`select count(*)::int as n from lab_import_draft_chunks where token = $1`, [
        token,
      ]);
    expect((await chunks()).rows[0]!.n).toBe(1);
    expect((await commit(lab, token)).status).toBe(201);
    expect((await chunks()).rows[0]!.n).toBe(0);
  });

  it('commits under the committer’s offices of the moment: a site moved out of them is a row error, nothing stored', async () => {
    const one = async (sql: string, params: unknown[]) =>
      Number((await app.db.query<{ id: number }>(sql, params)).rows[0]!.id);
    const province = await one(`select root_office_id() as id`, []);
    const office = (code: string, zh: string) =>
      one(
        `insert into offices (code, name_zh, name_en, kind, parent_id) values ($1, $2, $1, 'city', $3) returning id`,
        [code, zh, province],
      );
    const city = await office('dr-city', '试运行市');
    const sibling = await office('dr-sibling', '邻市');
    await createUserIfMissing(app.db, {
      username: 'dr-city-lab',
      password: TEST_PASSWORD,
      roles: ['lab'],
      officeId: city,
    });
    const site = await one(
      `insert into sites (code, name, kind, geom, population_served, office_id)
       values ('DR-CITY-1', 'DR-CITY-1', 'wwtp', st_setsrid(st_makepoint(110.4, 20.0), 4326), 300000, $1) returning id`,
      [city],
    );
    const campaign = await one(
      `insert into campaigns (name, office_id) values ('DR-CITY', $1) returning id`,
      [city],
    );
    await one(
      `insert into rounds (name, starts_on, ends_on, campaign_id) values ('DR-CITY-R1', '2025-03-20', '2025-03-30', $1) returning id`,
      [campaign],
    );
    const cityLab = await app.client();
    await cityLab.login('dr-city-lab', TEST_PASSWORD);
    const cityRow = (sampleId: string, analyte: string, value: string) =>
      row(sampleId, analyte, value).replace('DR-WWTP-1,DR-R1,', 'DR-CITY-1,DR-CITY-R1,');
    const file = csv(cityRow('C-1', 'METH', '150'), cityRow('C-1', 'AMP', '15'));
    // The province's site and round are unknown to the city's dry run, as any it may not see.
    const foreign = await dryRun(cityLab, csv(row('C-0', 'METH', '1')));
    expect(foreign.body.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
      [2, 'unknown_site'],
      [2, 'unknown_round'],
    ]);
    const checked = await dryRun(cityLab, file);
    expect(checked.body).toMatchObject({ status: 'checked', rowsRejected: 0 });

    const before = await counts();
    await app.db.query(`update sites set office_id = $1 where id = $2`, [sibling, site]);
    const refused = await commit(cityLab, checked.body.dryRunToken);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ status: 'rejected', rowsImported: 0, rowsRejected: 2 });
    expect(refused.body.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
      [2, 'unknown_site'],
      [3, 'unknown_site'],
    ]);
    expect(await counts()).toEqual(before);

    // Back in the city's office, the same token commits.
    await app.db.query(`update sites set office_id = $1 where id = $2`, [city, site]);
    const imported = await commit(cityLab, checked.body.dryRunToken);
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({ status: 'imported', rowsImported: 2 });
  });
});
