import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@skywater/core/log/logger';
import { createUserIfMissing } from '../../server/src/auth/users';
import { loadDemoData } from '../../server/src/demo/load-demo';
import { startTestApp, TEST_PASSWORD, type TestApp, type TestClient } from '../support/test-app';

// Results after import: the docs/design.md worked example through the API, scoring jobs (one per
// series), corrections with history, restricted sites, the analyte table, PHES-ODM, demo data.

let app: TestApp;
let lab: TestClient;
let analyst: TestClient;
let admin: TestClient;
let plantId: number;
let venueId: number;

const HEADER =
  'site_code,round,sample_id,collected_start,collected_end,collection_type,flow_m3_per_day,population,analyte,value,unit,loq';

async function upload(client: TestClient, body: string, name = 'results.csv') {
  const form = new FormData();
  form.append('file', new Blob([body]), name);
  return client.post('/api/lab/imports', form);
}

beforeAll(async () => {
  app = await startTestApp({ mode: 'server' });
  [lab, analyst, admin] = await Promise.all([app.client('lab'), app.client('analyst'), app.client('admin')]);
  plantId = (
    await admin.post('/api/sites', {
      code: 'WX-PLANT',
      name: '示例厂',
      kind: 'wwtp',
      lon: 110.2,
      lat: 20,
      populationServed: 500_000,
    })
  ).body.id;
  venueId = (
    await admin.post('/api/sites', {
      code: 'WX-VENUE',
      name: '示例场所',
      kind: 'venue',
      lon: 110.21,
      lat: 20.01,
    })
  ).body.id;
  await admin.post('/api/rounds', { name: 'W-R1', startsOn: '2025-03-01', endsOn: '2025-03-30' });
  await admin.post('/api/rounds', { name: 'W-R2', startsOn: '2025-04-01', endsOn: '2025-04-30' });
});
afterAll(() => app?.close());

