import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from '../support/test-app';

// Lab uploads through the real API, on the real database and Redis: the "bad input"
// list (each refused clearly, nothing written), dry runs, duplicates, conflicts, valid-only,
// the Chinese template round trip and a formula-safe export.

let app: TestApp;
let lab: TestClient;
let analyst: TestClient;
let siteId: number;

const HEADER_EN =
  'site_code,round,sample_id,collected_start,collected_end,collection_type,flow_m3_per_day,population,analyte,value,unit,lod,loq,lab,method,replicate';

function row(cells: Partial<Record<string, string>> = {}): string {
  const base: Record<string, string> = {
    site_code: 'TW-WWTP-1',
    round: 'T-R1',
    sample_id: 'S-1',
    collected_start: '2025-03-24 08:00',
    collected_end: '2025-03-25 08:00',
    collection_type: 'composite_flow',
    flow_m3_per_day: '100000',
    population: '',
    analyte: 'METH',
    value: '200',
    unit: 'ng/L',
    lod: '0.5',
    loq: '1',
    lab: 'Hainan lab',
    method: 'SPE-LC-MS/MS',
    replicate: '1',
  };
  return HEADER_EN.split(',')
    .map((key) => cells[key] ?? base[key]!)
    .join(',');
}

const csv = (...rows: string[]) => `${HEADER_EN}\n${rows.join('\n')}\n`;

async function upload(client: TestClient, body: string | Uint8Array, name = 'results.csv', query = '') {
  const form = new FormData();
  form.append('file', new Blob([body as string | Uint8Array<ArrayBuffer>]), name);
  return client.post(`/api/lab/imports${query}`, form);
}

async function counts() {
  const { rows } = await app.db.query<Record<string, number>>(
    `select (select count(*) from samples)::int as samples, (select count(*) from measurements)::int as measurements,
            (select count(*) from import_batches)::int as batches, (select count(*) from outbox)::int as outbox,
            (select count(*) from audit_log where entity = 'import_batch')::int as audits`,
  );
  return rows[0]!;
}

beforeAll(async () => {
  app = await startTestApp({ mode: 'server', env: { LAB_UPLOAD_MAX_BYTES: '20000' } });
  lab = await app.client('lab');
  analyst = await app.client('analyst');
  const admin = await app.client('admin');
  const site = await admin.post('/api/sites', {
    code: 'TW-WWTP-1',
    name: '测试污水厂',
    kind: 'wwtp',
    lon: 110.3,
    lat: 20.0,
    populationServed: 500_000,
  });
  siteId = site.body.id;
  await admin.post('/api/sites', {
    code: 'TW-V-1',
    name: '测试场所',
    kind: 'venue',
    lon: 110.31,
    lat: 20.01,
  });
  for (let i = 1; i <= 6; i++) {
    await admin.post('/api/rounds', { name: `T-R${i}`, startsOn: `2025-0${i}-01`, endsOn: `2025-0${i}-14` });
  }
});
afterAll(() => app?.close());

describe('bad input: refused clearly, nothing written', () => {
  it('refuses an empty file', async () => {
    const before = await counts();
    const reply = await upload(lab, '');
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('empty_file');
    expect(reply.body.error.details.messageZh).toMatch(/文件为空/);
    expect(await counts()).toEqual(before);
  });

  it('refuses a PNG renamed .csv with 415', async () => {
    const before = await counts();
    const png = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
    ]);
    const reply = await upload(lab, png, 'results.csv');
    expect(reply.status).toBe(415);
    expect(reply.body.error.code).toBe('not_a_table');
    expect(await counts()).toEqual(before);
  });

  it('refuses a file missing required columns, naming them', async () => {
    const before = await counts();
    const reply = await upload(lab, 'site_code,round,value\nTW-WWTP-1,T-R1,200\n');
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('missing_columns');
    expect(reply.body.error.message).toContain('sample_id');
    expect(reply.body.error.details.messageZh).toContain('缺少必需的列');
    expect(await counts()).toEqual(before);
  });

  it('rejects a row with extra cells, reporting the row, and writes nothing', async () => {
    const before = await counts();
    const reply = await upload(lab, csv(row(), `${row({ analyte: 'AMP' })},surplus`));
    expect(reply.status).toBe(422);
    expect(reply.body.status).toBe('rejected');
    expect(reply.body.rowsTotal).toBe(2);
    expect(reply.body.rowsImported).toBe(0);
    expect(reply.body.errors).toEqual([
      expect.objectContaining({
        row: 3,
        column: null,
        code: 'extra_cells',
        messageZh: expect.stringContaining('多于'),
      }),
    ]);
    expect(await counts()).toEqual(before);
  });

  it('refuses a file over the size limit with 413', async () => {
    const before = await counts();
    const big = csv(...Array.from({ length: 400 }, (_, i) => row({ sample_id: `BIG-${i}` })));
    expect(big.length).toBeGreaterThan(20_000);
    const reply = await upload(lab, big);
    expect(reply.status).toBe(413);
    expect(reply.body.error.code).toBe('file_too_large');
    expect(await counts()).toEqual(before);
  });

  it('reports unknown site, round and analyte, a negative value and a duplicate row, all at once', async () => {
    const before = await counts();
    const reply = await upload(
      lab,
      csv(
        row({ site_code: 'NOPE-1' }),
        row({ round: 'T-R99', analyte: 'AMP' }),
        row({ analyte: 'unobtainium' }),
        row({ analyte: 'KET', value: '-3' }),
        row({ analyte: 'MDMA' }),
        row({ analyte: 'MDMA' }),
      ),
    );
    expect(reply.status).toBe(422);
    const codes = reply.body.errors.map((e: { row: number; code: string }) => [e.row, e.code]);
    expect(codes).toEqual([
      [2, 'unknown_site'],
      [3, 'unknown_round'],
      [4, 'unknown_analyte'],
      [5, 'negative_value'],
      [7, 'duplicate_in_file'],
    ]);
    expect(await counts()).toEqual(before);
  });
});

