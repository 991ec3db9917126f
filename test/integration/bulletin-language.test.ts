import fs from 'node:fs';
import path from 'node:path';
import { ALERT_KINDS } from '@skywater/core/alerts/alert-signal';
import { ALERT_STATUSES } from '@skywater/core/alerts/alert-lifecycle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@skywater/core/log/logger';
import { CITY_CAMPAIGNS, loadDemoData } from '../../server/src/demo/load-demo';
import { startTestApp, type TestApp, type TestClient } from '../support/test-app';
import { waitForScoring } from './scoring-demo-data';

/**
 * The round bulletin as a reader sees it: every code in words of the reader's language, a
 * warning on a partly reported round, no statistics of an analyte found nowhere, and a map
 * with district boundaries, a scale bar and a north arrow.
 */
let app: TestApp;
let analyst: TestClient;
let round6: number;
let round7: number;
const roundSeven = path.resolve(import.meta.dirname, '../../samples/data/next-round/round-7.csv');

beforeAll(async () => {
  app = await startTestApp({ mode: 'all', env: { WORKER_CONCURRENCY: '4' } });
  // The demo data as the app loads it: districts, areas, sites, rounds 1-6 and their results.
  await loadDemoData(app.db, createLogger('silent'));
  await waitForScoring(app, 1_100_000);
  // Haikou's round 6 and round 7 (each city holds rounds of these names in its own campaign).
  const haikouCampaign = (
    await app.db.query<{ id: number }>(`select id::int as id from campaigns where name = $1`, [
      CITY_CAMPAIGNS[0].name,
    ])
  ).rows[0]!.id;
  round6 = (
    await app.db.query<{ id: number }>(
      `select id from rounds where name = '2025年第6轮' and campaign_id = $1`,
      [haikouCampaign],
    )
  ).rows[0]!.id;
  const admin = await app.client('admin');
  round7 = (
    await admin.post('/api/rounds', {
      name: '2026年第1轮',
      startsOn: '2026-01-01',
      endsOn: '2026-01-31',
      campaignId: haikouCampaign,
    })
  ).body.id;
  // A round only three sites have reported yet: the real round 7 file cut to its first three sites.
  const lines = fs.readFileSync(roundSeven, 'utf8').split(/\r?\n/);
  const firstSites = [...new Set(lines.slice(1).map((line) => line.split(',')[0]))].slice(0, 3);
  const partial = [lines[0], ...lines.slice(1).filter((line) => firstSites.includes(line.split(',')[0]))];
  const form = new FormData();
  form.append('file', new Blob([partial.join('\n')]), 'round-7-first-sites.csv');
  const upload = await (await app.client('lab')).post('/api/lab/imports', form);
  expect(upload.status).toBeLessThan(300);
  analyst = await app.client('analyst');
}, 1_200_000);
afterAll(() => app?.close());

const rawCodes = [
  ...ALERT_KINDS,
  'sporadic_hot_spot',
  'consecutive_hot_spot',
  'persistent_hot_spot',
  'new_hot_spot',
  'no_pattern',
  'acknowledge',
];

function visibleText(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
}

describe('the bulletin in the reader’s language', () => {
  for (const lang of ['zh-CN', 'en'] as const) {
    it(`prints no raw code in ${lang}`, async () => {
      const reply = await analyst.get(`/api/reports/bulletin?roundId=${round6}&lang=${lang}`);
      expect(reply.status).toBe(200);
      const text = visibleText(reply.body as string);
      for (const code of rawCodes) expect(text, code).not.toContain(code);
      // A status code would read as a word of its own.
      for (const status of ALERT_STATUSES) expect(text).not.toMatch(new RegExp(`\\b${status}\\b`));
    });
  }

  it('draws district boundaries and names, a scale bar and a north arrow on the map', async () => {
    const html = (await analyst.get(`/api/reports/bulletin?roundId=${round6}`)).body as string;
    expect(html).toContain('id="scale-bar"');
    expect(html).toMatch(/<text [^>]*>\d+(\.\d+)? km<\/text>/);
    expect(html).toContain('id="north-arrow"');
    expect((html.match(/stroke-dasharray="4 2"/g) ?? []).length).toBeGreaterThan(3);
    expect(html).toMatch(/>龙华区<\/text>|>美兰区<\/text>/);
  });

  it('shows no median load for an analyte detected at no site', async () => {
    // Etomidate acid is not found in Haikou before round 7 (its first detection is planted there).
    const haikou = (await app.db.query<{ id: number }>(`select id from survey_areas where city = '海口市'`))
      .rows[0]!.id;
    const html = (await analyst.get(`/api/reports/bulletin?roundId=${round6}&areaId=${haikou}`))
      .body as string;
    expect(html).toMatch(
      /依托咪酯酸 \(ETO-ACID\) \*<\/td><td class="n">0\/124 \(0%\)<\/td><td class="n">未检出<\/td>/,
    );
    const undetected = [...html.matchAll(/<td class="n">0\/(\d+) \(0%\)<\/td><td class="n">([^<]*)<\/td>/g)];
    expect(undetected.length).toBeGreaterThan(0);
    for (const row of undetected) expect(row[2]).toBe('未检出');
  });

  it('warns that only 3 of the demo’s sites reported, and does not compare with the full round', async () => {
    const zh = (await analyst.get(`/api/reports/bulletin?roundId=${round7}`)).body as string;
    expect(zh).toContain('id="partial-round"');
    const [, expected] = zh.match(/本轮仅 3 \/ (\d+) 个采样点/) ?? [];
    expect(Number(expected)).toBeGreaterThan(100);
    // No "−40 %" against the full round: every change cell is a dash.
    const changes = [...zh.matchAll(/<td class="n">([^<]*)<\/td><\/tr>/g)].map((m) => m[1]);
    expect(changes.length).toBeGreaterThan(0);
    for (const change of changes) expect(change).not.toMatch(/%$/);
    const en = (await analyst.get(`/api/reports/bulletin?roundId=${round7}&lang=en`)).body as string;
    expect(en).toContain(`only 3 of ${expected} sites reported`);
    const full = (await analyst.get(`/api/reports/bulletin?roundId=${round6}`)).body as string;
    expect(full).not.toContain('id="partial-round"');
  });
});
