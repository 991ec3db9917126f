import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from '../support/test-app';

/**
 * One number, one meaning: the bulletin prints each site's METH normalised load and consumption
 * with the 95 % range the series API gives for the same site, round and analyte, and the headline
 * median with the median of those ranges, in zh-CN and English; a changed uncertainty component
 * moves both alike.
 */
let app: TestApp;
let lab: TestClient;
let analyst: TestClient;
let admin: TestClient;
const siteIds = new Map<string, number>();
let round2: number;

const HEADER =
  'site_code,round,sample_id,collected_start,collected_end,collection_type,flow_m3_per_day,population,analyte,value,unit,lod,loq';
const CSV = [
  HEADER,
  'BR-S1,BR-R1,BR-1,2025-01-02 08:00,2025-01-03 08:00,composite_flow,100000,500000,METH,180,ng/L,0.5,1',
  'BR-S2,BR-R1,BR-2,2025-01-02 08:00,2025-01-03 08:00,grab,20000,60000,METH,90,ng/L,0.5,1',
  'BR-S1,BR-R2,BR-3,2025-02-02 08:00,2025-02-03 08:00,composite_flow,100000,500000,METH,200,ng/L,0.5,1',
  'BR-S2,BR-R2,BR-4,2025-02-02 08:00,2025-02-03 08:00,grab,20000,60000,METH,120,ng/L,0.5,1',
  'BR-S1,BR-R2,BR-3,2025-02-02 08:00,2025-02-03 08:00,composite_flow,100000,500000,AMP,20,ng/L,0.5,1',
].join('\n');

interface Point {
  roundId: number;
  normalisedLoadMgPerDayPer1000: number;
  normalisedLoadMgPerDayPer1000Lower95: number;
  normalisedLoadMgPerDayPer1000Upper95: number;
  consumptionMgPerDayPer1000: number;
  consumptionMgPerDayPer1000Lower95: number;
  consumptionMgPerDayPer1000Upper95: number;
}

async function seriesPoint(code: string): Promise<Point> {
  const reply = await analyst.get(`/api/sites/${siteIds.get(code)}/series?analyte=METH`);
  expect(reply.status).toBe(200);
  const points = reply.body.points.filter((p: Point) => p.roundId === round2);
  expect(points).toHaveLength(1);
  return points[0];
}

/** The cells of a site's row in the bulletin's site table: code, name, load, range, consumption, range. */
function siteCells(html: string, code: string): string[] {
  const row = html.match(new RegExp(`<tr data-site="${code}">(.*?)</tr>`))?.[1];
  expect(row, `row of ${code}`).toBeTruthy();
  return [...row!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1]!);
}

const f2 = (v: number) => v.toFixed(2);
const rangeOf = (lower: number, upper: number) => `${f2(lower)}–${f2(upper)}`;

async function expectBulletinAgreesWithSeries() {
  const points = { S1: await seriesPoint('BR-S1'), S2: await seriesPoint('BR-S2') };
  for (const lang of ['zh-CN', 'en'] as const) {
    const reply = await analyst.get(`/api/reports/bulletin?roundId=${round2}&lang=${lang}`);
    expect(reply.status).toBe(200);
    const html = reply.body as string;
    for (const [code, p] of [
      ['BR-S1', points.S1],
      ['BR-S2', points.S2],
    ] as const) {
      const [, , load, loadRange, consumption, consumptionRange] = siteCells(html, code);
      expect(load).toBe(f2(p.normalisedLoadMgPerDayPer1000));
      expect(loadRange).toBe(
        rangeOf(p.normalisedLoadMgPerDayPer1000Lower95, p.normalisedLoadMgPerDayPer1000Upper95),
      );
      expect(consumption).toBe(f2(p.consumptionMgPerDayPer1000));
      expect(consumptionRange).toBe(
        rangeOf(p.consumptionMgPerDayPer1000Lower95, p.consumptionMgPerDayPer1000Upper95),
      );
    }
    // The headline median of two sites, with the median (here the mean) of their bounds.
    const mid = (a: number, b: number) => (a + b) / 2;
    const headline = html.match(
      /\(METH\)<\/td><td class="n">2\/2 \(100%\)<\/td><td class="n">([^<]*)<\/td><td class="n range">([^<]*)<\/td>/,
    );
    expect(headline, 'METH headline row').toBeTruthy();
    expect(headline![1]).toBe(
      f2(mid(points.S1.normalisedLoadMgPerDayPer1000, points.S2.normalisedLoadMgPerDayPer1000)),
    );
    expect(headline![2]).toBe(
      rangeOf(
        mid(points.S1.normalisedLoadMgPerDayPer1000Lower95, points.S2.normalisedLoadMgPerDayPer1000Lower95),
        mid(points.S1.normalisedLoadMgPerDayPer1000Upper95, points.S2.normalisedLoadMgPerDayPer1000Upper95),
      ),
    );
    expect(html).toContain(lang === 'zh-CN' ? '95% 区间' : '95 % interval');
    expect(html).toContain('Castiglioni');
  }
  return points;
}

beforeAll(async () => {
  app = await startTestApp({ mode: 'server' });
  [lab, analyst, admin] = await Promise.all([app.client('lab'), app.client('analyst'), app.client('admin')]);
  for (const [code, population] of [
    ['BR-S1', 500_000],
    ['BR-S2', 60_000],
  ] as const) {
    const site = await admin.post('/api/sites', {
      code,
      name: `${code} 区间`,
      kind: 'wwtp',
      lon: 110.3,
      lat: 20.0 + siteIds.size * 0.01,
      populationServed: population,
    });
    expect(site.status).toBe(201);
    siteIds.set(code, site.body.id);
  }
  await analyst.post('/api/rounds', { name: 'BR-R1', startsOn: '2025-01-01', endsOn: '2025-01-10' });
  round2 = (
    await analyst.post('/api/rounds', { name: 'BR-R2', startsOn: '2025-02-01', endsOn: '2025-02-10' })
  ).body.id;
  const form = new FormData();
  form.append('file', new Blob([CSV]), 'two-rounds.csv');
  const imported = await lab.post('/api/lab/imports', form);
  expect(imported.status, JSON.stringify(imported.body)).toBe(201);
}, 120_000);
afterAll(() => app?.close());

describe('bulletin ranges', () => {
  it('prints each METH figure with the 95 % range the series gives for the same site and round, in zh-CN and English', async () => {
    const points = await expectBulletinAgreesWithSeries();
    // A grab sample's range is wider than a flow-proportional composite's, relative to its figure.
    const relative = (p: Point) => p.normalisedLoadMgPerDayPer1000Upper95 / p.normalisedLoadMgPerDayPer1000;
    expect(relative(points.S2)).toBeGreaterThan(relative(points.S1));
  }, 120_000);

  it('moves the bulletin’s range with the series when an admin changes a component', async () => {
    const before = await seriesPoint('BR-S2');
    const reply = await admin.request('PUT', '/api/uncertainty-components', {
      component: 'population',
      scope: 'site',
      key: String(siteIds.get('BR-S2')),
      rsd: 0.4,
      source: '旅游人口波动 / tourist catchment',
      reason: 'tourist season',
    });
    expect(reply.status).toBe(200);
    const after = await expectBulletinAgreesWithSeries();
    expect(after.S2.normalisedLoadMgPerDayPer1000Upper95).toBeGreaterThan(
      before.normalisedLoadMgPerDayPer1000Upper95,
    );
  }, 120_000);
});