describe('the docs/design.md worked example through the API', () => {
  let measurementId: number;

  it('imports METH 200 ng/L, 100,000 m³/d, 500,000 people → 20,000 mg/d, 40, 93.2 mg/d/1000', async () => {
    const reply = await upload(
      lab,
      `${HEADER}\n` +
        'WX-PLANT,W-R1,WE-1,2025-03-24 08:00,2025-03-25 08:00,composite_flow,100000,500000,METH,200,ng/L,1\n' +
        'WX-PLANT,W-R1,WE-1,2025-03-24 08:00,2025-03-25 08:00,composite_flow,100000,500000,AMP,<LOQ,ng/L,2\n' +
        'WX-VENUE,W-R1,WE-2,2025-03-24 08:00,2025-03-25 08:00,grab,,,METH,50,ng/L,1\n',
    );
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ status: 'imported', rowsTotal: 3, rowsImported: 3, seriesQueued: 3 });
    const series = await analyst.get(`/api/sites/${plantId}/series?analyte=METH`);
    expect(series.body.siteId).toBe(plantId);
    expect(series.body.analyte).toBe('METH');
    const [point] = series.body.points;
    measurementId = point.measurementId;
    expect(point).toMatchObject({
      valueNgL: 200,
      qualifier: '=',
      revised: false,
      substituted: false,
      correctionFactor: 2.33,
    });
    expect(point.loadMgPerDay).toBeCloseTo(20_000, 6);
    expect(point.normalisedLoadMgPerDayPer1000).toBeCloseTo(40, 9);
    expect(point.consumptionMgPerDayPer1000).toBeCloseTo(93.2, 9);
    expect(series.body.trend).toMatchObject({
      n: 1,
      category: 'insufficient_data',
      basis: 'normalised_load',
    });
  });

  it('carries a below-LOQ point with its qualifier and LOQ/2, flagged (Chinese analyte name accepted)', async () => {
    const series = await analyst.get(`/api/sites/${plantId}/series?analyte=${encodeURIComponent('苯丙胺')}`);
    expect(series.body.analyte).toBe('AMP');
    expect(series.body.points[0]).toMatchObject({
      valueNgL: null,
      qualifier: '<LOQ',
      loqNgL: 2,
      substituted: true,
    });
    expect(series.body.points[0].loadMgPerDay).toBeCloseTo(100, 9);
  });

  it('enqueues one scoring job per touched series and one per round, in the outbox', async () => {
    const { rows } = await app.db.query<{
      queue: string;
      job_name: string;
      job_id: string;
      dedup_id: string;
      payload: Record<string, unknown>;
    }>(`select queue, job_name, job_id, dedup_id, payload from outbox order by job_id`);
    const batchId = (await app.db.query<{ id: number }>(`select max(id)::int as id from import_batches`))
      .rows[0]!.id;
    const roundId = (await app.db.query<{ id: number }>(`select id from rounds where name = 'W-R1'`)).rows[0]!
      .id;
    expect(rows.filter((r) => r.job_name === 'score-series')).toEqual(
      [
        [plantId, 'AMP'],
        [plantId, 'METH'],
        [venueId, 'METH'],
      ]
        .map(([siteId, analyteCode]) => ({
          queue: 'scoring',
          job_name: 'score-series',
          job_id: `score-series-${siteId}-${analyteCode}-${batchId}`,
          dedup_id: `series:${siteId}:${analyteCode}`,
          payload: { siteId, analyteCode, batchId },
        }))
        .sort((a, b) => a.job_id.localeCompare(b.job_id)),
    );
    expect(rows.filter((r) => r.job_name === 'score-round')).toEqual([
      {
        queue: 'hotspots',
        job_name: 'score-round',
        job_id: `score-round-${roundId}-${batchId}`,
        dedup_id: `round:${roundId}`,
        payload: { roundId, batchId },
      },
    ]);
    await app.services.relay.relayOnce();
    const { rows: keys } = await app.db.query<{ relay_key: string }>(
      `select relay_key from outbox where job_id = $1`,
      [`score-series-${plantId}-METH-${batchId}`],
    );
    const job = await app.services.queues
      .get('scoring')
      .getJob(`score-series-${plantId}-METH-${batchId}-${keys[0]!.relay_key}`);
    expect(job?.data).toEqual({ siteId: plantId, analyteCode: 'METH', batchId });
  });

  it('corrects a result with a reason: history kept, marked revised, audited, re-scored', async () => {
    const outboxBefore = (await app.db.query<{ n: number }>(`select count(*)::int as n from outbox`)).rows[0]!
      .n;
    const reply = await lab.post(`/api/measurements/${measurementId}/corrections`, {
      value: '0.25',
      unit: 'µg/L',
      reason: '稀释倍数录入错误 / dilution factor typed wrong',
    });
    expect(reply.status).toBe(201);
    expect(reply.body.measurement).toMatchObject({ valueNgL: 250, qualifier: '=', revised: true });
    const again = await lab.post(`/api/measurements/${measurementId}/corrections`, {
      value: 250,
      reason: 'same',
    });
    expect(again.status).toBe(422);

    const history = await analyst.get(`/api/measurements/${measurementId}/history`);
    expect(history.body.revisions).toEqual([
      expect.objectContaining({
        oldQualifier: '=',
        oldValueNgL: 200,
        newQualifier: '=',
        newValueNgL: 250,
        reason: '稀释倍数录入错误 / dilution factor typed wrong',
        actorName: 'lab',
      }),
    ]);
    const series = await analyst.get(`/api/sites/${plantId}/series?analyte=METH`);
    expect(series.body.points[0]).toMatchObject({ valueNgL: 250, revised: true });
    const audit = await app.db.query<{
      actor_name: string;
      before: { valueNgL: number };
      after: { valueNgL: number; reason: string };
    }>(`select actor_name, before, after from audit_log where entity = 'measurement' and entity_id = $1`, [
      String(measurementId),
    ]);
    expect(audit.rows).toEqual([
      expect.objectContaining({ actor_name: 'lab', before: expect.objectContaining({ valueNgL: 200 }) }),
    ]);
    expect(audit.rows[0]!.after).toMatchObject({
      valueNgL: 250,
      reason: expect.stringContaining('dilution'),
    });
    const jobs = await app.db.query<{ job_id: string }>(`select job_id from outbox order by id offset $1`, [
      outboxBefore,
    ]);
    expect(jobs.rows.map((j) => j.job_id)).toEqual([
      expect.stringMatching(new RegExp(`^score-series-${plantId}-METH-rev-\\d+$`)),
      expect.stringMatching(/^score-round-\d+-rev-\d+$/),
    ]);
  });

  it('refuses a correction without a reason, and a re-upload of the old value as a conflict', async () => {
    const noReason = await lab.post(`/api/measurements/${measurementId}/corrections`, { value: 1 });
    expect(noReason.status).toBe(400);
    const analystTry = await analyst.post(`/api/measurements/${measurementId}/corrections`, {
      value: 1,
      reason: 'x',
    });
    expect(analystTry.status).toBe(403);
    const reupload = await upload(
      lab,
      `${HEADER}\nWX-PLANT,W-R1,WE-1,2025-03-24 08:00,2025-03-25 08:00,composite_flow,100000,500000,METH,200,ng/L,1\n`,
      'old.csv',
    );
    expect(reupload.body.errors).toEqual([
      expect.objectContaining({
        code: 'conflict_with_stored',
        measurementId,
        message: expect.stringContaining('250'),
      }),
    ]);
  });

  it('takes the number typed beside a chosen <LOQ as the new LOQ', async () => {
    const amp = await analyst.get(`/api/sites/${plantId}/series?analyte=AMP`);
    const ampId = amp.body.points[0].measurementId as number;
    const reply = await lab.post(`/api/measurements/${ampId}/corrections`, {
      value: 5,
      qualifier: '<LOQ',
      reason: 'LOQ of the re-validated method',
    });
    expect(reply.status).toBe(201);
    expect(reply.body.measurement).toMatchObject({ qualifier: '<LOQ', valueNgL: null, loqNgL: 5 });
    const history = await analyst.get(`/api/measurements/${ampId}/history`);
    expect(history.body.revisions.at(-1)).toMatchObject({ oldLoqNgL: 2, newLoqNgL: 5, newQualifier: '<LOQ' });
  });
});

