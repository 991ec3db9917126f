import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteSeries } from '../../web/src/api/series-api';
import { seriesChartOption } from '../../web/src/wastewater/series-chart-option';
import { startTestApp, type TestApp, type TestClient } from '../support/test-app';
import { waitForScoring } from './scoring-demo-data';

/**
 * The inbox API an analyst triages with: inbox (above low) vs the site's signals, counts by kind
 * and severity, alerts folded per site, bulk steps with one reason, an assignee, sample dates;
 * the priority flag of the analyte catalogue (admin, with history) and a lab's first
 * etomidate positive at a venue reaching the inbox through the ordinary upload and queue.
 */
let app: TestApp;
let lab: TestClient;
let analyst: TestClient;
let admin: TestClient;
let venueId: number;

const HEADER =
  'site_code,round,sample_id,collected_start,collected_end,collection_type,flow_m3_per_day,population,analyte,value,unit,lod,loq';

async function upload(body: string) {
  const form = new FormData();
  form.append('file', new Blob([body]), 'results.csv');
  const reply = await lab.post('/api/lab/imports', form);
  expect(reply.status).toBe(201);
  await waitForScoring(app);
}

const line = (round: number, analyte: string, value: string) =>
  `TR-V1,TR-R${round},TR-V1-${round},2025-0${round}-02 20:00,2025-0${round}-03 08:00,composite_time,200,800,${analyte},${value},ng/L,0.5,1`;

beforeAll(async () => {
  app = await startTestApp({ mode: 'all', env: { WORKER_CONCURRENCY: '2' } });
  [lab, analyst, admin] = await Promise.all([app.client('lab'), app.client('analyst'), app.client('admin')]);
  venueId = (
    await admin.post('/api/sites', {
      code: 'TR-V1',
      name: '分诊测试娱乐场所',
      kind: 'venue',
      lon: 110.33,
      lat: 20.03,
      populationServed: 800,
    })
  ).body.id;
  for (let r = 1; r <= 4; r++)
    await analyst.post('/api/rounds', {
      name: `TR-R${r}`,
      startsOn: `2025-0${r}-01`,
      endsOn: `2025-0${r}-10`,
    });
}, 180_000);
afterAll(() => app?.close());

describe('priority substances', () => {
  it("puts a lab's first etomidate positive at a venue in the inbox, high, with the sample's dates", async () => {
    await upload(`${HEADER}\n${line(1, 'ETO-ACID', '6.5')}\n${line(1, 'MDMA', 'ND')}\n`);
    const inbox = await analyst.get(`/api/alerts?siteId=${venueId}`);
    expect(inbox.body).toHaveLength(1);
    expect(inbox.body[0]).toMatchObject({
      kind: 'first_detection',
      analyte: 'ETO-ACID',
      severity: 'high',
      siteCode: 'TR-V1',
      roundName: 'TR-R1',
      detail: { priority: true, valueNgL: 6.5 },
    });
    // The sample was taken on 2 January 20:00 Beijing time, not when the scoring ran.
    expect(new Date(inbox.body[0].sampleCollectedStart).toISOString()).toBe('2025-01-02T12:00:00.000Z');
    expect(new Date(inbox.body[0].sampleCollectedEnd).toISOString()).toBe('2025-01-03T00:00:00.000Z');
  });

  it('lets an admin flag another substance as priority, with history, and its first positive is then high', async () => {
    expect(
      (await analyst.request('PATCH', '/api/analytes/MDMA', { priority: true, reason: 'x' })).status,
    ).toBe(403);
    const edit = await admin.request('PATCH', '/api/analytes/MDMA', {
      priority: true,
      reason: '本地出现新型合成毒品混合物 / local alert on MDMA mixtures',
    });
    expect(edit.status).toBe(200);
    expect(edit.body).toMatchObject({ code: 'MDMA', priority: true });
    const history = await admin.get('/api/analytes/MDMA/history');
    expect(history.body.at(-1)).toMatchObject({ before: { priority: false }, after: { priority: true } });
    await upload(`${HEADER}\n${line(2, 'MDMA', '4.2')}\n`);
    const inbox = await analyst.get(`/api/alerts?siteId=${venueId}&kind=first_detection`);
    expect(
      inbox.body.map((a: { analyte: string; severity: string }) => [a.analyte, a.severity]).sort(),
    ).toEqual([
      ['ETO-ACID', 'high'],
      ['MDMA', 'high'],
    ]);
  });
});

