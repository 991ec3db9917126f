import { VectorTile } from '@mapbox/vector-tile';
import Protobuf from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserIfMissing } from '../../server/src/auth/users';
import { tileCacheOf, type TileCache } from '../../server/src/tiles/tile-cache';
import { TILE_LAYERS } from '../../server/src/tiles/tile-layers';
import { serveCounting } from '../support/counting-db';
import { startTestApp, TEST_PASSWORD, TestClient, type TestApp } from '../support/test-app';

// The tile cache on the real database: a repeated tile does not reach the database, a change to
// a table a layer reads (from anywhere: here straight in SQL, as another process would) makes the
// tile again, and readers who see different rows (roles, offices) never share a tile.

let app: TestApp;
let served: Awaited<ReturnType<typeof serveCounting>>;
let cache: TileCache;
/** Tile statements the application sent to the database. */
let tileStatements = 0;

/** A client of the counted application, signed in as `username` on the test application. */
async function clientOf(username: string): Promise<TestClient> {
  const signedIn = await app.client(username);
  return Object.assign(new TestClient(served.url), {
    cookie: signedIn.cookie,
    csrfToken: signedIn.csrfToken,
  });
}

const lon = 110.3512;
const lat = 20.0221;
const n = 2 ** 12;
const x = Math.floor(((lon + 180) / 360) * n);
const y = Math.floor(
  ((1 - Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) / 2) * n,
);

async function tileOf(client: TestClient, layer: string, query = '') {
  const reply = await client.get(`/tiles/${layer}/12/${x}/${y}.pbf${query}`);
  expect(reply.status).toBe(200);
  const decoded = new VectorTile(new Protobuf(reply.body as Buffer)).layers[layer];
  const features = Array.from({ length: decoded?.length ?? 0 }, (_, i) => decoded!.feature(i).properties);
  return { etag: reply.headers.get('etag'), features };
}

const codesIn = async (client: TestClient, query = '') =>
  (await tileOf(client, 'sites', query)).features.map((f) => String(f.code)).sort();

const addSite = async (code: string, restricted = false) =>
  (
    await app.db.query<{ id: number }>(
      `insert into sites (code, name, kind, restricted, geom)
       values ($1, $1, 'wwtp', $2, st_setsrid(st_makepoint($3, $4), 4326)) returning id`,
      [code, restricted, lon, lat],
    )
  ).rows[0]!.id;

beforeAll(async () => {
  app = await startTestApp({ mode: 'server' });
  served = await serveCounting(app, (sql) => {
    if (sql.includes('st_tileenvelope')) tileStatements++;
  });
  cache = tileCacheOf(served.db, app.config.tileCacheMaxBytes);
  await cache.following();
}, 600_000);
afterAll(async () => {
  await served?.close();
  await app?.close();
});