describe('restricted sites', () => {
  it('hides a venue series from a lab user (404) and shows it to an analyst', async () => {
    expect((await lab.get(`/api/sites/${venueId}/series?analyte=METH`)).status).toBe(404);
    const seen = await analyst.get(`/api/sites/${venueId}/series?analyte=METH`);
    expect(seen.status).toBe(200);
    expect(seen.body.trend.basis).toBe('concentration');
  });

  it('leaves venues out of a lab user’s export, except the venue results that user uploaded', async () => {
    const created = await admin.post('/api/users', {
      username: 'lab-other',
      roles: ['lab'],
      password: 'Another-lab-pass-2025',
    });
    expect(created.status).toBe(201);
    const otherLab = await app.client();
    await otherLab.login('lab-other', 'Another-lab-pass-2025');
    const otherExport = (await otherLab.get('/api/lab/exports.csv')).body as string;
    const labExport = (await lab.get('/api/lab/exports.csv')).body as string;
    const analystExport = (await analyst.get('/api/lab/exports.csv')).body as string;
    expect(otherExport).not.toContain('WX-VENUE');
    expect(analystExport).toContain('WX-VENUE');
    // The uploader finds its own venue row, with the id a correction names.
    const [header, ...lines] = labExport
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .filter(Boolean);
    expect(header!.split(',').at(-1)).toBe('result_id');
    const venueLine = lines.find((line) => line.startsWith('WX-VENUE,'))!;
    const { rows } = await app.db.query<{ id: string }>(
      `select m.id from measurements m join samples s on s.id = m.sample_id where s.site_id = $1`,
      [venueId],
    );
    expect(venueLine.split(',').at(-1)).toBe(String(rows[0]!.id));
  });
});

