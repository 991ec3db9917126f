import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FeatureCollection, MultiPolygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProvinceComparisonView } from '@skywater/core/province/province-comparison-view';
import { SAMPLES_DATA_DIR } from '../../server/src/demo/load-demo';
import { fmt, grouped, rangeText, signedPercent } from '../../server/src/reports/bulletin-format';
import * as world from '../support/province-world';
import type { TestApp, TestClient } from '../support/test-app';

/**
 * The province bulletin printed to PDF and read back with pdftotext: each
 * office's figures are the comparison API's, printed the one way (one number, one meaning), in
 * Chinese and English; each office's section is its round bulletin (a partial round warned of);
 * a city's analyst gets its own subtree only.
 *
 * The world, on Hainan's real district outlines: Haikou (plants HK1, HK2 and a venue) with its
 * district Qiongshan (plant QS1), Dongfang (plants DF1, DF2, venues DF3, DF4; its last round
 * reported by DF1 alone), Wanning with nothing; four rounds of the province's default campaign
 * in 2025.
 */
let app: TestApp;
let analyst: TestClient;
let haikouAnalyst: TestClient;
const ids: Record<string, number> = {};

beforeAll(async () => {
  const started = await world.startProvinceTestApp();
  app = started.app;
  Object.assign(ids, started.offices);
  const districts = JSON.parse(
    fs.readFileSync(path.join(SAMPLES_DATA_DIR, 'districts.geojson'), 'utf8'),
  ) as FeatureCollection<MultiPolygon, { city: string; name: string }>;
  for (const d of districts.features)
    await app.db.query(
      `insert into districts (city, name, geom, source) values ($1, $2, st_setsrid(st_geomfromgeojson($3), 4326), 'test')`,
      [d.properties.city, d.properties.name, JSON.stringify(d.geometry)],
    );

  // Each site at a point inside its district, a little apart.
  const site = (
    code: string,
    kind: string,
    population: number,
    officeId: number,
    district: string,
    k: number,
  ) =>
    world.idOf(
      app.db,
      `insert into sites (code, name, kind, geom, population_served, office_id)
       select $1, $1, $2, st_translate(st_pointonsurface(geom), $6 * 0.002, 0), $3, $4 from districts where name = $5
       returning id`,
      [code, kind, population, officeId, district, k],
    );
  ids.HK1 = await site('HK1', 'wwtp', 480_000, ids.haikou, '龙华区', 0);
  ids.HK2 = await site('HK2', 'wwtp', 200_000, ids.haikou, '美兰区', 0);
  ids.HKV = await site('HKV', 'venue', 3_000, ids.haikou, '龙华区', 1);
  ids.QS1 = await site('QS1', 'wwtp', 110_000, ids.qiongshan, '琼山区', 0);
  ids.DF1 = await site('DF1', 'wwtp', 300_000, ids.dongfang, '东方市', 0);
  ids.DF2 = await site('DF2', 'wwtp', 150_000, ids.dongfang, '东方市', 1);
  ids.DF3 = await site('DF3', 'venue', 2_000, ids.dongfang, '东方市', 2);
  ids.DF4 = await site('DF4', 'venue', 2_000, ids.dongfang, '东方市', 3);

  const ends = ['2025-03-23', '2025-05-25', '2025-07-27', '2025-09-21'];
  for (const [i, endsOn] of ends.entries())
    ids[`R${i + 1}`] = await world.idOf(
      app.db,
      `insert into rounds (name, starts_on, ends_on) values ($1, $2::date - 13, $2) returning id`,
      [`2025年第${i + 1}轮`, endsOn],
    );
  const sample = async (siteId: number, roundId: number, flow: number, valueNgL: number) => {
    const sampleId = await world.idOf(
      app.db,
      `insert into samples (site_id, round_id, lab_sample_id, collected_start, collected_end, collection_type, flow_m3_per_day)
       values ($1, $2, $3, '2025-01-10T00:00:00Z', '2025-01-11T00:00:00Z', 'composite_flow', $4) returning id`,
      [siteId, roundId, `s-${siteId}-${roundId}`, flow],
    );
    await app.db.query(
      `insert into measurements (sample_id, analyte_code, qualifier, value_ng_l) values ($1, 'METH', '=', $2)`,
      [sampleId, valueNgL],
    );
  };
  for (let i = 1; i <= 4; i++) {
    const round = ids[`R${i}`]!;
    await sample(ids.HK1!, round, 120_000, 100 + 40 * i);
    await sample(ids.HK2!, round, 60_000, 90 + 25 * i);
    await sample(ids.HKV!, round, 500, 5_000);
    await sample(ids.QS1!, round, 30_000, 60 + 20 * i);
    // Dongfang's last round: DF1 alone of its four sites (a partial round).
    await sample(ids.DF1!, round, 90_000, 150 - 5 * i);
    if (i < 4) {
      await sample(ids.DF2!, round, 40_000, 70 + 8 * i);
      await sample(ids.DF3!, round, 300, 900);
      await sample(ids.DF4!, round, 300, 700);
    }
  }
  const alert = (siteId: number, severity: string, key: string) =>
    app.db.query(
      `insert into alerts (kind, condition_key, site_id, analyte_code, round_id, severity)
       values ('spike', $1, $2, 'METH', $3, $4)`,
      [key, siteId, ids.R4, severity],
    );
  await alert(ids.HK1!, 'high', 'a1');
  await alert(ids.QS1!, 'low', 'a2');
  await alert(ids.DF1!, 'medium', 'a3');
  // Survey areas: Haikou's covered in part (a cell flown twice in the period, one before it),
  // Dongfang's not flown yet.
  await world.surveyAreaWithCover(app.db, ids.haikou!, '海口踏查区', 850, [
    { coveredKm2: 0.75, daysKm2: { '2025-04-01': 0.5, '2025-04-02': 0.625 } },
    { coveredKm2: 0.5, daysKm2: { '2024-11-30': 0.5 } },
  ]);
  await world.surveyAreaWithCover(app.db, ids.dongfang!, '东方踏查区', 1130, []);
  analyst = await app.client('analyst');
  haikouAnalyst = await app.client('haikou-analyst');
}, 300_000);
afterAll(() => app?.close());