describe('inbox and signals', () => {
  it('keeps a low signal off the inbox and on the site, and counts the inbox by kind and severity', async () => {
    // An ordinary analyte's first detection after two non-detects: a low signal.
    await upload(`${HEADER}\n${line(1, 'KET', 'ND')}\n${line(2, 'KET', 'ND')}\n${line(3, 'KET', '8')}\n`);
    const inbox = await analyst.get(`/api/alerts?siteId=${venueId}`);
    expect(inbox.body.some((a: { analyte: string }) => a.analyte === 'KET')).toBe(false);
    const signals = await analyst.get(`/api/sites/${venueId}/signals`);
    expect(signals.status).toBe(200);
    expect(
      signals.body.map((a: { kind: string; analyte: string; severity: string }) => [
        a.kind,
        a.analyte,
        a.severity,
      ]),
    ).toEqual([['first_detection', 'KET', 'low']]);
    const summary = await analyst.get('/api/alerts/summary');
    expect(summary.body).toMatchObject({
      open: 2,
      live: 2,
      signals: 1,
      openByKind: { first_detection: 2 },
      openByKindAndSeverity: { first_detection: { high: 2 } },
    });
    expect((await lab.get(`/api/sites/${venueId}/signals`)).status).toBe(403);
  });

  it("gives each alert its round's load and 95 % interval, the same figures as the site's series", async () => {
    const [alert] = (await analyst.get(`/api/alerts?siteId=${venueId}`)).body.filter(
      (a: { analyte: string }) => a.analyte === 'ETO-ACID',
    );
    const series = await analyst.get(`/api/sites/${venueId}/series?analyte=ETO-ACID`);
    const point = series.body.points.findLast((p: { roundId: number }) => p.roundId === alert.roundId);
    // 6.5 ng/L × 200 m³/d × 10⁻³ ÷ (800 / 1000) = 1.625 mg/d/1000.
    expect(point.normalisedLoadMgPerDayPer1000).toBeCloseTo(1.625, 6);
    expect(alert.load).toEqual({
      field: 'normalisedLoadMgPerDayPer1000',
      value: point.normalisedLoadMgPerDayPer1000,
      lower95: point.normalisedLoadMgPerDayPer1000Lower95,
      upper95: point.normalisedLoadMgPerDayPer1000Upper95,
      measurementId: point.measurementId,
    });
    expect(alert.load.lower95).toBeLessThan(alert.load.value);
    expect(alert.load.upper95).toBeGreaterThan(alert.load.value);
    // The single alert and the grouped inbox say the same.
    expect((await analyst.get(`/api/alerts/${alert.id}`)).body.load).toEqual(alert.load);
    const grouped = (await analyst.get('/api/alerts?groupBy=site')).body;
    const inGroup = grouped
      .flatMap((g: { alerts: { id: number }[] }) => g.alerts)
      .find((a: { id: number }) => a.id === alert.id);
    expect(inGroup.load).toEqual(alert.load);
  });

  it("draws the site chart's 95 % band with the series' own bounds", async () => {
    const series = (await analyst.get(`/api/sites/${venueId}/series?analyte=ETO-ACID`)).body as SiteSeries & {
      points: {
        normalisedLoadMgPerDayPer1000Lower95: number;
        normalisedLoadMgPerDayPer1000Upper95: number;
      }[];
    };
    const option = seriesChartOption(series, {
      value: 'v',
      belowLoq: 'loq',
      revised: 'rev',
      trend: 'trend',
      unit: 'mg/d/1000',
      roundLabel: (index) => `R${index + 1}`,
    }) as { series: { id?: string; data: (number | { value: number; upper95: number } | null)[] }[] };
    const base = option.series.find((entry) => entry.id === 'interval-lower95')!;
    const band = option.series.find((entry) => entry.id === 'interval-band')!;
    expect(series.points.length).toBeGreaterThan(0);
    expect(base.data).toEqual(series.points.map((p) => p.normalisedLoadMgPerDayPer1000Lower95));
    expect(band.data.map((item) => (item && typeof item === 'object' ? item.upper95 : item))).toEqual(
      series.points.map((p) => p.normalisedLoadMgPerDayPer1000Upper95),
    );
  });

  it('folds the inbox per site', async () => {
    const grouped = await analyst.get('/api/alerts?groupBy=site');
    expect(grouped.body).toEqual([
      expect.objectContaining({ siteId: venueId, siteCode: 'TR-V1', severity: 'high', count: 2 }),
    ]);
    expect(grouped.body[0].alerts).toHaveLength(2);
  });

  it('assigns an alert to an analyst, refuses a lab user as assignee, and keeps the step in the events', async () => {
    const [alert] = (await analyst.get(`/api/alerts?siteId=${venueId}&kind=first_detection`)).body;
    const refused = await analyst.post(`/api/alerts/${alert.id}/assign`, { username: 'lab' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('invalid_assignee');
    const assigned = await analyst.post(`/api/alerts/${alert.id}/assign`, { username: 'analyst' });
    expect(assigned.status).toBe(200);
    expect(assigned.body.assigneeName).toBe('analyst');
    const full = await analyst.get(`/api/alerts/${alert.id}`);
    expect(full.body.events.map((e: { action: string; reason: string }) => [e.action, e.reason])).toEqual([
      ['assign', '→ analyst'],
    ]);
  });

  it('acknowledges or dismisses many alerts with one reason, all or nothing', async () => {
    const ids = (await analyst.get(`/api/alerts?siteId=${venueId}`)).body.map((a: { id: number }) => a.id);
    expect(ids).toHaveLength(2);
    const ack = await analyst.post('/api/alerts/bulk', {
      ids,
      action: 'acknowledge',
      reason: '已通知辖区派出所',
    });
    expect(ack.status).toBe(200);
    expect(ack.body.map((a: { status: string }) => a.status)).toEqual(['acknowledged', 'acknowledged']);
    // Acknowledging again is impossible for both: refused, nothing written.
    const events = async () => (await app.db.query(`select count(*)::int as n from alert_events`)).rows[0];
    const before = await events();
    const again = await analyst.post('/api/alerts/bulk', { ids, action: 'acknowledge', reason: 'again' });
    expect(again.status).toBe(422);
    expect(await events()).toEqual(before);
    const dismissed = await analyst.post('/api/alerts/bulk', {
      ids,
      action: 'dismiss',
      reason: '已核实：实验室质控样',
    });
    expect(dismissed.body.map((a: { status: string }) => a.status)).toEqual(['dismissed', 'dismissed']);
    expect((await analyst.post('/api/alerts/bulk', { ids: [], action: 'dismiss', reason: 'x' })).status).toBe(
      400,
    );
  });
});