describe('the analyte table', () => {
  it('lists analytes with names, factors, molar masses and source', async () => {
    const reply = await lab.get('/api/analytes');
    const meth = reply.body.find((a: { code: string }) => a.code === 'METH');
    expect(meth).toMatchObject({
      code: 'METH',
      name: 'Methamphetamine',
      nameZh: '甲基苯丙胺',
      correctionFactor: 2.33,
      excretedFraction: 0.43,
      provisional: false,
    });
    expect(meth.aliases).toContain('冰毒');
    expect(reply.body.find((a: { code: string }) => a.code === 'ETO-ACID')).toMatchObject({
      provisional: true,
    });
    expect(reply.body.length).toBeGreaterThanOrEqual(20);
  });

  it('lets an admin change a factor with a reason, keeps the history, and the series uses it', async () => {
    expect(
      (await analyst.request('PATCH', '/api/analytes/METH', { correctionFactor: 2.5, reason: 'x' })).status,
    ).toBe(403);
    expect((await admin.request('PATCH', '/api/analytes/METH', { correctionFactor: 2.5 })).status).toBe(400);
    const reply = await admin.request('PATCH', '/api/analytes/METH', {
      correctionFactor: 2.5,
      source: 'local study 2025',
      reason: '采用本地排泄率研究',
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ correctionFactor: 2.5, source: 'local study 2025' });
    const history = await analyst.get('/api/analytes/METH/history');
    expect(history.body).toEqual([
      expect.objectContaining({
        reason: '采用本地排泄率研究',
        actorName: 'admin',
        before: expect.objectContaining({ correctionFactor: 2.33 }),
        after: expect.objectContaining({ correctionFactor: 2.5 }),
      }),
    ]);
    const series = await analyst.get(`/api/sites/${plantId}/series?analyte=METH`);
    expect(series.body.points[0].consumptionMgPerDayPer1000).toBeCloseTo(50 * 2.5, 9);
    await admin.request('PATCH', '/api/analytes/METH', {
      correctionFactor: 2.33,
      source: meth233Source,
      reason: 'restore',
    });
  });
});
const meth233Source =
  'Zuccato et al. 2008; Castiglioni et al. 2013; SCORE / EUDA wastewater monitoring practice';

describe('PHES-ODM import', () => {
  it('imports the drug measures through the same checks and lists the unmapped rows', async () => {
    const form = new FormData();
    form.append(
      'samples',
      new Blob([
        'sampleID,siteID,saMaterial,collType,collPer,collDT,collDTStart,collDTEnd\n' +
          'odm-1,WX-PLANT,rawWW,flowPr,24,,2025-04-07T08:00:00+08:00,2025-04-08T08:00:00+08:00\n',
      ]),
      'samples.csv',
    );
    form.append(
      'measures',
      new Blob([
        'measureRepID,sampleID,siteID,measure,value,unit,aggregation,organizationID,protocolID\n' +
          'a,odm-1,WX-PLANT,METH,0.2,ugL,sin,HN-CDC,SPE-LC-MS/MS\n' +
          'b,odm-1,WX-PLANT,floRate,100000,m3D,sin,,\n' +
          'c,odm-1,WX-PLANT,covN1,12,gcL,sin,,\n',
      ]),
      'measures.csv',
    );
    form.append('sites', new Blob(['siteID,popServ\nWX-PLANT,500000\n']), 'sites.csv');
    form.append('round', 'W-R2');
    const reply = await lab.post('/api/lab/imports/phes-odm', form);
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ status: 'imported', rowsTotal: 1, rowsImported: 1, rowsUnmapped: 2 });
    expect(reply.body.unmapped.map((u: { field: string; found: string }) => [u.field, u.found])).toEqual([
      ['measure', 'covN1'],
      ['unit', 'gcL'],
    ]);
    const series = await analyst.get(`/api/sites/${plantId}/series?analyte=METH`);
    const odm = series.body.points.find((p: { sampleId: string }) => p.sampleId === 'odm-1');
    expect(odm).toMatchObject({
      roundName: 'W-R2',
      valueNgL: 200,
      flowM3PerDay: 100_000,
      population: 500_000,
    });
    expect(odm.normalisedLoadMgPerDayPer1000).toBeCloseTo(40, 9);
  });
});

