import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { independentInterval95 } from '../support/independent-monte-carlo';
import { startTestApp, type TestApp, type TestClient } from '../support/test-app';

/**
 * The uncertainty components behind every interval, set by an admin with a source and a reason
 * (docs/design.md §3 "Uncertainty"; Castiglioni et al. 2013; EUDA/SCORE). The design's worked
 * example (METH 200 ng/L, 100,000 m³/d, 500,000 people: 20,000 mg/d, 40 and 93.2 mg/d/1000)
 * is imported as a lab would; its intervals in the series equal an independent Monte Carlo within
 * 3 %, before and after a component is changed.
 */
let app: TestApp;
let lab: TestClient;
let analyst: TestClient;
let admin: TestClient;
let siteId: number;

const CSV = `site_code,round,sample_id,collected_start,collected_end,collection_type,flow_m3_per_day,population,analyte,value,unit,lod,loq
UC-S1,UC-R1,UC-1,2025-01-02 08:00,2025-01-03 08:00,composite_flow,100000,500000,METH,200,ng/L,0.5,1
`;

interface Point {
  loadMgPerDay: number;
  normalisedLoadMgPerDayPer1000: number;
  consumptionMgPerDayPer1000: number;
  loadMgPerDayLower95: number;
  loadMgPerDayUpper95: number;
  normalisedLoadMgPerDayPer1000Lower95: number;
  normalisedLoadMgPerDayPer1000Upper95: number;
  consumptionMgPerDayPer1000Lower95: number;
  consumptionMgPerDayPer1000Upper95: number;
  uncertainty: {
    components: Record<string, { rsd: number; source: string; scope: string; stored: boolean }>;
  };
}

async function workedPoint(): Promise<Point> {
  const reply = await analyst.get(`/api/sites/${siteId}/series?analyte=METH`);
  expect(reply.status).toBe(200);
  return reply.body.points[0];
}

/** Each figure's interval against the independent Monte Carlo with the RSDs given, within 3 %. */
function expectIntervalsMatch(point: Point, rsd: Record<string, number>) {
  const load = [rsd.analytical!, rsd.sampling!, rsd.flow!, rsd.stability!];
  const cases = [
    ['load', point.loadMgPerDay, load, point.loadMgPerDayLower95, point.loadMgPerDayUpper95],
    [
      'normalised load',
      point.normalisedLoadMgPerDayPer1000,
      [...load, rsd.population!],
      point.normalisedLoadMgPerDayPer1000Lower95,
      point.normalisedLoadMgPerDayPer1000Upper95,
    ],
    [
      'consumption',
      point.consumptionMgPerDayPer1000,
      [...load, rsd.population!, rsd.excretion!],
      point.consumptionMgPerDayPer1000Lower95,
      point.consumptionMgPerDayPer1000Upper95,
    ],
  ] as const;
  for (const [name, estimate, rsds, lower, upper] of cases) {
    const independent = independentInterval95(estimate, rsds, { draws: 100_000, seed: 20130214 });
    expect(
      Math.abs(lower / independent.lower95 - 1),
      `${name} lower ${lower} vs ${independent.lower95}`,
    ).toBeLessThan(0.03);
    expect(
      Math.abs(upper / independent.upper95 - 1),
      `${name} upper ${upper} vs ${independent.upper95}`,
    ).toBeLessThan(0.03);
  }
}

const rsdsOf = (point: Point) =>
  Object.fromEntries(Object.entries(point.uncertainty.components).map(([name, c]) => [name, c.rsd]));

async function storedCounts() {
  const { rows } = await app.db.query<{ settings: number; revisions: number; audits: number }>(
    `select (select count(*) from uncertainty_components)::int as settings,
            (select count(*) from uncertainty_component_revisions)::int as revisions,
            (select count(*) from audit_log where entity = 'uncertainty_component')::int as audits`,
  );
  return rows[0]!;
}

const put = (client: TestClient, body: unknown) => client.request('PUT', '/api/uncertainty-components', body);

