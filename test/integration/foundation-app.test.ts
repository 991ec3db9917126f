import { VectorTile } from '@mapbox/vector-tile';
import { Queue } from 'bullmq';
import Protobuf from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueInTransaction, countPendingJobs } from '@skywater/core/outbox/outbox';
import { createLogger } from '@skywater/core/log/logger';
import { createQueues, createRedis, startOutboxRelay } from '@skywater/workers';
import { loadDemoData } from '../../server/src/demo/load-demo';
import { startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ mode: 'server' });
});
afterAll(() => app?.close());

describe('health and readiness', () => {
  it('answers health and ready when the database and Redis answer', async () => {
    const anonymous = await app.client();
    expect((await anonymous.get('/api/health')).body).toEqual({ status: 'ok' });
    const ready = await anonymous.get('/api/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.checks.database.ok).toBe(true);
    expect(ready.body.checks.redis.ok).toBe(true);
  });
});

describe('sessions, CSRF and roles', () => {
  it('refuses a wrong password and an unknown user with the same 401', async () => {
    const client = await app.client();
    const wrong = await client.post('/api/auth/login', { username: 'analyst', password: 'nope-nope-nope' });
    const unknown = await client.post('/api/auth/login', { username: 'nobody', password: 'nope-nope-nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
  });

  it('sets an httpOnly, SameSite=Strict session cookie and returns the roles and a CSRF token', async () => {
    const client = await app.client();
    const reply = await client.login('analyst', 'Test-password-2025');
    expect(reply.body.user).toEqual({ username: 'analyst', roles: ['analyst'] });
    expect(reply.body.csrfToken).toMatch(/^[\w-]{20,}$/);
    const cookie = reply.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect((await client.get('/api/auth/me')).body.user.username).toBe('analyst');
  });

  it('answers 401 to anonymous, 403 to the wrong role, 403 without the CSRF header', async () => {
    const area = { name: 'Test area', city: '海口市', geometry: square(110.3, 19.9, 0.05) };
    expect((await (await app.client()).post('/api/areas', area)).status).toBe(401);
    const lab = await app.client('lab');
    expect((await lab.post('/api/areas', area)).status).toBe(403);
    const pilot = await app.client('pilot');
    const noCsrf = await pilot.request('POST', '/api/areas', area, { 'x-csrf-token': 'wrong' });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error.message).toMatch(/CSRF/);
  });

  it('makes an account wait after 5 wrong passwords, even against the right one, answering as for a wrong one', async () => {
    const client = await app.client();
    for (let i = 0; i < 5; i++) {
      expect(
        (await client.post('/api/auth/login', { username: 'admin', password: `wrong-password-${i}` })).status,
      ).toBe(401);
    }
    const locked = await client.post('/api/auth/login', {
      username: 'admin',
      password: 'Test-password-2025',
    });
    expect(locked.status).toBe(401);
    expect(locked.body.error.code).toBe('unauthenticated');
    await app.db.query(`update users set failed_logins = 0, locked_until = null where username = 'admin'`);
    expect(
      (await client.post('/api/auth/login', { username: 'admin', password: 'Test-password-2025' })).status,
    ).toBe(200);
  });

  it('ends the session at logout', async () => {
    const client = await app.client('pilot');
    expect((await client.post('/api/auth/logout')).status).toBe(204);
    expect((await client.get('/api/auth/me')).status).toBe(401);
  });

  it('says who is logged in, or nobody, with a 200 either way (GET /api/auth/session)', async () => {
    const nobody = await (await app.client()).get('/api/auth/session');
    expect(nobody.status).toBe(200);
    expect(nobody.body).toEqual({ user: null });
    const lab = await app.client('lab');
    const seen = await lab.get('/api/auth/session');
    expect(seen.status).toBe(200);
    expect(seen.body.user).toMatchObject({ username: 'lab', roles: ['lab'] });
    expect(seen.body.csrfToken).toBe(lab.csrfToken);
    expect((await lab.post('/api/auth/logout')).status).toBe(204);
    expect((await lab.get('/api/auth/session')).body).toEqual({ user: null });
  });
});

describe('survey areas', () => {
  it('creates an area measured on the ellipsoid and audits it', async () => {
    const pilot = await app.client('pilot');
    // 0.1° × 0.1° at 20° N: 115.81 km² on WGS84 (GeographicLib, = PostGIS geography).
    const reply = await pilot.post('/api/areas', {
      name: 'Square',
      city: '海口市',
      geometry: square(110, 20, 0.1),
    });
    expect(reply.status).toBe(201);
    expect(reply.body.areaKm2).toBeCloseTo(115.8128, 3);
    expect(reply.body.coveragePct).toBe(0);
    expect(reply.body.geometry.type).toBe('MultiPolygon');
    const { rows } = await app.db.query(
      `select actor_name, action from audit_log where entity = 'survey_area'`,
    );
    expect(rows).toEqual([{ actor_name: 'pilot', action: 'create' }]);
  });

  it('refuses a self-intersecting polygon with a reason, and stores nothing', async () => {
    const pilot = await app.client('pilot');
    const bowtie = {
      type: 'Polygon',
      coordinates: [
        [
          [110, 20],
          [110.1, 20.1],
          [110.1, 20],
          [110, 20.1],
          [110, 20],
        ],
      ],
    };
    const reply = await pilot.post('/api/areas', { name: 'Bowtie', city: '海口市', geometry: bowtie });
    expect(reply.status).toBe(400);
    expect(JSON.stringify(reply.body.error.details)).toMatch(/Self-intersection/i);
    const { rows } = await app.db.query(`select 1 from survey_areas where name = 'Bowtie'`);
    expect(rows).toEqual([]);
  });
});

describe('demo data', () => {
  // The province's demo (211 grid cells, Qionghai's lab files) takes minutes on a loaded machine.
  it('loads once: both survey areas at the reported sizes, the sites and the rounds', async () => {
    const log = createLogger('silent');
    expect(await loadDemoData(app.db, log)).toBe(true);
    expect(await loadDemoData(app.db, log)).toBe(false);
    const areas = (await (await app.client('analyst')).get('/api/areas')).body as Array<{
      city: string;
      areaKm2: number;
    }>;
    const haikou = areas.find((a) => a.city === '海口市' && a.areaKm2 > 800)!;
    const dongfang = areas.find((a) => a.city === '东方市')!;
    expect(Math.abs(haikou.areaKm2 - 850)).toBeLessThanOrEqual(5);
    expect(Math.abs(dongfang.areaKm2 - 1130)).toBeLessThanOrEqual(5);
    const { rows } = await app.db.query<{ n: number }>(
      `select count(*)::int as n from sites where code ~ '^HK-(V|H|R)-'`,
    );
    expect(rows[0]!.n).toBe(120);
  }, 900_000);

  it('shows venue and hotel sites to analysts, not to pilots', async () => {
    const kinds = async (user: string) =>
      new Set(
        (
          (await (await app.client(user)).get('/api/sites')).body.features as Array<{
            properties: { kind: string };
          }>
        ).map((f) => f.properties.kind),
      );
    // Qionghai's upstream manholes are `sewer` sites.
    expect(await kinds('analyst')).toEqual(new Set(['wwtp', 'venue', 'hotel', 'residential', 'sewer']));
    expect(await kinds('pilot')).toEqual(new Set(['wwtp', 'residential', 'sewer']));
  });

  it('serves the offline basemap from the database', async () => {
    const basemap = await (await app.client()).get('/basemap/hainan-districts.geojson');
    expect(basemap.body.features.length).toBeGreaterThanOrEqual(18);
    expect(basemap.body.features.map((f: { properties: { name: string } }) => f.properties.name)).toContain(
      '龙华区',
    );
  });

  it('labels each city once, on its own land', async () => {
    const labels = await (await app.client()).get('/basemap/hainan-city-labels.geojson');
    expect(labels.status).toBe(200);
    const { rows: cities } = await app.db.query<{ city: string }>(
      'select distinct city from districts order by city',
    );
    const features = labels.body.features as {
      geometry: { coordinates: [number, number] };
      properties: { city: string; cityEn?: string };
    }[];
    expect(features.map((f) => f.properties.city)).toEqual(cities.map((c) => c.city));
    // Each city's English name too (海口市 Haikou), none left in Chinese.
    const english = new Map(features.map((f) => [f.properties.city, f.properties.cityEn]));
    expect(english.get('海口市')).toBe('Haikou');
    expect(english.get('东方市')).toBe('Dongfang');
    expect([...english.values()].filter((name) => !name || /\p{Script=Han}/u.test(name))).toEqual([]);
    const { rows } = await app.db.query<{ city: string; inside: boolean }>(
      `select l.city, exists (select 1 from districts d where d.city = l.city
                              and st_intersects(d.geom, st_setsrid(st_point(l.lon, l.lat), 4326))) as inside
       from jsonb_to_recordset($1::jsonb) as l(city text, lon float8, lat float8)`,
      [
        JSON.stringify(
          features.map((f) => ({
            city: f.properties.city,
            lon: f.geometry.coordinates[0],
            lat: f.geometry.coordinates[1],
          })),
        ),
      ],
    );
    expect(rows.filter((r) => !r.inside).map((r) => r.city)).toEqual([]);
  });

  it('cuts the district boundaries into vector tiles, fewer vertices zoomed out', async () => {
    const analyst = await app.client('analyst');
    // Zoom 7 tile holding Haikou (110.3° E, 20.0° N).
    const reply = await analyst.get('/tiles/districts/7/103/56.pbf');
    expect(reply.status).toBe(200);
    const layer = new VectorTile(new Protobuf(reply.body as Buffer)).layers.districts!;
    const names: string[] = [];
    let tileVertices = 0;
    for (let i = 0; i < layer.length; i++) {
      const feature = layer.feature(i);
      names.push(String(feature.properties.name));
      expect(feature.type).toBe(3);
      tileVertices += feature.loadGeometry().reduce((sum, ring) => sum + ring.length, 0);
    }
    expect(names).toContain('龙华区');
    const { rows } = await app.db.query<{ vertices: number }>(
      `select sum(st_npoints(geom))::int as vertices from districts
       where geom && st_transform(st_tileenvelope(7, 103, 56), 4326)`,
    );
    expect(tileVertices).toBeGreaterThan(0);
    expect(tileVertices).toBeLessThan(rows[0]!.vertices / 2);
    expect((await (await app.client()).get('/tiles/districts/7/103/56.pbf')).status).toBe(401);
  });
});

describe('transactional outbox', () => {
  it('keeps no job when the transaction rolls back, and relays a committed one to BullMQ once', async () => {
    await expect(
      app.db.transaction(async (tx) => {
        await enqueueInTransaction(tx, {
          queue: 'maintenance',
          name: 'prune-outbox',
          jobId: 'rolled-back',
          data: {},
        });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await app.db.transaction((tx) =>
      enqueueInTransaction(tx, {
        queue: 'maintenance',
        name: 'prune-outbox',
        jobId: 'committed-1',
        data: { n: 1 },
      }),
    );
    await app.db.transaction((tx) =>
      enqueueInTransaction(tx, {
        queue: 'maintenance',
        name: 'prune-outbox',
        jobId: 'committed-1',
        data: { n: 1 },
      }),
    );
    await app.services.relay.relayOnce();
    const queue = app.services.queues.get('maintenance');
    expect((await app.db.query(`select 1 from outbox where job_id = 'rolled-back'`)).rows).toEqual([]);
    const job = await queue.getJob(await relayedId('committed-1'));
    expect(job?.data).toEqual({ n: 1 });
    expect(await countPendingJobs(app.db)).toBe(0);
  });

  it('sets aside a job Redis refuses and still relays the ones after it', async () => {
    // BullMQ refuses custom ids with more than two ':' separators: a poison job.
    await app.db.transaction(async (tx) => {
      await enqueueInTransaction(tx, {
        queue: 'maintenance',
        name: 'prune-outbox',
        jobId: 'bad:id:with:colons',
        data: {},
      });
      await enqueueInTransaction(tx, {
        queue: 'maintenance',
        name: 'prune-outbox',
        jobId: 'after-the-poison',
        data: {},
      });
    });
    for (let i = 0; i < 6; i++) await app.services.relay.relayOnce();
    expect(
      await app.services.queues.get('maintenance').getJob(await relayedId('after-the-poison')),
    ).toBeDefined();
    const { rows } = await app.db.query<{ attempts: number; last_error: string; relayed_at: Date | null }>(
      `select attempts, last_error, relayed_at from outbox where job_id = 'bad:id:with:colons'`,
    );
    expect(rows[0]).toMatchObject({ attempts: 5, relayed_at: null });
    expect(rows[0]!.last_error).toMatch(/Custom Id/i);
    const pending = await app.db.query(
      `select queue, job_id, attempts, last_error from outbox where relayed_at is null`,
    );
    expect(pending.rows).toEqual([
      { queue: 'maintenance', job_id: 'bad:id:with:colons', attempts: 5, last_error: rows[0]!.last_error },
    ]);
  });

  it('keeps jobs while Redis is unreachable and delivers them when it answers again', async () => {
    const log = createLogger('silent');
    // Only the relay under test may move jobs: the app's own relay stops polling (last test).
    await app.services.relay.stop();
    const deadQueues = createQueues('redis://127.0.0.1:1', app.config.queuePrefix);
    const deadRelay = startOutboxRelay(app.db, deadQueues, log, 60_000);
    await app.db.transaction((tx) =>
      enqueueInTransaction(tx, {
        queue: 'maintenance',
        name: 'prune-outbox',
        jobId: 'during-outage',
        data: {},
      }),
    );
    await expect(deadRelay.relayOnce()).rejects.toThrow();
    expect(await countPendingJobs(app.db)).toBe(1);
    await deadRelay.stop();
    await deadQueues.close();
    await app.services.relay.relayOnce();
    expect(await countPendingJobs(app.db)).toBe(0);
    const redis = createRedis(app.config, 'producer');
    const queue = new Queue('maintenance', { connection: redis, prefix: app.config.queuePrefix });
    expect(await queue.getJob(await relayedId('during-outage'))).toBeDefined();
    await queue.close();
    redis.disconnect();
  });
});

/** The BullMQ id the relay gave an outbox job (its job id plus the row's random key). */
async function relayedId(jobId: string): Promise<string> {
  const { rows } = await app.db.query<{ relay_key: string }>(
    `select relay_key from outbox where job_id = $1`,
    [jobId],
  );
  return `${jobId}-${rows[0]?.relay_key}`;
}

function square(lon: number, lat: number, size: number) {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [lon, lat],
        [lon + size, lat],
        [lon + size, lat + size],
        [lon, lat + size],
        [lon, lat],
      ],
    ],
  };
}