describe('GBK, formulas, dry run, duplicates', () => {
  it('detects a GBK-encoded Chinese CSV and imports it correctly', async () => {
    const text =
      '采样点编码,轮次,样品编号,采样开始时间,采样结束时间,采样方式,日流量(m³/d),检测项目,浓度,单位,检出限,定量限,检测机构\r\n' +
      'TW-WWTP-1,T-R1,GBK-1,2025年3月24日 08:00,2025/3/25 8:00,流量比例混合,100000,甲基苯丙胺,200,ng/L,0.5,1,海南省禁毒检测中心\r\n' +
      'TW-WWTP-1,T-R1,GBK-1,2025年3月24日 08:00,2025/3/25 8:00,流量比例混合,100000,氯胺酮,未检出,ng/L,0.5,1,海南省禁毒检测中心\r\n';
    const gbk = iconv.encode(text, 'gbk');
    const reply = await upload(lab, new Uint8Array(gbk), 'gbk.csv');
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ status: 'imported', rowsTotal: 2, rowsImported: 2, errors: [] });
    const { rows } = await app.db.query<{
      analyte_code: string;
      qualifier: string;
      value_ng_l: number | null;
      lab: string;
    }>(
      `select m.analyte_code, m.qualifier, m.value_ng_l, m.lab from measurements m join samples s on s.id = m.sample_id
       where s.lab_sample_id = 'GBK-1' order by m.analyte_code`,
    );
    expect(rows).toEqual([
      { analyte_code: 'KET', qualifier: 'ND', value_ng_l: null, lab: '海南省禁毒检测中心' },
      { analyte_code: 'METH', qualifier: '=', value_ng_l: 200, lab: '海南省禁毒检测中心' },
    ]);
  });

  it('keeps a =HYPERLINK(...) cell as text and exports it with a leading quote', async () => {
    const formula = '=HYPERLINK("http://evil.example/x","click")';
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Data');
    sheet.addRow(HEADER_EN.split(','));
    const cells = row({ sample_id: 'F-1', lab: 'PLACEHOLDER' }).split(',');
    const excelRow = sheet.addRow(cells);
    excelRow.getCell(HEADER_EN.split(',').indexOf('lab') + 1).value = {
      formula: formula.slice(1),
      result: 'click',
    };
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const reply = await upload(lab, bytes, 'formula.xlsx');
    expect(reply.status).toBe(201);
    const { rows } = await app.db.query<{ lab: string }>(
      `select m.lab from measurements m join samples s on s.id = m.sample_id where s.lab_sample_id = 'F-1'`,
    );
    expect(rows[0]!.lab).toBe(formula);
    const exported = await analyst.get('/api/lab/exports.csv');
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toMatch(/text\/csv/);
    const raw = Buffer.from(
      await (
        await fetch(`${app.baseUrl}/api/lab/exports.csv`, { headers: { cookie: analyst.cookie! } })
      ).arrayBuffer(),
    );
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const line = (exported.body as string).split('\r\n').find((l) => l.includes(',F-1,'))!;
    expect(line).toContain(`"'=HYPERLINK(""http://evil.example/x"",""click"")"`);
  });

  it('checks a file in a dry run and writes nothing', async () => {
    const before = await counts();
    const reply = await upload(
      lab,
      csv(row({ sample_id: 'DRY-1' }), row({ sample_id: 'DRY-1', analyte: 'AMP' })),
      'dry.csv',
      '?dryRun=true',
    );
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      status: 'checked',
      rowsTotal: 2,
      rowsImported: 2,
      errors: [],
      batchId: null,
    });
    expect(await counts()).toEqual(before);
  });

  it('recognises the same file uploaded again and writes nothing', async () => {
    const file = csv(row({ sample_id: 'DUP-1' }));
    const first = await upload(lab, file);
    expect(first.body.status).toBe('imported');
    const before = await counts();
    const again = await upload(lab, file, 'renamed.csv');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'duplicate', rowsImported: 0, batchId: first.body.batchId });
    expect(await counts()).toEqual(before);
  });
});

