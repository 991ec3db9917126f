import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app';
import { importDemoRound, loadDemoPlaces, waitForScoring } from './scoring-demo-data';

/** The round bulletin on the demo data (rounds 1-6 scored through the queue). */
let app: TestApp;
let haikou: number;
let round6: number;
beforeAll(async () => {
  app = await startTestApp({ mode: 'all', env: { WORKER_CONCURRENCY: '4' } });
  const { areaIdByCity } = await loadDemoPlaces(app.db);
  haikou = areaIdByCity.get('海口市')!;
  for (let round = 1; round <= 6; round++) await importDemoRound(app.db, round);
  await waitForScoring(app);
  round6 = (await app.db.query<{ id: number }>(`select id from rounds where name = '2025年第6轮'`)).rows[0]!
    .id;
}, 240_000);
afterAll(() => app?.close());

describe('round bulletin', () => {
  it('renders Chinese HTML with the headline figures, the map, alerts and caveats', async () => {
    const analyst = await app.client('analyst');
    const reply = await analyst.get(`/api/reports/bulletin?roundId=${round6}&areaId=${haikou}`);
    expect(reply.status).toBe(200);
    const html: string = reply.body;
    expect(html).toContain('污水毒情监测评估预警通报');
    // Haikou: 4 plants + 120 key sites sampled in round 6.
    expect(html).toContain('<b id="sites-sampled">124</b>');
    expect(html).toMatch(/甲基苯丙胺 \(METH\)<\/td><td class="n">124\/124 \(100%\)/);
    expect(html).toContain('<svg');
    expect(html).toContain('HK-V-017');
    expect(html).toContain('LOQ/2');
    expect(html).toContain('依托咪酯');
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    if (process.env.BULLETIN_PDF_OUT) fs.writeFileSync(`${process.env.BULLETIN_PDF_OUT}.html`, html);
    const english = await analyst.get(`/api/reports/bulletin?roundId=${round6}&lang=en`);
    expect(english.body).toContain('Headline figures');
    expect((await (await app.client('lab')).get(`/api/reports/bulletin?roundId=${round6}`)).status).toBe(403);
  });

  it('prints the bulletin to PDF with headless Chromium', async () => {
    expect(fs.existsSync('/usr/bin/chromium'), 'Chromium must be installed at /usr/bin/chromium').toBe(true);
    const analyst = await app.client('analyst');
    const reply = await analyst.get(`/api/reports/bulletin.pdf?roundId=${round6}&areaId=${haikou}`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/pdf');
    const pdf = reply.body as Buffer;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(20_000);
    if (process.env.BULLETIN_PDF_OUT) fs.writeFileSync(process.env.BULLETIN_PDF_OUT, pdf);
  });
});
