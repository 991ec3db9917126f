import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from '../support/test-app';
import { createArea, rectangle } from './survey-helpers';
import { VectorTile } from '@mapbox/vector-tile';
import Protobuf from 'pbf';

/** The ids of a tile's `findings` features (none when the tile is empty). */
function featureIds(body: Buffer): number[] {
  const layer = new VectorTile(new Protobuf(body)).layers.findings;
  return layer ? Array.from({ length: layer.length }, (_, i) => Number(layer.feature(i).properties.id)) : [];
}

let app: TestApp;
let analyst: TestClient;
let pilot: TestClient;
let areaId: number;
let imageSha: string;
let imageId: number;

beforeAll(async () => {
  app = await startTestApp({ mode: 'server' });
  analyst = await app.client('analyst');
  pilot = await app.client('pilot');
  areaId = await createArea(pilot, 'Findings area');
  const flight = await app.db.query<{ id: number }>(
    `insert into flights (area_id, track, point_count, distance_m, log_format, log_sha256, log_file_name)
     values ($1, st_geomfromewkt('SRID=4326;MULTILINESTRING ZM ((110.42 19.82 100 NaN, 110.43 19.82 100 NaN))'),
             2, 1000, 'gpx', repeat('b', 64), 't.gpx') returning id`,
    [areaId],
  );
  imageSha = 'c'.repeat(64);
  imageId = (
    await app.db.query<{ id: number }>(
      `insert into images (flight_id, sha256, original_name, storage_key, status) values ($1, $2, 'DJI_0100.JPG', 'images/x/y.jpg', 'done') returning id`,
      [flight.rows[0]!.id, imageSha],
    )
  ).rows[0]!.id;
});
afterAll(() => app?.close());

const plot = {
  geometry: rectangle(110.421, 19.821, 110.4213, 19.8213),
  crop: 'opium_poppy',
  confidence: 0.82,
  source: 'analyst',
};