/** The PDF's text as pdftotext reads it, each table row on one line (`-layout`). */
function pdfText(pdf: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'province-bulletin-'));
  try {
    const file = path.join(dir, 'bulletin.pdf');
    fs.writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The tokens in this order on one line of the text. */
function lineWith(text: string, tokens: string[]): string | undefined {
  return text.split('\n').find((line) => {
    let at = 0;
    for (const token of tokens) {
      const found = line.indexOf(token, at);
      if (found < 0) return false;
      at = found + token.length;
    }
    return true;
  });
}

/** A row's wastewater figures as the bulletin prints them, in its columns' order. */
function printedFigures(
  row: ProvinceComparisonView['rows'][number] | ProvinceComparisonView['total'],
): string[] {
  return [
    String(row.plantsSampled),
    grouped(row.populationServed),
    fmt(row.normalisedLoadMgPerDayPer1000, 2),
    rangeText(row.normalisedLoadInterval95),
    fmt(row.consumptionMgPerDayPer1000, 2),
    rangeText(row.consumptionInterval95),
    row.changePercent === null ? '—' : signedPercent(row.changePercent),
  ];
}

async function comparison(client: TestClient, query: string): Promise<ProvinceComparisonView> {
  const reply = await client.get<ProvinceComparisonView>(`/api/province/comparison?${query}`);
  expect(reply.status).toBe(200);
  return reply.body;
}

async function bulletinPdf(client: TestClient, query: string): Promise<string> {
  const reply = await client.get<Buffer>(`/api/reports/province-bulletin.pdf?${query}`);
  expect(reply.status, String(reply.body)).toBe(200);
  expect(reply.headers.get('content-type')).toBe('application/pdf');
  expect(reply.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const out = process.env.BULLETIN_PDF_OUT;
  if (out) fs.writeFileSync(`${out}-${query.replace(/[^a-z0-9]+/gi, '_')}.pdf`, reply.body);
  return pdfText(reply.body);
}

describe('the province bulletin', () => {
  it('prints each city’s figures exactly as the comparison API gives them, in Chinese', async () => {
    const view = await comparison(analyst, world.PERIOD_2025);
    expect(view.rows.map((r) => r.office.code)).toEqual(['haikou', 'dongfang', 'wanning']);
    const text = await bulletinPdf(analyst, `${world.PERIOD_2025}&lang=zh-CN`);
    expect(text).toContain('海南省 污水毒情监测评估预警通报（市县汇总）');
    expect(text).toContain('2025-01-01 – 2025-12-31');
    for (const row of view.rows) {
      const tokens = [row.office.nameZh, ...printedFigures(row)];
      expect(lineWith(text, tokens), tokens.join(' ')).toBeDefined();
    }
    const haikou = view.rows[0]!;
    expect(haikou.normalisedLoadMgPerDayPer1000).not.toBeNull();
    expect(haikou.rank).toBe(1);
    const total = ['海南省合计', ...printedFigures(view.total)];
    expect(lineWith(text, total), total.join(' ')).toBeDefined();
    // Open alerts high, medium, low and the survey area, as the comparison counts them.
    for (const row of view.rows) {
      const survey = [
        row.office.nameZh,
        String(row.openAlerts.high),
        String(row.openAlerts.medium),
        String(row.openAlerts.low),
        fmt(row.surveyAreaKm2, 1),
        fmt(row.coveredToDateKm2, 1),
        fmt(row.flownInPeriodKm2, 1),
      ];
      expect(lineWith(text, survey), survey.join(' ')).toBeDefined();
    }
    expect(view.rows.map((r) => r.surveyAreaKm2)).toEqual([850, 1130, 0]);
    expect(view.rows.map((r) => r.coveredToDateKm2)).toEqual([1.25, 0, 0]);
    expect(view.rows.map((r) => r.flownInPeriodKm2)).toEqual([1.125, 0, 0]);
    // The total is the population-weighted mean of the rows' loads (weights: their populations served).
    const weighted = view.rows.filter((r) => r.normalisedLoadMgPerDayPer1000 !== null);
    const mean =
      weighted.reduce((sum, r) => sum + r.normalisedLoadMgPerDayPer1000! * r.populationServed, 0) /
      weighted.reduce((sum, r) => sum + r.populationServed, 0);
    expect(view.total.normalisedLoadMgPerDayPer1000).toBeCloseTo(mean, 6);
    // No code printed raw: trends and statuses in words.
    for (const code of ['rising', 'falling', 'flat', 'suspected', 'eradicated', 'spike', 'wwtp'])
      expect(text, code).not.toMatch(new RegExp(`\\b${code}\\b`));
  });

  it('collects each city’s round bulletin, counted independently, and warns that Dongfang’s round is partial', async () => {
    const html = (await analyst.get<string>(`/api/reports/province-bulletin?${world.PERIOD_2025}`)).body;
    // Sites sampled in each city's round, by SQL over the city's subtree.
    const sampled = async (officeIds: number[], roundId: number) =>
      (
        await app.db.query<{ n: number }>(
          `select count(distinct s.site_id)::int as n from samples s join sites st on st.id = s.site_id
            where s.round_id = $1 and st.office_id = any($2::bigint[])`,
          [roundId, officeIds],
        )
      ).rows[0]!.n;
    expect(html).toContain(
      `<b id="sites-sampled-haikou">${await sampled([ids.haikou!, ids.qiongshan!], ids.R4!)}</b>`,
    );
    expect(html).toContain(`<b id="sites-sampled-dongfang">${await sampled([ids.dongfang!], ids.R4!)}</b>`);
    expect(html).toContain('id="partial-round-dongfang"');
    expect(html).toContain('本轮仅 1 / 4 个采样点报告了结果');
    expect(html).not.toContain('id="partial-round-haikou"');
    expect(html).toContain('本期无监测轮次。');
    // The map: Haikou and Dongfang shaded on their districts, Wanning (no site) not drawn.
    expect(html).toMatch(new RegExp(`<path data-office="${ids.haikou}" d="M`));
    expect(html).toMatch(new RegExp(`<path data-office="${ids.dongfang}" d="M`));
    expect(html).not.toContain(`data-office="${ids.wanning}"`);
    expect(html).toContain('id="scale-bar"');
  });

  it('prints the same figures in English', async () => {
    const view = await comparison(analyst, world.PERIOD_2025);
    const text = await bulletinPdf(analyst, `${world.PERIOD_2025}&lang=en`);
    expect(text).toContain('Hainan Province Wastewater drug monitoring');
    for (const row of view.rows) {
      const tokens = [row.office.nameEn, ...printedFigures(row)];
      expect(lineWith(text, tokens), tokens.join(' ')).toBeDefined();
    }
    expect(text).toContain('only 1 of 4 sites reported this round');
    expect(text).not.toMatch(/[\u4e00-\u9fff]{2,}市禁毒委/);
  });

  it('gives a city’s analyst its own subtree only: a sibling or the province answers 404', async () => {
    const view = await comparison(haikouAnalyst, world.PERIOD_2025);
    expect(view.office.id).toBe(ids.haikou);
    expect(view.rows.map((r) => r.office.code)).toEqual(['qiongshan']);
    const text = await bulletinPdf(haikouAnalyst, `${world.PERIOD_2025}&lang=zh-CN`);
    const row = view.rows[0]!;
    const tokens = [row.office.nameZh, ...printedFigures(row)];
    expect(lineWith(text, tokens), tokens.join(' ')).toBeDefined();
    for (const other of ['东方', 'Dongfang', '万宁', '海南省合计', 'DF1']) expect(text).not.toContain(other);
    for (const officeId of [ids.dongfang, ids.province]) {
      const reply = await haikouAnalyst.get(
        `/api/reports/province-bulletin?${world.PERIOD_2025}&officeId=${officeId}`,
      );
      expect(reply.status).toBe(404);
    }
  });

  it('refuses bad input with a 400 and other roles with a 403', async () => {
    for (const query of ['from=2025-12-31&to=2025-01-01', 'from=2025-02-30', 'lang=fr', 'officeId=abc']) {
      const reply = await analyst.get(`/api/reports/province-bulletin?${query}`);
      expect(reply.status, query).toBe(400);
    }
    const lab = await app.client('lab');
    expect((await lab.get(`/api/reports/province-bulletin.pdf?${world.PERIOD_2025}`)).status).toBe(403);
  });
});