describe('PHES-ODM sites table', () => {
  const fixture = (name: string) =>
    new Blob([fs.readFileSync(new URL(`../fixtures/wastewater/${name}`, import.meta.url))]);
  /** The Delatolla lab's real export: its samples, measures and sites tables (site Ottawa-1). */
  const delatolla = (round: string) => {
    const form = new FormData();
    form.append('samples', fixture('delatolla_v2_head200_samples.csv'), 'samples.csv');
    form.append('measures', fixture('delatolla_v2_head200_measures.csv'), 'measures.csv');
    form.append('sites', fixture('delatolla_v2_sites.csv'), 'sites.csv');
    form.append('round', round);
    return form;
  };
  const ottawaSites = async () =>
    (
      await app.db.query<{ office_id: number }>(
        `select office_id::int as office_id from sites where code = 'Ottawa-1'`,
      )
    ).rows;

  it('refuses a sites row naming no site of the uploader’s offices, as a lab file’s unknown site, and creates none', async () => {
    const reply = await lab.post('/api/lab/imports/phes-odm', delatolla('W-R1'));
    expect(reply.status).toBe(422);
    expect(reply.body).toMatchObject({ status: 'rejected', rowsImported: 0, rowsRejected: 1 });
    expect(reply.body.errors).toEqual([
      expect.objectContaining({ row: 2, column: 'sites.siteID', code: 'unknown_site' }),
    ]);
    expect(reply.body.errors[0].message).toContain('Ottawa-1');
    expect(reply.body.errors[0].messageZh).toContain('Ottawa-1');
    // The same row in a lab file: the same error code, the same words.
    const csv = await upload(
      lab,
      `${HEADER}
Ottawa-1,W-R1,x-1,2025-03-24 08:00,2025-03-25 08:00,composite_flow,100000,500000,METH,200,ng/L,1
`,
    );
    expect(csv.body.errors[0]).toMatchObject({
      code: 'unknown_site',
      message: reply.body.errors[0].message,
      messageZh: reply.body.errors[0].messageZh,
    });
    expect(await ottawaSites()).toEqual([]);
  });

  it('matches the sites row to the uploader’s office’s site, and a sibling office’s site reads as unknown', async () => {
    const root = Number((await app.db.query(`select root_office_id() as id`)).rows[0]!.id);
    const office = async (code: string) =>
      Number(
        (
          await app.db.query<{ id: number }>(
            `insert into offices (code, name_zh, name_en, kind, parent_id) values ($1, $1, $1, 'city', $2) returning id`,
            [code, root],
          )
        ).rows[0]!.id,
      );
    const ottawaOffice = await office('odm-ottawa');
    const siblingOffice = await office('odm-sibling');
    await app.db.query(
      `insert into sites (code, name, kind, geom, population_served, office_id)
       values ('Ottawa-1', 'Ottawa-ROPEC', 'wwtp', st_setsrid(st_makepoint(110.25, 20.02), 4326), 1100000, $1)`,
      [ottawaOffice],
    );
    for (const [username, officeId] of [
      ['odm-ottawa-lab', ottawaOffice],
      ['odm-sibling-lab', siblingOffice],
    ] as const)
      await createUserIfMissing(app.db, { username, password: TEST_PASSWORD, roles: ['lab'], officeId });

    const own = await (
      await app.client('odm-ottawa-lab')
    ).post('/api/lab/imports/phes-odm?dryRun=true', delatolla('W-R1'));
    expect(own.body.errors).toEqual([]);
    expect(own.body.rowsRejected).toBe(0);
    // Its measures are sludge SARS-CoV-2 results: listed as unmapped, none a drug.
    expect(own.body.rowsUnmapped).toBeGreaterThan(0);

    const sibling = await (
      await app.client('odm-sibling-lab')
    ).post('/api/lab/imports/phes-odm?dryRun=true', delatolla('W-R1'));
    expect(sibling.body.errors).toEqual([
      expect.objectContaining({ row: 2, column: 'sites.siteID', code: 'unknown_site' }),
    ]);
    expect(await ottawaSites()).toEqual([{ office_id: ottawaOffice }]);
  });
});

describe('demo data', () => {
  it('imports the six demo rounds through the lab import, once, as system', async () => {
    const log = createLogger('silent');
    const started = performance.now();
    await loadDemoData(app.db, log);
    const seconds = (performance.now() - started) / 1000;
    const batches = await app.db.query<{
      file_name: string;
      rows_imported: number;
      uploaded_by_name: string;
    }>(
      `select file_name, rows_imported, uploaded_by_name from import_batches where file_name like 'round-%' order by id`,
    );
    expect(batches.rows.map((b) => b.file_name)).toEqual([1, 2, 3, 4, 5, 6].map((i) => `round-${i}.csv`));
    expect(batches.rows.every((b) => b.rows_imported === 1470 && b.uploaded_by_name === 'system')).toBe(true);
    const before = (await app.db.query<{ n: number }>(`select count(*)::int as n from measurements`)).rows[0]!
      .n;
    await loadDemoData(app.db, log);
    expect(
      (await app.db.query<{ n: number }>(`select count(*)::int as n from measurements`)).rows[0]!.n,
    ).toBe(before);
    expect(seconds).toBeGreaterThan(0);
    const site = await app.db.query<{ id: number }>(`select id from sites where code = 'HK-WWTP-01'`);
    const series = await analyst.get(`/api/sites/${site.rows[0]!.id}/series?analyte=METH`);
    expect(series.body.points).toHaveLength(6);
    expect(series.body.trend.n).toBe(6);
  });
});