describe('the tile cache', () => {
  it('serves a repeated tile without the database, and makes it again once a table it reads changes', async () => {
    const analyst = await clientOf('analyst');
    const id = await addSite('CACHE-A');
    const before = tileStatements;
    const first = await tileOf(analyst, 'sites');
    expect(first.features.map((f) => f.code)).toContain('CACHE-A');
    expect(tileStatements).toBe(before + 1);

    const again = await tileOf(analyst, 'sites');
    expect(again.etag).toBe(first.etag);
    expect(tileStatements).toBe(before + 1);

    // A table the layer does not read changes: the tile stays.
    const flightsChanged = cache.nextChange('flights');
    await app.db.query(`update flights set team = team where false`);
    await flightsChanged;
    expect((await tileOf(analyst, 'sites')).etag).toBe(first.etag);
    expect(tileStatements).toBe(before + 1);

    // A change made outside this process (another server, a job, the CLI): heard at commit.
    const sitesChanged = cache.nextChange('sites');
    await app.db.query(`update sites set code = 'CACHE-B' where id = $1`, [id]);
    await sitesChanged;
    const changed = await codesIn(analyst);
    expect(changed).toContain('CACHE-B');
    expect(changed).not.toContain('CACHE-A');
    expect(tileStatements).toBe(before + 2);
  });

  it('keeps apart readers who see different rows, and query strings that change the rows', async () => {
    const analyst = await clientOf('analyst');
    const pilot = await clientOf('pilot');
    const sitesChanged = cache.nextChange('sites');
    await addSite('CACHE-HOTEL', true);
    await sitesChanged;

    expect(await codesIn(analyst)).toContain('CACHE-HOTEL');
    const before = tileStatements;
    expect(await codesIn(pilot)).not.toContain('CACHE-HOTEL');
    expect(tileStatements).toBe(before + 1);
    expect(await codesIn(analyst)).toContain('CACHE-HOTEL');
    expect(await codesIn(pilot)).not.toContain('CACHE-HOTEL');
    expect(tileStatements).toBe(before + 1);

    await codesIn(analyst, '?analyte=METH');
    expect(tileStatements).toBe(before + 2);
    // A query parameter the layer does not read is not part of the tile.
    await codesIn(analyst, '?analyte=METH&unread=1');
    expect(tileStatements).toBe(before + 2);
  });

  it('keeps apart readers of different offices: a city never gets the province’s cached tile', async () => {
    const province = (await app.db.query<{ id: number }>(`select root_office_id()::int as id`)).rows[0]!.id;
    const city = (
      await app.db.query<{ id: number }>(
        `insert into offices (code, name_zh, name_en, kind, parent_id)
         values ('cache-city', '缓存市', 'Cache City', 'city', $1) returning id::int as id`,
        [province],
      )
    ).rows[0]!.id;
    await createUserIfMissing(app.db, {
      username: 'cache-city-analyst',
      password: TEST_PASSWORD,
      roles: ['analyst'],
      officeId: city,
    });
    const sitesChanged = cache.nextChange('sites');
    const citySite = await addSite('CACHE-CITY');
    await app.db.query(`update sites set office_id = $1 where id = $2`, [city, citySite]);
    await addSite('CACHE-PROVINCE');
    await sitesChanged;
    const provinceAnalyst = await clientOf('analyst');
    const cityAnalyst = await clientOf('cache-city-analyst');

    const before = tileStatements;
    const provinceTile = await tileOf(provinceAnalyst, 'sites');
    const provinceCodes = provinceTile.features.map((f) => String(f.code));
    expect(provinceCodes).toEqual(expect.arrayContaining(['CACHE-CITY', 'CACHE-PROVINCE']));
    expect(tileStatements).toBe(before + 1);
    // Same layer, tile, roles and query string: only the office differs, and the tile is made anew.
    const cityTile = await tileOf(cityAnalyst, 'sites');
    expect(cityTile.features.map((f) => String(f.code))).toEqual(['CACHE-CITY']);
    expect(cityTile.etag).not.toBe(provinceTile.etag);
    expect(tileStatements).toBe(before + 2);
    // Each is then served from the cache, each its own.
    expect((await tileOf(cityAnalyst, 'sites')).features.map((f) => String(f.code))).toEqual(['CACHE-CITY']);
    expect((await tileOf(provinceAnalyst, 'sites')).etag).toBe(provinceTile.etag);
    expect(tileStatements).toBe(before + 2);
  });

  it("shows a person's own change on their next tile, before the notification arrives", async () => {
    const pilot = await clientOf('pilot');
    const admin = await clientOf('admin');
    const own = (await tileOf(pilot, 'findings')).features.length;
    const all = (await tileOf(admin, 'findings')).features.length;
    const created = await pilot.post('/api/findings', {
      geometry: { type: 'Point', coordinates: [lon, lat] },
      crop: 'cannabis',
      confidence: 0.6,
      source: 'model',
    });
    expect(created.status).toBe(201);
    const mine = (await tileOf(pilot, 'findings')).features.map((f) => Number(f.id));
    expect(mine).toContain(created.body.id);
    expect(mine).toHaveLength(own + 1);
    expect((await tileOf(admin, 'findings')).features).toHaveLength(all + 1);
  });

  it('is told of a change to every table a layer reads', async () => {
    const tables = [...new Set(TILE_LAYERS.flatMap((layer) => layer.tables))];
    const { rows } = await app.db.query<{ table: string }>(
      `select c.relname as table from pg_trigger t join pg_class c on c.oid = t.tgrelid
       where t.tgname = c.relname || '_tile_data_changed' and c.relname = any($1::text[])
         and c.relnamespace = current_schema()::regnamespace`,
      [tables],
    );
    expect(rows.map((r) => r.table).sort()).toEqual(tables.sort());
    for (const table of tables) {
      const heard = cache.nextChange(table);
      await app.db.query(`delete from ${table} where false`);
      await heard;
    }
  });
});
