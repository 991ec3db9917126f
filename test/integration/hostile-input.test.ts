import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@skywater/core/db/db';
import { startTestApp, type TestApp, type TestClient } from '../support/test-app';

/**
 * The inputs that once got a 500 from a hostile or clumsy client: each now gets a clear 4xx with
 * an error code, and nothing is written.
 */
let app: TestApp;
let routesToProbe: string[];
let areaId: number;
beforeAll(async () => {
  app = await startTestApp({ mode: 'server' });
  const square = [
    [
      [110, 19.8],
      [110.1, 19.8],
      [110.1, 19.9],
      [110, 19.9],
      [110, 19.8],
    ],
  ];
  const pilot = await app.client('pilot');
  areaId = (
    await pilot.post('/api/areas', {
      name: '日期测试区',
      city: '海口市',
      geometry: { type: 'Polygon', coordinates: square },
    })
  ).body.id;
  routesToProbe = ['/api/health', '/api/auth/me', '/api/alerts', '/api/sites', '/tiles/sites/0/0/0.pbf'];
});
afterAll(() => app?.close());

async function rowCounts(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['findings', 'sites', 'rounds', 'survey_areas', 'audit_log', 'import_batches']) {
    counts[table] = Number((await db.query<{ n: string }>(`select count(*) as n from ${table}`)).rows[0]!.n);
  }
  return counts;
}

async function expectRefused(
  client: TestClient,
  method: string,
  path: string,
  body: unknown,
  statuses: number[],
  code?: string,
) {
  const before = await rowCounts(app.db);
  const reply = await client.request(method, path, body);
  expect(statuses, `${method} ${path} → ${reply.status} ${JSON.stringify(reply.body)}`).toContain(
    reply.status,
  );
  expect(reply.body.error?.code).toBeTruthy();
  if (code) expect(reply.body.error.code).toBe(code);
  expect(await rowCounts(app.db)).toEqual(before);
  return reply;
}

describe('a cookie that cannot be decoded', () => {
  it('is treated as no session on every kind of route, login included, never a 500', async () => {
    for (const path of routesToProbe) {
      const reply = await fetch(app.baseUrl + path, { headers: { cookie: 'sw_session=%' } });
      expect(reply.status, path).toBeLessThan(500);
    }
    const login = await fetch(app.baseUrl + '/api/auth/login', {
      method: 'POST',
      headers: { cookie: 'sw_session=%', 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'analyst', password: 'Test-password-2025' }),
    });
    expect(login.status).toBe(200);
  });
});

describe('references to rows that do not exist', () => {
  it('refuses a finding in an unknown area with 422 unknown_reference', async () => {
    const pilot = await app.client('pilot');
    await expectRefused(
      pilot,
      'POST',
      '/api/findings',
      {
        geometry: { type: 'Point', coordinates: [110.05, 19.85] },
        crop: 'cannabis',
        confidence: 0.5,
        source: 'analyst',
        areaId: 999999,
      },
      [404, 422],
    );
  });

  it('refuses a site in an unknown area with 422 unknown_reference', async () => {
    const analyst = await app.client('analyst');
    await expectRefused(
      analyst,
      'POST',
      '/api/sites',
      { code: 'FK-1', name: 'FK', kind: 'wwtp', lon: 110.3, lat: 20, areaId: 999999 },
      [404, 422],
    );
  });
});

describe('geometry', () => {
  it('refuses a self-intersecting finding polygon (a bow tie) with 422', async () => {
    const pilot = await app.client('pilot');
    const bowTie = [
      [
        [110, 19.8],
        [110.1, 19.9],
        [110.1, 19.8],
        [110, 19.9],
        [110, 19.8],
      ],
    ];
    await expectRefused(
      pilot,
      'POST',
      '/api/findings',
      {
        geometry: { type: 'Polygon', coordinates: bowTie },
        crop: 'cannabis',
        confidence: 0.5,
        source: 'analyst',
      },
      [422],
    );
  });
});

describe('dates that are not on the calendar', () => {
  for (const date of ['2025-02-30', '0000-01-01', '9999-99-99']) {
    it(`refuses ${date} on a round and on coverage with a 400`, async () => {
      const analyst = await app.client('analyst');
      await expectRefused(
        analyst,
        'POST',
        '/api/rounds',
        { name: `D ${date}`, startsOn: date, endsOn: '2025-03-01' },
        [400],
      );
      await expectRefused(
        analyst,
        'POST',
        '/api/rounds',
        { name: `E ${date}`, startsOn: '2025-01-01', endsOn: date },
        [400],
      );
      const pilot = await app.client('pilot');
      const coverage = await pilot.get(`/api/areas/${areaId}/coverage?from=${date}`);
      expect(coverage.status).toBe(400);
      expect(coverage.body.error.code).toBeTruthy();
    });
  }
});

describe('a body that is not what its headers say', () => {
  it('refuses Content-Encoding: gzip over a plain body with a 4xx, on JSON and upload routes', async () => {
    const lab = await app.client('lab');
    for (const [path, type, body] of [
      [
        '/api/rounds',
        'application/json',
        JSON.stringify({ name: 'gz', startsOn: '2025-01-01', endsOn: '2025-01-02' }),
      ],
      [
        '/api/lab/imports',
        'multipart/form-data; boundary=x',
        '--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\na,b\r\n--x--\r\n',
      ],
      ['/api/auth/login', 'application/json', JSON.stringify({ username: 'lab', password: 'x' })],
    ] as const) {
      const before = await rowCounts(app.db);
      const reply = await lab.request('POST', path, body, {
        'content-type': type,
        'content-encoding': 'gzip',
      });
      expect([400, 415], `${path} → ${reply.status}`).toContain(reply.status);
      expect(reply.body.error.code).toBeTruthy();
      expect(await rowCounts(app.db)).toEqual(before);
    }
  });
});
