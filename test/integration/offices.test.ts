import { VectorTile } from '@mapbox/vector-tile';
import Protobuf from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from '../support/test-app';
import { createOfficeWorld, type OfficeObjects, type Relation } from './office-fixtures';

/** Offices: what a city office's accounts see through tiles, exports and imports, and the bad input. */
let app: TestApp;
let world: Record<Relation, OfficeObjects>;
let admin: TestClient;
let analyst: TestClient;
let lab: TestClient;

beforeAll(async () => {
  app = await startTestApp({ mode: 'server' });
  world = await createOfficeWorld(app.db);
  admin = await app.client('admin');
  analyst = await app.client('haikou-analyst');
  lab = await app.client('haikou-lab');
}, 300_000);
afterAll(() => app?.close());

const tileFeatureIds = (body: Buffer, layer: string) => {
  const decoded = new VectorTile(new Protobuf(body)).layers[layer];
  const ids: number[] = [];
  for (let i = 0; i < (decoded?.length ?? 0); i++) ids.push(Number(decoded!.feature(i).properties.id));
  return ids.sort((a, b) => a - b);
};

describe('what a city office sees', () => {
  it('draws only its own and its districts’ sites and flights in the tiles; the province sees all', async () => {
    const mine = [world.own.site, world.sub.site].sort((a, b) => a - b);
    const every = [world.own.site, world.sub.site, world.sibling.site, world.parent.site].sort(
      (a, b) => a - b,
    );
    const cityTile = await analyst.get('/tiles/sites/0/0/0.pbf');
    expect(cityTile.status).toBe(200);
    expect(tileFeatureIds(cityTile.body, 'sites')).toEqual(mine);
    const provinceTile = await (await app.client('analyst')).get('/tiles/sites/0/0/0.pbf');
    expect(tileFeatureIds(provinceTile.body, 'sites')).toEqual(every);
    const flights = await analyst.get('/tiles/flights/0/0/0.pbf');
    expect(tileFeatureIds(flights.body, 'flights')).toEqual(
      [world.own.flight, world.sub.flight].sort((a, b) => a - b),
    );
  });

  it('counts only its offices’ findings in the findings totals; the province counts all', async () => {
    const areasOf = (body: { areaId: number }[]) => body.map((t) => t.areaId).sort((a, b) => a - b);
    const city = await analyst.get('/api/findings/totals');
    expect(city.status).toBe(200);
    expect(areasOf(city.body)).toEqual([world.own.area, world.sub.area].sort((a, b) => a - b));
    const province = await (await app.client('analyst')).get('/api/findings/totals');
    const every = [world.own.area, world.sub.area, world.sibling.area, world.parent.area];
    expect(areasOf(province.body)).toEqual(every.sort((a, b) => a - b));
  });

  it('exports only the results at its offices’ sites', async () => {
    const csv = await analyst.get('/api/lab/exports.csv');
    expect(csv.status).toBe(200);
    const text = String(csv.body);
    expect(text).toContain('site-own');
    expect(text).toContain('site-sub');
    expect(text).not.toContain('site-sibling');
    expect(text).not.toContain('site-parent');
  });

  it('answers a sibling’s round bulletin 404 as if absent, and builds its own', async () => {
    expect((await analyst.get(`/api/reports/bulletin?roundId=${world.sibling.round}`)).status).toBe(404);
    const own = await analyst.get(`/api/reports/bulletin?roundId=${world.own.round}&lang=en`);
    expect(own.status).toBe(200);
    expect(String(own.body)).toContain('site-own');
  });
});