beforeAll(async () => {
  app = await startTestApp({ mode: 'server' });
  [lab, analyst, admin] = await Promise.all([app.client('lab'), app.client('analyst'), app.client('admin')]);
  const site = await admin.post('/api/sites', {
    code: 'UC-S1',
    name: '不确定度测试厂',
    kind: 'wwtp',
    lon: 110.3,
    lat: 20.0,
    populationServed: 500_000,
  });
  expect(site.status).toBe(201);
  siteId = site.body.id;
  expect(
    (await analyst.post('/api/rounds', { name: 'UC-R1', startsOn: '2025-01-01', endsOn: '2025-01-10' }))
      .status,
  ).toBe(201);
  const form = new FormData();
  form.append('file', new Blob([CSV]), 'worked-example.csv');
  const imported = await lab.post('/api/lab/imports', form);
  expect(imported.status, JSON.stringify(imported.body)).toBe(201);
}, 120_000);
afterAll(() => app?.close());

describe('uncertainty components', () => {
  it('gives the worked example its point values and intervals equal to an independent Monte Carlo, each component named with its source', async () => {
    const point = await workedPoint();
    expect(point.loadMgPerDay).toBeCloseTo(20_000, 6);
    expect(point.normalisedLoadMgPerDayPer1000).toBeCloseTo(40, 9);
    expect(point.consumptionMgPerDayPer1000).toBeCloseTo(93.2, 9);
    const components = point.uncertainty.components;
    expect(rsdsOf(point)).toEqual({
      analytical: 0.1,
      sampling: 0.1,
      flow: 0.1,
      population: 0.2,
      stability: 0.05,
      excretion: 0.25,
    });
    for (const component of Object.values(components)) {
      expect(component.source).toMatch(/Castiglioni et al\., Environ\. Sci\. Technol\. 2013, 47:1452/);
      expect(component.stored).toBe(false);
    }
    expect(components.sampling).toMatchObject({ scope: 'collection_type', key: 'composite_flow' });
    expect(components.stability).toMatchObject({ scope: 'analyte', key: 'METH' });
    expectIntervalsMatch(point, rsdsOf(point));
  }, 120_000);

  it('widens the interval when an admin sets a site’s flow RSD, and names the stored component with its source', async () => {
    const before = await workedPoint();
    const reply = await put(admin, {
      component: 'flow',
      scope: 'site',
      key: String(siteId),
      rsd: 0.3,
      source: '厂方流量计未校准 / plant flow meter not calibrated since 2023 (site visit report)',
      reason: '现场核查 / site visit',
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    const after = await workedPoint();
    expect(after.uncertainty.components.flow).toMatchObject({
      rsd: 0.3,
      scope: 'site',
      stored: true,
      source: expect.stringContaining('flow meter not calibrated'),
    });
    // The point values stay; every interval widens; the new interval is the independent one with flow 30 %.
    expect(after.normalisedLoadMgPerDayPer1000).toBe(before.normalisedLoadMgPerDayPer1000);
    expect(after.loadMgPerDayLower95).toBeLessThan(before.loadMgPerDayLower95);
    expect(after.loadMgPerDayUpper95).toBeGreaterThan(before.loadMgPerDayUpper95);
    expect(after.consumptionMgPerDayPer1000Upper95).toBeGreaterThan(before.consumptionMgPerDayPer1000Upper95);
    expectIntervalsMatch(after, { ...rsdsOf(before), flow: 0.3 });

    const history = await analyst.get(
      `/api/uncertainty-components/history?component=flow&scope=site&key=${siteId}`,
    );
    expect(history.body).toEqual([
      expect.objectContaining({ before: null, reason: '现场核查 / site visit', actorName: 'admin' }),
    ]);
    expect(history.body[0].after).toMatchObject({ rsd: 0.3 });
    const audit = await app.db.query(
      `select after from audit_log where entity = 'uncertainty_component' and entity_id = $1`,
      [`flow:site:${siteId}`],
    );
    expect(audit.rows).toHaveLength(1);
  }, 120_000);

  it('changes only the consumption interval when the excretion RSD of the analyte changes', async () => {
    const before = await workedPoint();
    const reply = await put(admin, {
      component: 'excretion',
      scope: 'analyte',
      key: 'METH',
      rsd: 0.6,
      source: 'test: a wider excretion range',
      reason: 'sensitivity check',
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    const after = await workedPoint();
    expect(after.loadMgPerDayLower95).toBe(before.loadMgPerDayLower95);
    expect(after.normalisedLoadMgPerDayPer1000Upper95).toBe(before.normalisedLoadMgPerDayPer1000Upper95);
    expect(after.consumptionMgPerDayPer1000Upper95).toBeGreaterThan(before.consumptionMgPerDayPer1000Upper95);
    expectIntervalsMatch(after, { ...rsdsOf(before), excretion: 0.6 });
  }, 120_000);

  it('goes back to the default when the stored setting is removed, with the reason kept', async () => {
    const removed = await admin.request('DELETE', '/api/uncertainty-components', {
      component: 'excretion',
      scope: 'analyte',
      key: 'METH',
      reason: 'sensitivity check over',
    });
    expect(removed.status).toBe(204);
    const point = await workedPoint();
    expect(point.uncertainty.components.excretion).toMatchObject({
      rsd: 0.25,
      scope: 'factor',
      stored: false,
    });
    const again = await admin.request('DELETE', '/api/uncertainty-components', {
      component: 'excretion',
      scope: 'analyte',
      key: 'METH',
      reason: 'twice',
    });
    expect(again.status).toBe(404);
    const history = await analyst.get('/api/uncertainty-components/history?component=excretion&key=METH');
    expect(history.body.map((r: { reason: string }) => r.reason)).toEqual([
      'sensitivity check',
      'sensitivity check over',
    ]);
    expect(history.body[1].after).toBeNull();
  });

  it('lists the components, their scopes, the defaults with sources and the stored settings', async () => {
    const reply = await lab.get('/api/uncertainty-components');
    expect(reply.status).toBe(200);
    expect(reply.body.components).toEqual([
      'analytical',
      'sampling',
      'flow',
      'population',
      'stability',
      'excretion',
    ]);
    expect(reply.body.defaults).toContainEqual(
      expect.objectContaining({ component: 'sampling', key: 'grab', rsd: 0.5 }),
    );
    expect(reply.body.stored).toEqual([
      expect.objectContaining({ component: 'flow', scope: 'site', key: String(siteId) }),
    ]);
  });

  const good = {
    component: 'analytical',
    scope: 'analyte',
    key: 'METH',
    rsd: 0.15,
    source: 's',
    reason: 'r',
  };
  const raw = (rsd: string) =>
    `{"component":"analytical","scope":"analyte","key":"METH","rsd":${rsd},"source":"s","reason":"r"}`;
  it.each([
    ['1e309', raw('1e309')],
    ['NaN (string)', { ...good, rsd: 'NaN' }],
    ['Infinity (string)', { ...good, rsd: 'Infinity' }],
    ['null', { ...good, rsd: null }],
    ['negative', { ...good, rsd: -0.1 }],
    ['beyond 200 %', { ...good, rsd: 2.5 }],
    ['1e300', { ...good, rsd: 1e300 }],
    ['no source', { ...good, source: ' ' }],
    ['no reason', { ...good, reason: '' }],
    ['flow per analyte', { ...good, component: 'flow' }],
    ['sampling by default', { ...good, component: 'sampling', scope: 'default', key: '' }],
    ['unknown analyte', { ...good, key: 'NOPE' }],
    ['unknown site', { ...good, component: 'flow', scope: 'site', key: '999999' }],
    ['a site key that is not an id', { ...good, component: 'flow', scope: 'site', key: 'abc' }],
    ['unknown collection type', { ...good, component: 'sampling', scope: 'collection_type', key: 'bucket' }],
    ['unknown field', { ...good, extra: 1 }],
  ])('refuses %s with a clear 400 and stores nothing', async (_name, body) => {
    const before = await storedCounts();
    const reply =
      typeof body === 'string'
        ? await admin.request('PUT', '/api/uncertainty-components', body, {
            'content-type': 'application/json',
          })
        : await put(admin, body);
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('validation_failed');
    expect(JSON.stringify(reply.body.error)).not.toBe('{}');
    expect(await storedCounts()).toEqual(before);
  });

  it('lets only an admin change a component', async () => {
    const before = await storedCounts();
    for (const client of [lab, analyst]) expect((await put(client, good)).status).toBe(403);
    expect(await storedCounts()).toEqual(before);
  });
});
