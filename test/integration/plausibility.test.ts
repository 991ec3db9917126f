import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from '../support/test-app';

/**
 * Numbers a lab cannot have measured (1e309, NaN, Infinity, -0, 1e300) in every numeric column,
 * through CSV, XLSX, PHES-ODM and corrections: a clear 4xx with the reason, nothing stored.
 * Values beyond a soft bound are stored and listed for the lab to confirm. A flow or a
 * population can be corrected, with history.
 */
let app: TestApp;
let lab: TestClient;
let analyst: TestClient;
let admin: TestClient;
let siteId: number;

const HEADER =
  'site_code,round,sample_id,collected_start,collected_end,collection_type,flow_m3_per_day,population,analyte,value,unit,lod,loq,recovery_pct';
const COLUMNS = HEADER.split(',');
const GOOD: Record<string, string> = {
  site_code: 'PL-S1',
  round: 'PL-R1',
  sample_id: 'P1',
  collected_start: '2025-01-02 08:00',
  collected_end: '2025-01-03 08:00',
  collection_type: 'composite_flow',
  flow_m3_per_day: '50000',
  population: '200000',
  analyte: 'METH',
  value: '40',
  unit: 'ng/L',
  lod: '0.5',
  loq: '1',
  recovery_pct: '95',
};
const csvOf = (cells: Record<string, string>) =>
  `${HEADER}\n${COLUMNS.map((c) => cells[c] ?? '').join(',')}\n`;

async function upload(body: string | Uint8Array, name = 'results.csv') {
  const form = new FormData();
  form.append('file', new Blob([body as BlobPart]), name);
  return lab.post('/api/lab/imports', form);
}

async function stored() {
  const { rows } = await app.db.query<{ m: number; s: number; r: number }>(
    `select (select count(*) from measurements)::int as m, (select count(*) from samples)::int as s,
       (select count(*) from measurement_revisions)::int + (select count(*) from sample_revisions)::int as r`,
  );
  return rows[0]!;
}

beforeAll(async () => {
  app = await startTestApp({ mode: 'server' });
  [lab, analyst, admin] = await Promise.all([app.client('lab'), app.client('analyst'), app.client('admin')]);
  siteId = (
    await admin.post('/api/sites', {
      code: 'PL-S1',
      name: '合理性测试厂',
      kind: 'wwtp',
      lon: 110.2,
      lat: 20,
      populationServed: 200_000,
    })
  ).body.id;
  await analyst.post('/api/rounds', { name: 'PL-R1', startsOn: '2025-01-01', endsOn: '2025-01-10' });
}, 120_000);
afterAll(() => app?.close());

const BAD = ['1e309', 'NaN', 'Infinity', '-0', '1e300'];
const NUMERIC = ['value', 'flow_m3_per_day', 'population', 'lod', 'loq', 'recovery_pct'];

describe('impossible numbers at import', () => {
  it.each(NUMERIC.flatMap((column) => BAD.map((bad) => [column, bad] as const)))(
    'CSV: refuses %s = %s with its reason and stores nothing',
    async (column, bad) => {
      const before = await stored();
      const reply = await upload(csvOf({ ...GOOD, [column]: bad }));
      expect(reply.status).toBe(422);
      expect(reply.body.rowsImported).toBe(0);
      const codes = reply.body.errors.map((e: { code: string }) => e.code);
      expect(
        codes.some((c: string) => ['invalid_number', 'negative_value', 'implausible_value'].includes(c)),
      ).toBe(true);
      expect(await stored()).toEqual(before);
    },
  );

  // An XLSX cell cannot hold -0, NaN or Infinity as a number (ExcelJS writes 0, or the text):
  // those arrive as text cells, as a lab would type them.
  it.each(
    NUMERIC.flatMap((column) =>
      [1e300, Number.MAX_VALUE, '1e309', 'NaN', 'Infinity', '-0'].map((bad) => [column, bad] as const),
    ),
  )('XLSX: refuses the cell %s = %s and stores nothing', async (column, bad) => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Data');
    sheet.addRow(COLUMNS);
    const cells: (string | number)[] = COLUMNS.map((c) => GOOD[c]!);
    cells[COLUMNS.indexOf(column)] = bad;
    sheet.addRow(cells);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const before = await stored();
    const reply = await upload(bytes, 'results.xlsx');
    expect(reply.status).toBe(422);
    expect(reply.body.rowsImported).toBe(0);
    expect(await stored()).toEqual(before);
  });

  const odmMeasures = (value: string, flow: string) =>
    `a,odm-9,PL-S1,METH,${value},ngL,sin,,\nb,odm-9,PL-S1,floRate,${flow},m3D,sin,,\n`;
  it.each([
    ...BAD.map((bad) => [`value ${bad}`, odmMeasures(bad, '50000'), '200000'] as const),
    ...BAD.map((bad) => [`flow ${bad}`, odmMeasures('40', bad), '200000'] as const),
    ...BAD.map((bad) => [`population ${bad}`, odmMeasures('40', '50000'), bad] as const),
  ])('PHES-ODM: refuses an impossible %s and stores nothing', async (what, measures, population) => {
    const form = new FormData();
    form.append(
      'samples',
      new Blob([
        'sampleID,siteID,saMaterial,collType,collPer,collDT,collDTStart,collDTEnd\n' +
          'odm-9,PL-S1,rawWW,flowPr,24,,2025-01-02T08:00:00+08:00,2025-01-03T08:00:00+08:00\n',
      ]),
      'samples.csv',
    );
    form.append(
      'measures',
      new Blob([
        `measureRepID,sampleID,siteID,measure,value,unit,aggregation,organizationID,protocolID\n${measures}`,
      ]),
      'measures.csv',
    );
    form.append('sites', new Blob([`siteID,popServ\nPL-S1,${population}\n`]), 'sites.csv');
    form.append('round', 'PL-R1');
    const before = await stored();
    const reply = await lab.post('/api/lab/imports/phes-odm', form);
    expect(reply.status).toBeGreaterThanOrEqual(400);
    expect(reply.status).toBeLessThan(500);
    // The reason names the column and what is wrong with it (not "missing" for a flow of NaN).
    const errors = reply.body.errors as { column: string; code: string }[];
    expect(errors.map((e) => e.column)).toContain(
      what.startsWith('flow') ? 'flow_m3_per_day' : what.split(' ')[0],
    );
    expect(
      errors.every((e) => ['invalid_number', 'negative_value', 'implausible_value'].includes(e.code)),
    ).toBe(true);
    expect(await stored()).toEqual(before);
  });

  it('stores a value beyond the soft bound and asks the lab to confirm it', async () => {
    const reply = await upload(csvOf({ ...GOOD, sample_id: 'SOFT-1', value: '200000' }));
    expect(reply.status).toBe(201);
    expect(reply.body.rowsImported).toBe(1);
    expect(reply.body.notices).toEqual([
      expect.objectContaining({ code: 'confirm_value', column: 'value', row: 2 }),
    ]);
  });
});