describe('bad input', () => {
  it('refuses an import naming another office’s site with row errors, and stores nothing', async () => {
    const before = await app.db.query<{ n: number }>('select count(*)::int as n from samples');
    const header =
      'site_code,round,sample_id,collected_start,collected_end,collection_type,flow_m3_per_day,analyte,value,unit';
    // Row numbers count the header as row 1, as the spreadsheet shows them.
    const rows = [
      'site-own,round-own,N-1,2025-01-12 08:00,2025-01-13 08:00,composite_flow,50000,METH,100,ng/L',
      'site-sibling,round-own,N-2,2025-01-12 08:00,2025-01-13 08:00,composite_flow,50000,METH,100,ng/L',
    ];
    const form = new FormData();
    form.append('file', new Blob([`${header}\n${rows.join('\n')}\n`]), 'cross-office.csv');
    const reply = await lab.post('/api/lab/imports', form);
    expect(reply.body.status).toBe('rejected');
    expect(reply.body.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
      [3, 'unknown_site'],
    ]);
    const after = await app.db.query<{ n: number }>('select count(*)::int as n from samples');
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('refuses a site outside its office’s territory, and takes one inside', async () => {
    await app.db.query(
      `update offices set territory = st_multi(st_makeenvelope(0, 0, 1, 1, 4326)) where id = $1`,
      [world.own.officeId],
    );
    const outside = await analyst.post('/api/sites', {
      code: 'far-away',
      name: 'far',
      kind: 'wwtp',
      lon: 5,
      lat: 5,
    });
    expect(outside.status).toBe(422);
    expect(outside.body.error.code).toBe('outside_territory');
    const inside = await analyst.post('/api/sites', {
      code: 'inside',
      name: 'in',
      kind: 'wwtp',
      lon: 0.5,
      lat: 0.5,
    });
    expect(inside.status).toBe(201);
    const stored = await app.db.query<{ office_id: number }>(
      `select office_id::int from sites where code = 'inside'`,
    );
    expect(stored.rows[0]!.office_id).toBe(world.own.officeId);
    const names = await app.db.query<{ n: number }>(
      `select count(*)::int as n from sites where code = 'far-away'`,
    );
    expect(names.rows[0]!.n).toBe(0);
  });

  it('refuses to delete an office that owns data or sub-offices, and deletes an empty one', async () => {
    const owning = await admin.request('DELETE', `/api/offices/${world.sub.officeId}`);
    expect(owning.status).toBe(409);
    expect(owning.body.error.details.reason).toBe('office_in_use');
    expect(owning.body.error.details.owns).toContain('sites');
    const parentOfOthers = await admin.request('DELETE', `/api/offices/${world.own.officeId}`);
    expect(parentOfOthers.status).toBe(409);
    expect(parentOfOthers.body.error.details.owns).toContain('offices');
    const created = await admin.post('/api/offices', {
      code: 'wanning',
      nameZh: '万宁市',
      nameEn: 'Wanning',
      kind: 'city',
      parentId: world.parent.officeId,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: 'wanning', parentId: world.parent.officeId });
    expect((await admin.request('DELETE', `/api/offices/${created.body.id}`)).status).toBe(204);
    const left = await app.db.query(`select 1 from offices where code = 'wanning'`);
    expect(left.rows).toEqual([]);
  });

  it('lets a city admin manage its own accounts only, and ends a moved account’s sessions', async () => {
    const cityAdmin = await app.client('haikou-admin');
    const users = await cityAdmin.get('/api/users');
    const names = users.body.map((u: { username: string }) => u.username);
    expect(names).toContain('user-own');
    expect(names).toContain('user-sub');
    expect(names).not.toContain('user-sibling');
    expect(names).not.toContain('admin');
    expect((await cityAdmin.request('PATCH', '/api/users/user-sibling', { displayName: 'x' })).status).toBe(
      404,
    );
    expect((await cityAdmin.request('PATCH', '/api/users/admin', { displayName: 'x' })).status).toBe(404);
    const intoSibling = await cityAdmin.request('PATCH', '/api/users/haikou-pilot', {
      officeId: world.sibling.officeId,
    });
    expect(intoSibling.status).toBe(404);

    const pilot = await app.client('haikou-pilot');
    expect((await pilot.get('/api/auth/me')).body.user.office.code).toBe('haikou');
    const moved = await admin.request('PATCH', '/api/users/haikou-pilot', {
      officeId: world.sibling.officeId,
    });
    expect(moved.status).toBe(200);
    expect(moved.body.officeId).toBe(world.sibling.officeId);
    expect((await pilot.get('/api/auth/me')).status).toBe(401);
    const again = await app.client('haikou-pilot');
    expect((await again.get('/api/auth/me')).body.user.office.code).toBe('dongfang');
    const flights = await again.get('/api/flights');
    expect(flights.body.map((f: { id: number }) => f.id)).toEqual([world.sibling.flight]);
  });
});