describe('conflicts and valid-only mode', () => {
  it('never overwrites a stored result: a different value is conflict_with_stored, an identical one is no error', async () => {
    await upload(lab, csv(row({ sample_id: 'C-1' }), row({ sample_id: 'C-1', analyte: 'AMP', value: '20' })));
    const before = await counts();
    const reply = await upload(
      lab,
      csv(
        row({ sample_id: 'C-1', value: '250' }),
        row({ sample_id: 'C-1', analyte: 'AMP', value: '20', lab: 'x' }),
      ),
    );
    expect(reply.status).toBe(422);
    expect(reply.body.status).toBe('rejected');
    expect(reply.body.rowsUnchanged).toBe(1);
    expect(reply.body.errors).toEqual([
      expect.objectContaining({
        row: 2,
        column: 'value',
        code: 'conflict_with_stored',
        measurementId: expect.any(Number),
      }),
    ]);
    expect(await counts()).toEqual(before);
    const { rows } = await app.db.query<{ value_ng_l: number }>(
      `select m.value_ng_l from measurements m join samples s on s.id = m.sample_id
       where s.lab_sample_id = 'C-1' and m.analyte_code = 'METH'`,
    );
    expect(rows[0]!.value_ng_l).toBe(200);
  });

  it('calls a sample whose stored period or flow differ a conflict', async () => {
    const before = await counts();
    const reply = await upload(lab, csv(row({ sample_id: 'C-1', analyte: 'KET', flow_m3_per_day: '90000' })));
    expect(reply.status).toBe(422);
    expect(reply.body.errors).toEqual([
      expect.objectContaining({ row: 2, column: 'flow_m3_per_day', code: 'conflict_with_stored' }),
    ]);
    expect(await counts()).toEqual(before);
  });

  it('imports only the valid rows in valid-only mode and reports the others', async () => {
    const reply = await upload(
      lab,
      csv(
        row({ sample_id: 'VO-1' }),
        row({ sample_id: 'VO-1', analyte: 'nope' }),
        row({ sample_id: 'VO-1', analyte: 'KET', value: '12' }),
      ),
      'valid-only.csv',
      '?mode=valid-only',
    );
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ status: 'imported', rowsTotal: 3, rowsImported: 2, rowsRejected: 1 });
    expect(reply.body.errors.map((e: { code: string }) => e.code)).toEqual(['unknown_analyte']);
    const { rows } = await app.db.query<{ status: string; rows_rejected: number }>(
      `select status, rows_rejected from import_batches where id = $1`,
      [reply.body.batchId],
    );
    expect(rows[0]).toEqual({ status: 'partial', rows_rejected: 1 });
  });
  it('accepts the same partly imported file again once its refused rows can pass', async () => {
    const file = csv(row({ sample_id: 'VO-2' }), row({ site_code: 'TW-LATER', sample_id: 'VO-3' }));
    const first = await upload(lab, file, 'partial.csv', '?mode=valid-only');
    expect(first.body).toMatchObject({ status: 'imported', rowsImported: 1, rowsRejected: 1 });
    const admin = await app.client('admin');
    await admin.post('/api/sites', {
      code: 'TW-LATER',
      name: '后建采样点',
      kind: 'sewer',
      lon: 110.4,
      lat: 20.1,
    });
    const again = await upload(lab, file, 'partial.csv', '?mode=valid-only');
    expect(again.body).toMatchObject({
      status: 'imported',
      rowsImported: 1,
      rowsUnchanged: 1,
      rowsRejected: 0,
    });
    const third = await upload(lab, file, 'partial.csv');
    expect(third.body.status).toBe('duplicate');
  });

  it('rejects a valid-only file with no valid row, writing nothing', async () => {
    const before = await counts();
    const reply = await upload(lab, csv(row({ site_code: 'NOPE-2' })), 'none.csv', '?mode=valid-only');
    expect(reply.status).toBe(422);
    expect(reply.body.status).toBe('rejected');
    expect(await counts()).toEqual(before);
  });
});