describe('findings', () => {
  it('records a suspected plot with its evidence photos and their SHA-256, in the area it lies in', async () => {
    const reply = await analyst.post('/api/findings', { ...plot, evidence: [{ imageId }] });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({
      areaId,
      status: 'suspected',
      crop: 'opium_poppy',
      confidence: 0.82,
      evidence: [{ imageId, sha256: imageSha, name: 'DJI_0100.JPG' }],
      events: [],
    });
  });

  it('refuses evidence that does not match the stored photo', async () => {
    const reply = await analyst.post('/api/findings', {
      ...plot,
      evidence: [{ imageId, sha256: 'd'.repeat(64) }],
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.details[0].path).toBe('evidence.0.sha256');
    const missing = await analyst.post('/api/findings', { ...plot, evidence: [{ imageId: 999999 }] });
    expect(missing.status).toBe(400);
  });

  it('carries a finding through verification, eradication and re-survey, auditing every step', async () => {
    const created = await pilot.post('/api/findings', {
      geometry: { type: 'Point', coordinates: [110.4215, 19.8215] },
      crop: 'cannabis',
      confidence: 0.6,
      source: 'model',
    });
    const id = created.body.id;
    const verified = await pilot.post(`/api/findings/${id}/verify`, {
      team: '东方市禁毒大队地面核查组',
      at: '2025-03-12T09:30:00+08:00',
      outcome: 'confirmed',
      photos: [{ name: 'ground-1.jpg', sha256: 'e'.repeat(64) }],
      plants: 340,
    });
    expect(verified.status).toBe(200);
    expect(verified.body.status).toBe('verified');
    const eradicated = await pilot.post(`/api/findings/${id}/eradicate`, {
      team: '铲毒队',
      at: '2025-03-13T10:00:00+08:00',
      areaM2: 120,
      plants: 340,
    });
    expect(eradicated.body.status).toBe('eradicated');
    const resurveyed = await pilot.post(`/api/findings/${id}/resurvey`, {
      at: '2025-04-13T10:00:00+08:00',
      outcome: 'clear',
    });
    expect(resurveyed.body.status).toBe('resurveyed');
    expect(
      resurveyed.body.events.map((e: { kind: string; fromStatus: string; toStatus: string }) => [
        e.kind,
        e.fromStatus,
        e.toStatus,
      ]),
    ).toEqual([
      ['verification', 'suspected', 'verified'],
      ['eradication', 'verified', 'eradicated'],
      ['resurvey', 'eradicated', 'resurveyed'],
    ]);
    const audit = await app.db.query<{ action: string; actor_name: string }>(
      `select action, actor_name from audit_log where entity = 'finding' and entity_id = $1 order by id`,
      [String(id)],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['create', 'verify', 'eradicate', 'resurvey']);
    expect(new Set(audit.rows.map((r) => r.actor_name))).toEqual(new Set(['pilot']));
  });

  it('answers 422 to an impossible transition and changes nothing', async () => {
    const created = await analyst.post('/api/findings', plot);
    const reply = await analyst.post(`/api/findings/${created.body.id}/eradicate`, {
      team: 't',
      at: '2025-03-13T10:00:00+08:00',
      areaM2: 1,
      plants: 1,
    });
    expect(reply.status).toBe(422);
    expect(reply.body.error.code).toBe('invalid_transition');
    const rejected = await analyst.post(`/api/findings/${created.body.id}/reject`, {
      reason: 'shadow of a water tank',
    });
    expect(rejected.body.status).toBe('rejected');
    const again = await analyst.post(`/api/findings/${created.body.id}/verify`, {
      team: 't',
      at: '2025-03-13T10:00:00+08:00',
      outcome: 'confirmed',
    });
    expect(again.status).toBe(422);
    expect((await analyst.get(`/api/findings/${created.body.id}`)).body.events).toHaveLength(1);
  });

  it('never deletes or rewrites the chain', async () => {
    await expect(app.db.query(`update finding_events set outcome = 'x'`)).rejects.toThrow(/append-only/);
    await expect(app.db.query(`delete from finding_events`)).rejects.toThrow(/append-only/);
    await expect(app.db.query(`delete from findings`)).rejects.toThrow(/never deleted/);
  });

  it('lets analysts and admins read every finding, pilots those they recorded, lab users only totals', async () => {
    const lab = await app.client('lab');
    const admin = await app.client('admin');
    expect((await lab.get('/api/findings')).status).toBe(403);
    expect((await pilot.get('/api/findings')).status).toBe(200);
    const list = await admin.get(`/api/findings?areaId=${areaId}&status=resurveyed`);
    expect(list.body).toHaveLength(1);
    const created = await pilot.post('/api/findings', plot);
    expect((await pilot.post(`/api/findings/${created.body.id}/reject`, { reason: 'no' })).status).toBe(403);

    // Another team's pilot: the finding is absent from the list, the detail, the steps and the tiles.
    expect(
      (await admin.post('/api/users', { username: 'pilot2', roles: ['pilot'], password: 'Banyan-Root-58' }))
        .status,
    ).toBe(201);
    const pilot2 = await app.client();
    await pilot2.login('pilot2', 'Banyan-Root-58');
    expect((await pilot2.get('/api/findings')).body).toEqual([]);
    expect((await pilot2.get(`/api/findings/${created.body.id}`)).status).toBe(404);
    const verify = { at: '2025-06-02T09:00:00+08:00', outcome: 'confirmed', team: 'B' };
    expect((await pilot2.post(`/api/findings/${created.body.id}/verify`, verify)).status).toBe(404);
    expect((await pilot.get(`/api/findings/${created.body.id}`)).status).toBe(200);
    const own = await pilot.get('/api/findings');
    expect(own.body.map((f: { id: number }) => f.id)).toContain(created.body.id);
    expect(own.body.every((f: { createdBy: string }) => f.createdBy === 'pilot')).toBe(true);

    // Tiles: the same rule. The plot lies in the area's tile at zoom 12.
    const [lon, lat] = [110.4211, 19.8211];
    const n = 2 ** 12;
    const x = Math.floor(((lon + 180) / 360) * n);
    const y = Math.floor(
      ((1 - Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) / 2) *
        n,
    );
    const tile = `/tiles/findings/12/${x}/${y}.pbf`;
    const [ofAnalyst, ofPilot, ofPilot2] = await Promise.all(
      [analyst, pilot, pilot2].map((c) => c.get(tile)),
    );
    expect(ofAnalyst.status).toBe(200);
    expect(featureIds(ofAnalyst.body)).toContain(created.body.id);
    expect(featureIds(ofPilot.body)).toContain(created.body.id);
    expect(featureIds(ofPilot2.body)).toEqual([]);

    // Totals per area: open to every logged-in user, no places in them.
    const totals = await lab.get('/api/findings/totals');
    expect(totals.status).toBe(200);
    const ofArea = totals.body.find((t: { areaId: number }) => t.areaId === areaId);
    const every = (await admin.get(`/api/findings?areaId=${areaId}`)).body as { status: string }[];
    const counted: Record<string, number> = {};
    for (const f of every) counted[f.status] = (counted[f.status] ?? 0) + 1;
    expect(ofArea.byStatus).toEqual(counted);
    // The plants and ground of the area's eradication steps, read back from each finding's chain.
    let plants = 0;
    let areaM2 = 0;
    for (const f of every as unknown as { id: number }[]) {
      const chain = (await admin.get(`/api/findings/${f.id}`)).body as {
        events: { kind: string; detail: { plants?: number; areaM2?: number } }[];
      };
      for (const event of chain.events.filter((e) => e.kind === 'eradication')) {
        plants += event.detail.plants ?? 0;
        areaM2 += event.detail.areaM2 ?? 0;
      }
    }
    expect(plants).toBeGreaterThan(0);
    expect(ofArea.plantsEradicated).toBe(plants);
    expect(ofArea.areaEradicatedM2).toBe(areaM2);
    expect(counted.suspected).toBeGreaterThan(0);
    expect(JSON.stringify(totals.body)).not.toContain('coordinates');
  });

  it('counts a user’s own findings in the totals when asked (recordedBy=me), as their list holds them', async () => {
    const mine = await pilot.get('/api/findings/totals?recordedBy=me');
    expect(mine.status).toBe(200);
    const own = (await pilot.get('/api/findings')).body as { status: string; areaId: number | null }[];
    const counted: Record<string, number> = {};
    for (const f of own.filter((f) => f.areaId === areaId)) counted[f.status] = (counted[f.status] ?? 0) + 1;
    expect(own.length).toBeGreaterThan(0);
    expect(mine.body.find((t: { areaId: number }) => t.areaId === areaId).byStatus).toEqual(counted);
    // A pilot who recorded nothing: no line of their own, while the office's totals have some.
    const pilot2 = await app.client();
    await pilot2.login('pilot2', 'Banyan-Root-58');
    expect((await pilot2.get('/api/findings/totals?recordedBy=me')).body).toEqual([]);
    expect((await pilot2.get('/api/findings/totals')).body.length).toBeGreaterThan(0);
    const refused = await pilot.get('/api/findings/totals?recordedBy=someone');
    expect(refused.status).toBe(400);
  });

  it('takes a ground team’s finding as source "ground" and refuses a source it does not know', async () => {
    const ground = await pilot.post('/api/findings', { ...plot, source: 'ground' });
    expect(ground.status).toBe(201);
    expect(ground.body.source).toBe('ground');
    const before = (await analyst.get('/api/findings')).body.length;
    const unknown = await pilot.post('/api/findings', { ...plot, source: 'rumour' });
    expect(unknown.status).toBe(400);
    expect((await analyst.get('/api/findings')).body.length).toBe(before);
  });
});