describe('bounds an admin sets', () => {
  it('win over the defaults, with their source, audited; lab users cannot set them', async () => {
    const bound = {
      quantity: 'concentration',
      analyteCode: 'METH',
      siteKind: 'wwtp',
      hardMin: 0,
      hardMinExclusive: false,
      hardMax: 50_000,
      softMin: null,
      softMax: 5_000,
      source: '本中心历年最高值 / our lab: METH never above 5 µg/L at plants',
      reason: '按本地数据收紧 / tightened to local data',
    };
    expect((await lab.request('PUT', '/api/plausibility-bounds', bound)).status).toBe(403);
    expect((await admin.request('PUT', '/api/plausibility-bounds', { ...bound, hardMax: -1 })).status).toBe(
      400,
    );
    const set = await admin.request('PUT', '/api/plausibility-bounds', bound);
    expect(set.status).toBe(200);
    const listed = await lab.get('/api/plausibility-bounds');
    expect(listed.body.stored).toEqual([expect.objectContaining({ analyteCode: 'METH', softMax: 5_000 })]);
    const soft = await upload(csvOf({ ...GOOD, sample_id: 'ADM-1', value: '6000' }));
    expect(soft.status).toBe(201);
    expect(soft.body.notices.map((n: { code: string }) => n.code)).toEqual(['confirm_value']);
    const before = await stored();
    const hard = await upload(csvOf({ ...GOOD, sample_id: 'ADM-2', value: '60000' }));
    expect(hard.status).toBe(422);
    expect(hard.body.errors[0]).toMatchObject({ code: 'implausible_value', column: 'value' });
    expect(await stored()).toEqual(before);
    const audit = await app.db.query(
      `select count(*)::int as n from audit_log where entity = 'plausibility_bound'`,
    );
    expect(audit.rows[0]).toEqual({ n: 1 });
    // Back to the defaults for the other tests.
    await app.db.query(`delete from plausibility_bounds`);
  });
});