describe('the Chinese template round trip', () => {
  it('downloads the XLSX template, fills it in Chinese, uploads it and reads the series', async () => {
    const template = await lab.get('/api/lab/template.xlsx');
    expect(template.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(template.body as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['数据 Data', '说明 Notes']);
    const sheet = workbook.worksheets[0]!;
    const headers = (sheet.getRow(1).values as string[]).slice(1);
    expect(headers[0]).toBe('采样点编码\nsite_code');
    const notes = workbook.worksheets[1]!;
    const noteText = JSON.stringify(notes.getSheetValues());
    expect(noteText).toContain('未检出');
    expect(noteText).toContain('mg/m³');
    sheet.spliceRows(2, 1);
    const column = (en: string) => headers.findIndex((h) => h.endsWith(`\n${en}`)) + 1;
    const values = [180, 200, 230, 260, 300];
    values.forEach((value, i) => {
      const r = sheet.getRow(i + 2);
      r.getCell(column('site_code')).value = 'TW-WWTP-1';
      r.getCell(column('round')).value = `T-R${i + 2}`;
      r.getCell(column('sample_id')).value = `TPL-${i}`;
      r.getCell(column('collected_start')).value = `2025年${i + 2}月3日 08:00`;
      r.getCell(column('collected_end')).value = `2025年${i + 2}月4日 08:00`;
      r.getCell(column('collection_type')).value = '流量比例混合';
      r.getCell(column('flow_m3_per_day')).value = 100_000;
      r.getCell(column('population')).value = 500_000;
      r.getCell(column('analyte')).value = '甲基苯丙胺';
      r.getCell(column('value')).value = String(value / 1000);
      r.getCell(column('unit')).value = 'µg/L';
      r.getCell(column('loq')).value = '0.001';
      r.commit();
    });
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const reply = await upload(lab, bytes, '模板.xlsx');
    expect(reply.body.errors).toEqual([]);
    expect(reply.body).toMatchObject({ status: 'imported', rowsTotal: 5, rowsImported: 5 });

    const series = await analyst.get(`/api/sites/${siteId}/series?analyte=METH`);
    expect(series.status).toBe(200);
    const tpl = series.body.points.filter((p: { sampleId: string }) => p.sampleId.startsWith('TPL-'));
    expect(tpl.map((p: { valueNgL: number }) => p.valueNgL)).toEqual(values);
    expect(tpl[1]).toMatchObject({
      roundName: 'T-R3',
      qualifier: '=',
      loadMgPerDay: expect.closeTo(20_000, 6),
      normalisedLoadMgPerDayPer1000: expect.closeTo(40, 9),
      consumptionMgPerDayPer1000: expect.closeTo(93.2, 9),
      correctionFactor: 2.33,
      provisional: false,
      revised: false,
      substituted: false,
    });
    expect(series.body.trend.basis).toBe('normalised_load');
    expect(series.body.trend.n).toBe(6);
  });

  it('serves the CSV template with a BOM and either header language', async () => {
    const zh = await lab.get('/api/lab/template.csv');
    expect(zh.status).toBe(200);
    expect((zh.body as string).split('\r\n')[0]).toContain('采样点编码,轮次,样品编号');
    const en = await analyst.get('/api/lab/template.csv?lang=en');
    expect((en.body as string).split('\r\n')[0]).toContain('site_code,round,sample_id');
  });

  it('re-imports its own export without a change (identical rows are no error)', async () => {
    const { rows } = await app.db.query<{ id: number }>(`select id from rounds where name = 'T-R3'`);
    const exported = await analyst.get(`/api/lab/exports.csv?roundId=${rows[0]!.id}`);
    const lines = (exported.body as string).split('\r\n').filter(Boolean);
    expect(lines.length).toBe(2);
    const before = await counts();
    const reply = await upload(lab, exported.body as string, 'export.csv');
    expect(reply.body).toMatchObject({ status: 'imported', rowsImported: 0, rowsUnchanged: 1, errors: [] });
    expect((await counts()).measurements).toBe(before.measurements);
  });
});
