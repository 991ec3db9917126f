import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from '../support/test-app';

// `GET /api/sites/:id/analytes`: which analytes a site has results for, so the site drawer's
// picker can say "no data" before a series is opened.

let app: TestApp;
let lab: TestClient;
let analyst: TestClient;
let admin: TestClient;
let plantId: number;
let venueId: number;

const HEADER =
  'site_code,round,sample_id,collected_start,collected_end,collection_type,flow_m3_per_day,population,analyte,value,unit,loq';

beforeAll(async () => {
  app = await startTestApp({ mode: 'server' });
  [lab, analyst, admin] = await Promise.all([app.client('lab'), app.client('analyst'), app.client('admin')]);
  const site = (code: string, kind: string) =>
    admin.post('/api/sites', { code, name: code, kind, lon: 110.2, lat: 20, populationServed: 100_000 });
  plantId = (await site('SA-PLANT', 'wwtp')).body.id;
  venueId = (await site('SA-VENUE', 'venue')).body.id;
  await admin.post('/api/rounds', { name: 'SA-R1', startsOn: '2025-03-01', endsOn: '2025-03-30' });
  await admin.post('/api/rounds', { name: 'SA-R2', startsOn: '2025-04-01', endsOn: '2025-04-30' });
  const form = new FormData();
  form.append(
    'file',
    new Blob([
      `${HEADER}\n` +
        'SA-PLANT,SA-R1,SA-1,2025-03-24 08:00,2025-03-25 08:00,composite_flow,50000,100000,METH,120,ng/L,1\n' +
        'SA-PLANT,SA-R1,SA-1,2025-03-24 08:00,2025-03-25 08:00,composite_flow,50000,100000,MDMA,<LOQ,ng/L,2\n' +
        'SA-PLANT,SA-R2,SA-2,2025-04-24 08:00,2025-04-25 08:00,composite_flow,50000,100000,METH,80,ng/L,1\n',
    ]),
    'results.csv',
  );
  const reply = await lab.post('/api/lab/imports', form);
  expect(reply.status).toBeLessThan(300);
});
afterAll(() => app?.close());

describe('GET /api/sites/:id/analytes', () => {
  it('counts results, detections and rounds per analyte measured at the site, and nothing else', async () => {
    const reply = await analyst.get(`/api/sites/${plantId}/analytes`);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual([
      { analyte: 'MDMA', results: 1, detected: 0, rounds: 1 },
      { analyte: 'METH', results: 2, detected: 2, rounds: 2 },
    ]);
  });

  it('answers an empty list for a site never measured, 404 for an unknown one', async () => {
    expect((await analyst.get(`/api/sites/${venueId}/analytes`)).body).toEqual([]);
    expect((await analyst.get('/api/sites/999999/analytes')).status).toBe(404);
  });

  it('refuses a pilot (403)', async () => {
    const pilot = await app.client('pilot');
    expect((await pilot.get(`/api/sites/${plantId}/analytes`)).status).toBe(403);
  });
});