describe('corrections', () => {
  let measurementId: number;
  let sampleId: number;
  beforeAll(async () => {
    const reply = await upload(csvOf({ ...GOOD, sample_id: 'CORR-1' }));
    expect(reply.status).toBe(201);
    const { rows } = await app.db.query<{ mid: number; sid: number }>(
      `select m.id as mid, s.id as sid from measurements m join samples s on s.id = m.sample_id
        where s.lab_sample_id = 'CORR-1'`,
    );
    measurementId = Number(rows[0]!.mid);
    sampleId = Number(rows[0]!.sid);
  });

  it.each(BAD)('refuses a value corrected to %s and stores nothing', async (bad) => {
    const before = await stored();
    const reply = await lab.post(`/api/measurements/${measurementId}/corrections`, {
      value: bad,
      reason: 'test',
    });
    expect(reply.status).toBeGreaterThanOrEqual(400);
    expect(reply.status).toBeLessThan(500);
    expect(await stored()).toEqual(before);
  });

  // JSON carries no NaN or Infinity: a client sends them as text (or 1e309, which parses to Infinity).
  const changes: Record<string, unknown>[] = [
    { flowM3PerDay: -5 },
    { flowM3PerDay: 0 },
    ...['flowM3PerDay', 'population'].flatMap((field) =>
      [1e300, -0, '1e309', 'NaN', 'Infinity', '1e300'].map((bad) => ({ [field]: bad })),
    ),
    { population: 12.5 },
    {},
  ];
  it.each(changes.map((change) => [change]))(
    'refuses the sample correction %j and stores nothing',
    async (change) => {
      const before = await stored();
      const reply = await lab.post(`/api/samples/${sampleId}/corrections`, { ...change, reason: 'test' });
      expect(reply.status).toBeGreaterThanOrEqual(400);
      expect(reply.status).toBeLessThan(500);
      expect(reply.body.error.code).toBeTruthy();
      expect(await stored()).toEqual(before);
    },
  );

  it('corrects a flow with its history, and the series follows', async () => {
    const reply = await lab.post(`/api/samples/${sampleId}/corrections`, {
      flowM3PerDay: 60_000,
      reason: '流量计读数录入错误 / flow meter misread',
    });
    expect(reply.status).toBe(201);
    expect(reply.body.sample).toMatchObject({ flowM3PerDay: 60_000, population: 200_000, revised: true });
    const history = await analyst.get(`/api/samples/${sampleId}/history`);
    expect(history.body.revisions).toEqual([
      expect.objectContaining({ oldFlowM3PerDay: 50_000, newFlowM3PerDay: 60_000, actorName: 'lab' }),
    ]);
    const again = await lab.post(`/api/samples/${sampleId}/corrections`, {
      flowM3PerDay: 60_000,
      reason: 'x',
    });
    expect(again.status).toBe(422);
    const series = await analyst.get(`/api/sites/${siteId}/series?analyte=METH`);
    const point = series.body.points.find((p: { sampleId: string }) => p.sampleId === 'CORR-1');
    // 40 ng/L × 60,000 m³/d = 2,400 mg/d over 200,000 people = 12 mg/d/1000.
    expect(point.normalisedLoadMgPerDayPer1000).toBeCloseTo(12, 9);
    // Every figure with its 95 % interval and the components behind it.
    expect(point.normalisedLoadMgPerDayPer1000Lower95).toBeLessThan(12);
    expect(point.normalisedLoadMgPerDayPer1000Upper95).toBeGreaterThan(12);
    expect(point.uncertainty.components).toMatchObject({
      sampling: { rsd: 0.1 },
      flow: { rsd: 0.1 },
      population: { rsd: 0.2 },
    });
  });
});

describe('a store that already holds impossible numbers (from before the checks)', () => {
  it('still serves the sites tile at every zoom, the series and the bulletin', async () => {
    // As the owner: lift the finiteness checks that keep such values out, write them, as an
    // older installation might hold them.
    await app.db.query(`alter table measurements drop constraint measurements_values_finite`);
    await app.db.query(`alter table samples drop constraint samples_flow_finite`);
    const { rows } = await app.db.query<{ id: number }>(`select id from rounds where name = 'PL-R1'`);
    const roundId = rows[0]!.id;
    for (const [sampleId, flow, value] of [
      ['OLD-1', 1e300, 1e300],
      ['OLD-2', 'Infinity', 'Infinity'],
      ['OLD-3', 5e4, 'NaN'],
    ] as const) {
      const sample = await app.db.query<{ id: number }>(
        `insert into samples (site_id, round_id, lab_sample_id, collected_start, collected_end, collection_type,
           flow_m3_per_day, population)
         values ($1, $2, $3, '2025-01-05T00:00:00Z', '2025-01-06T00:00:00Z', 'composite_flow', $4::float8, 200000)
         returning id`,
        [siteId, roundId, sampleId, String(flow)],
      );
      await app.db.query(
        `insert into measurements (sample_id, analyte_code, qualifier, value_ng_l, loq_ng_l) values ($1, 'METH', '=', $2::float8, 1)`,
        [sample.rows[0]!.id, String(value)],
      );
    }
    for (const [z, x, y] of [
      [0, 0, 0],
      [4, 12, 6],
      [8, 206, 114],
      [12, 3303, 1830],
    ]) {
      const tile = await analyst.get(`/tiles/sites/${z}/${x}/${y}.pbf?analyte=METH&roundId=${roundId}`);
      expect(tile.status, `z${z}`).toBeLessThan(300);
    }
    const series = await analyst.get(`/api/sites/${siteId}/series?analyte=METH`);
    expect(series.status).toBe(200);
    expect(series.body.points.map((p: { sampleId: string }) => p.sampleId)).not.toContain('OLD-1');
    const bulletin = await analyst.get(`/api/reports/bulletin?roundId=${roundId}`);
    expect(bulletin.status).toBe(200);
  });
});
