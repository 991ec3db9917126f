import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@skywater/core/db/db';
import { startTestApp, type TestApp, type TestClient } from '../support/test-app';

/**
 * Hostile and malformed input on every upload and JSON route. Each case must get a clear 4xx
 * with `{ error: { code, message } }` (no stack, no SQL), and the database must be unchanged:
 * a checksum of every table's rows is taken before and after each case.
 */
let app: TestApp;
let areaId: number;
let flightId: number;
beforeAll(async () => {
  app = await startTestApp({ mode: 'server', env: { LAB_UPLOAD_MAX_BYTES: String(256 * 1024) } });
  const pilot = await app.client('pilot');
  const square = {
    type: 'Polygon',
    coordinates: [
      [
        [110, 19.8],
        [110.1, 19.8],
        [110.1, 19.9],
        [110, 19.9],
        [110, 19.8],
      ],
    ],
  };
  areaId = (await pilot.post('/api/areas', { name: '坏输入测试区', city: '海口市', geometry: square })).body
    .id;
  const gpx = `<?xml version="1.0"?><gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>
    <trkpt lat="19.85" lon="110.05"><ele>100</ele><time>2025-03-10T01:00:00Z</time></trkpt>
    <trkpt lat="19.86" lon="110.06"><ele>100</ele><time>2025-03-10T01:01:00Z</time></trkpt></trkseg></trk></gpx>`;
  const flight = await pilot.post(
    '/api/flights',
    form({
      file: file(gpx, 'ok.gpx'),
      areaId: String(areaId),
      cameraModel: 'phantom-4-rtk',
      team: 'T',
      pilot: 'P',
    }),
  );
  flightId = flight.body.id;
  const analyst = await app.client('analyst');
  await analyst.post('/api/sites', {
    code: 'BAD-S1',
    name: 'S1',
    kind: 'wwtp',
    lon: 110.3,
    lat: 20.0,
    populationServed: 1000,
  });
  await analyst.post('/api/rounds', { name: 'BAD-R1', startsOn: '2025-01-01', endsOn: '2025-01-10' });
});
afterAll(() => app?.close());

type Part = string | { content: Buffer | string; name: string; type?: string };
const file = (content: Buffer | string, name: string, type = 'application/octet-stream') => ({
  content,
  name,
  type,
});
function form(parts: Record<string, Part | Part[]>): FormData {
  const data = new FormData();
  for (const [field, value] of Object.entries(parts)) {
    for (const part of Array.isArray(value) ? value : [value]) {
      if (typeof part === 'string') data.append(field, part);
      else data.append(field, new Blob([part.content as BlobPart], { type: part.type }), part.name);
    }
  }
  return data;
}

/** md5 of every row of every table of the application (sessions excepted: reading touches them). */
async function checksum(db: Db): Promise<Record<string, string>> {
  const { rows: tables } = await db.query<{ name: string }>(
    `select table_name as name from information_schema.tables
     where table_schema = current_schema() and table_type = 'BASE TABLE'
       and table_name not in ('sessions', 'spatial_ref_sys') order by 1`,
  );
  const sums: Record<string, string> = {};
  for (const { name } of tables) {
    const { rows } = await db.query<{ sum: string | null }>(
      `select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as sum from "${name}" t`,
    );
    sums[name] = rows[0]!.sum ?? '';
  }
  return sums;
}

const HEADER =
  'site_code,round,sample_id,collected_start,collected_end,collection_type,flow_m3_per_day,population,analyte,value,unit,lod,loq';
const row = (value: string, extra = '') =>
  `BAD-S1,BAD-R1,L1,2025-01-02 08:00,2025-01-03 08:00,composite_flow,1000,1000,METH,${value},ng/L,0.5,1${extra}`;
const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF');
const gbkGarbage = Buffer.from([0xff, 0xfe, 0x00, 0xd8, 0x00, 0xdc, 0x41]);

function zipOf(entries: Array<{ name: string; data: Buffer; declaredSize?: number }>): Buffer {
  // A minimal zip writer (deflate), enough to build KMZ/XLSX bombs and fakes.
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const compressed = zlib.deflateRawSync(entry.data);
    const name = Buffer.from(entry.name);
    const size = entry.declaredSize ?? entry.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(0, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(0, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += 30 + name.length + compressed.length;
  }
  const centralDir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralDir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralDir, end]);
}

const bomb = Buffer.alloc(60 * 1024 * 1024, 0x41); // 60 MB of 'A' → ~60 kB deflated
const xxe = `<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>&xxe;</name><trkseg></trkseg></trk></gpx>`;
const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"><!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">]><kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>&lol5;</name></Placemark></kml>`;
let deep: unknown = [110, 20];
for (let i = 0; i < 200; i++) deep = [deep];

interface Case {
  name: string;
  as: 'lab' | 'analyst' | 'pilot' | 'admin';
  method: 'POST' | 'PATCH' | 'GET';
  path: string | (() => string);
  body?: unknown | (() => unknown);
  headers?: Record<string, string>;
  /** default: any 4xx but 401/403 */
  status?: number;
  /** A free-text field past its length limit: the 400 names it (the rest of the body is valid). */
  tooLong?: string;
}

const flightForm =
  (content: Buffer | string, name: string, fields: Record<string, string> = {}) =>
  () =>
    form({
      file: file(content, name),
      areaId: String(areaId),
      cameraModel: 'phantom-4-rtk',
      team: 'T',
      pilot: 'P',
      ...fields,
    });
const labForm = (content: Buffer | string, name = 'results.csv') =>
  form({ file: file(content, name, 'text/csv') });
const polygon = (coordinates: unknown) => ({
  name: `A${Math.random()}`,
  city: '海口市',
  geometry: { type: 'Polygon', coordinates },
});

const CASES: Case[] = [
  // Lab uploads (CSV / XLSX)
  { name: 'empty lab file', as: 'lab', method: 'POST', path: '/api/lab/imports', body: () => labForm('') },
  {
    name: 'PNG renamed .csv',
    as: 'lab',
    method: 'POST',
    path: '/api/lab/imports',
    body: () => labForm(png, 'r.csv'),
    status: 415,
  },
  {
    name: 'PDF renamed .csv',
    as: 'lab',
    method: 'POST',
    path: '/api/lab/imports',
    body: () => labForm(pdf, 'r.csv'),
    status: 415,
  },
  {
    name: 'zip that is not a workbook',
    as: 'lab',
    method: 'POST',
    path: '/api/lab/imports',
    body: () => labForm(zipOf([{ name: 'a.txt', data: Buffer.from('hi') }]), 'r.xlsx'),
  },
  {
    name: 'xlsx zip bomb (sharedStrings)',
    as: 'lab',
    method: 'POST',
    path: '/api/lab/imports',
    body: () =>
      labForm(
        zipOf([
          { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
          { name: 'xl/sharedStrings.xml', data: bomb },
        ]),
        'r.xlsx',
      ),
  },
  {
    name: 'xlsx whose zip header understates a 60 MB sheet (refused while inflating, 413)',
    as: 'lab',
    method: 'POST',
    path: '/api/lab/imports',
    body: () =>
      labForm(
        zipOf([
          { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
          { name: 'xl/worksheets/sheet1.xml', data: bomb, declaredSize: 4096 },
        ]),
        'r.xlsx',
      ),
    status: 413,
  },
  {
    name: 'a 200 kB cell in a CSV row (413, never held and copied through the checks)',
    as: 'lab',
    method: 'POST',
    path: '/api/lab/imports',
    body: () => labForm(`${HEADER}\n${row('1.5').replace('L1', 'x'.repeat(200_000))}\n`),
    status: 413,
  },
  {
    name: 'invalid UTF-16 bytes',
    as: 'lab',
    method: 'POST',
    path: '/api/lab/imports',
    body: () => labForm(gbkGarbage),
  },
  {
    name: 'header only, no rows',
    as: 'lab',
    method: 'POST',
    path: '/api/lab/imports',
    body: () => labForm(`${HEADER}\n`),
  },
  {
    name: 'missing required columns',
    as: 'lab',
    method: 'POST',
    path: '/api/lab/imports',
    body: () => labForm('site_code,value\nBAD-S1,1\n'),
  },
  {
    name: 'a row with extra cells',
    as: 'lab',
    method: 'POST',
    path: '/api/lab/imports',
    body: () => labForm(`${HEADER}\n${row('5', ',x,y')}\n`),
  },
  {
    name: 'negative concentration',
    as: 'lab',
    method: 'POST',
    path: '/api/lab/imports',
    body: () => labForm(`${HEADER}\n${row('-5')}\n`),
  },
  {
    name: 'formula in the value cell',
    as: 'lab',
    method: 'POST',
    path: '/api/lab/imports',
    body: () => labForm(`${HEADER}\n${row('=HYPERLINK("http://x","1")')}\n`),
  },
  {
    name: 'SQL injection as a site code',
    as: 'lab',
    method: 'POST',
    path: '/api/lab/imports',
    body: () => labForm(`${HEADER}\n${row('5').replace('BAD-S1', "x'; drop table sites; --")}\n`),
  },
  {
    name: 'script as an analyte',
    as: 'lab',
    method: 'POST',
    path: '/api/lab/imports',
    body: () => labForm(`${HEADER}\n${row('5').replace('METH', '<script>alert(1)</script>')}\n`),
  },
  {
    name: 'impossible unit',
    as: 'lab',
    method: 'POST',
    path: '/api/lab/imports',
    body: () => labForm(`${HEADER}\n${row('5').replace('ng/L', 'kg/furlong')}\n`),
  },
  {
    name: 'end before start',
    as: 'lab',
    method: 'POST',
    path: '/api/lab/imports',
    body: () => labForm(`${HEADER}\n${row('5').replace('2025-01-03 08:00', '2024-12-31 08:00')}\n`),
  },
  {
    name: 'unparseable date',
    as: 'lab',
    method: 'POST',
    path: '/api/lab/imports',
    body: () => labForm(`${HEADER}\n${row('5').replace('2025-01-02 08:00', 'next tuesday')}\n`),
  },
  {
    name: 'unbalanced quotes',
    as: 'lab',
    method: 'POST',
    path: '/api/lab/imports',
    body: () => labForm(`${HEADER}\n"BAD-S1,BAD-R1,L1\n`),
  },
  {
    name: 'file over the size limit',
    as: 'lab',
    method: 'POST',
    path: '/api/lab/imports',
    body: () => labForm(`${HEADER}\n${`${row('5')}\n`.repeat(3000)}`),
    status: 413,
  },
  {
    name: 'path traversal file name with bad content',
    as: 'lab',
    method: 'POST',
    path: '/api/lab/imports',
    body: () => labForm(png, '../../../etc/passwd.csv'),
    status: 415,
  },
  {
    name: 'no file field',
    as: 'lab',
    method: 'POST',
    path: '/api/lab/imports',
    body: () => form({ other: 'x' }),
  },
  {
    name: 'JSON instead of multipart',
    as: 'lab',
    method: 'POST',
    path: '/api/lab/imports',
    body: { file: 'x' },
  },
  {
    name: 'bad dryRun flag',
    as: 'lab',
    method: 'POST',
    path: '/api/lab/imports?mode=everything',
    body: () => labForm(`${HEADER}\n${row('5')}\n`),
  },
  {
    name: 'PHES-ODM without measures',
    as: 'lab',
    method: 'POST',
    path: '/api/lab/imports/phes-odm',
    body: () => form({ samples: file('sampleID\nx\n', 's.csv'), round: 'BAD-R1' }),
  },
  // Flight logs (GPX / KML / KMZ / CSV / GeoJSON)
  { name: 'empty log', as: 'pilot', method: 'POST', path: '/api/flights', body: flightForm('', 'e.gpx') },
  {
    name: 'GPX with no points',
    as: 'pilot',
    method: 'POST',
    path: '/api/flights',
    body: flightForm(
      '<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg/></trk></gpx>',
      'n.gpx',
    ),
  },
  {
    name: 'GPX coordinates out of range',
    as: 'pilot',
    method: 'POST',
    path: '/api/flights',
    body: flightForm(
      '<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg><trkpt lat="95" lon="200"/><trkpt lat="96" lon="201"/></trkseg></trk></gpx>',
      'o.gpx',
    ),
  },
  {
    name: 'GPX with an external entity (XXE)',
    as: 'pilot',
    method: 'POST',
    path: '/api/flights',
    body: flightForm(xxe, 'x.gpx'),
  },
  {
    name: 'KML billion laughs',
    as: 'pilot',
    method: 'POST',
    path: '/api/flights',
    body: flightForm(laughs, 'l.kml'),
  },
  {
    name: 'truncated XML',
    as: 'pilot',
    method: 'POST',
    path: '/api/flights',
    body: flightForm('<?xml version="1.0"?><gpx version="1.1"><trk><trkseg><trkpt lat="19', 't.gpx'),
  },
  {
    name: 'KMZ zip bomb',
    as: 'pilot',
    method: 'POST',
    path: '/api/flights',
    body: flightForm(zipOf([{ name: 'doc.kml', data: bomb }]), 'b.kmz'),
  },
  {
    name: 'KMZ whose header understates the size',
    as: 'pilot',
    method: 'POST',
    path: '/api/flights',
    body: flightForm(zipOf([{ name: 'doc.kml', data: bomb, declaredSize: 1000 }]), 'u.kmz'),
  },
  {
    name: 'KMZ without a KML',
    as: 'pilot',
    method: 'POST',
    path: '/api/flights',
    body: flightForm(zipOf([{ name: 'x.txt', data: Buffer.from('x') }]), 'k.kmz'),
  },
  {
    name: 'GeoJSON nested 200 deep',
    as: 'pilot',
    method: 'POST',
    path: '/api/flights',
    body: flightForm(JSON.stringify({ type: 'LineString', coordinates: deep }), 'd.geojson'),
  },
  {
    name: 'GeoJSON without any track',
    as: 'pilot',
    method: 'POST',
    path: '/api/flights',
    body: flightForm(JSON.stringify({ type: 'FeatureCollection', features: [] }), 'p.geojson'),
  },
  {
    name: 'CSV log without coordinates',
    as: 'pilot',
    method: 'POST',
    path: '/api/flights',
    body: flightForm('time,speed\n1,2\n', 'c.csv'),
  },
  {
    name: 'PNG as a flight log',
    as: 'pilot',
    method: 'POST',
    path: '/api/flights',
    body: flightForm(png, 'p.gpx'),
  },
  {
    name: 'unknown camera model',
    as: 'pilot',
    method: 'POST',
    path: '/api/flights',
    body: flightForm('<gpx/>', 'c.gpx', { cameraModel: 'hasselblad-9000' }),
  },
  {
    name: 'SQL injection as areaId',
    as: 'pilot',
    method: 'POST',
    path: '/api/flights',
    body: flightForm('<gpx/>', 'a.gpx', { areaId: '1; drop table flights' }),
  },
  {
    name: 'flight without team',
    as: 'pilot',
    method: 'POST',
    path: '/api/flights',
    body: () => form({ file: file('<gpx/>', 'a.gpx'), cameraModel: 'phantom-4-rtk', pilot: 'P' }),
  },
  // Images
  {
    name: 'images for a flight that does not exist',
    as: 'pilot',
    method: 'POST',
    path: '/api/flights/987654/images',
    body: () => form({ files: file(png, 'a.jpg') }),
    status: 404,
  },
  {
    name: 'images without files',
    as: 'pilot',
    method: 'POST',
    path: () => `/api/flights/${flightId}/images`,
    body: () => form({ other: 'x' }),
  },
  // JSON: survey areas
  {
    name: 'area: not JSON',
    as: 'pilot',
    method: 'POST',
    path: '/api/areas',
    body: '{"name": ',
    headers: { 'content-type': 'application/json' },
  },
  {
    name: 'area: text/plain body',
    as: 'pilot',
    method: 'POST',
    path: '/api/areas',
    body: 'name=x',
    headers: { 'content-type': 'text/plain' },
  },
  {
    name: 'area: unclosed ring',
    as: 'pilot',
    method: 'POST',
    path: '/api/areas',
    body: polygon([
      [
        [110, 20],
        [110.1, 20],
        [110.1, 20.1],
        [110, 20.1],
      ],
    ]),
  },
  {
    name: 'area: coordinates out of range',
    as: 'pilot',
    method: 'POST',
    path: '/api/areas',
    body: polygon([
      [
        [210, 20],
        [210.1, 20],
        [210.1, 20.1],
        [210, 20],
      ],
    ]),
  },
  {
    name: 'area: self-intersecting',
    as: 'pilot',
    method: 'POST',
    path: '/api/areas',
    body: polygon([
      [
        [110, 20],
        [110.1, 20.1],
        [110.1, 20],
        [110, 20.1],
        [110, 20],
      ],
    ]),
  },
  {
    name: 'area: LineString geometry',
    as: 'pilot',
    method: 'POST',
    path: '/api/areas',
    body: {
      name: 'L',
      city: 'c',
      geometry: {
        type: 'LineString',
        coordinates: [
          [110, 20],
          [111, 21],
        ],
      },
    },
  },
  {
    name: 'area: nested 200 deep',
    as: 'pilot',
    method: 'POST',
    path: '/api/areas',
    body: { name: 'D', city: 'c', geometry: { type: 'Polygon', coordinates: deep } },
  },
  {
    name: 'area: body over 2 MB',
    as: 'pilot',
    method: 'POST',
    path: '/api/areas',
    body: { name: 'x'.repeat(2_200_000) },
    status: 413,
  },
  {
    name: 'area: NaN coordinates',
    as: 'pilot',
    method: 'POST',
    path: '/api/areas',
    body: '{"name":"n","city":"c","geometry":{"type":"Polygon","coordinates":[[[NaN,1],[2,2],[3,3],[NaN,1]]]}}',
    headers: { 'content-type': 'application/json' },
  },
  // JSON: sites, rounds
  {
    name: 'site: unknown kind',
    as: 'analyst',
    method: 'POST',
    path: '/api/sites',
    body: { code: 'X1', name: 'x', kind: 'casino', lon: 110, lat: 20 },
  },
  {
    name: 'site: longitude 999',
    as: 'analyst',
    method: 'POST',
    path: '/api/sites',
    body: { code: 'X2', name: 'x', kind: 'wwtp', lon: 999, lat: 20 },
  },
  {
    name: 'site: code with ../',
    as: 'analyst',
    method: 'POST',
    path: '/api/sites',
    body: { code: '../etc', name: 'x', kind: 'wwtp', lon: 110, lat: 20 },
  },
  {
    name: 'site: SQL injection code',
    as: 'analyst',
    method: 'POST',
    path: '/api/sites',
    body: { code: "x' or '1'='1", name: 'x', kind: 'wwtp', lon: 110, lat: 20 },
  },
  {
    name: 'site: negative population',
    as: 'analyst',
    method: 'POST',
    path: '/api/sites',
    body: { code: 'X3', name: 'x', kind: 'wwtp', lon: 110, lat: 20, populationServed: -1 },
  },
  {
    name: 'site: duplicate code',
    as: 'analyst',
    method: 'POST',
    path: '/api/sites',
    body: { code: 'BAD-S1', name: 'x', kind: 'wwtp', lon: 110, lat: 20 },
    status: 409,
  },
  {
    name: 'round: ends before it starts',
    as: 'lab',
    method: 'POST',
    path: '/api/rounds',
    body: { name: 'R', startsOn: '2025-02-01', endsOn: '2025-01-01' },
  },
  {
    name: 'round: not a date',
    as: 'lab',
    method: 'POST',
    path: '/api/rounds',
    body: { name: 'R', startsOn: 'yesterday', endsOn: '2025-01-01' },
  },
  {
    name: 'round: name is an object',
    as: 'lab',
    method: 'POST',
    path: '/api/rounds',
    body: { name: { $ne: 1 }, startsOn: '2025-01-01', endsOn: '2025-01-02' },
  },
  // Free text past its length limit (counted in characters): refused, never stored
  {
    name: 'site: a name of 201 characters',
    as: 'analyst',
    method: 'POST',
    path: '/api/sites',
    body: { code: 'X9', name: '长'.repeat(201), kind: 'wwtp', lon: 110, lat: 20 },
    tooLong: 'name',
  },
  {
    name: 'round: a name of 101 characters',
    as: 'lab',
    method: 'POST',
    path: '/api/rounds',
    body: { name: '轮'.repeat(101), startsOn: '2025-03-01', endsOn: '2025-03-07' },
    tooLong: 'name',
  },
  {
    name: 'finding: a note of 4,001 characters',
    as: 'pilot',
    method: 'POST',
    path: '/api/findings',
    body: () => ({
      geometry: { type: 'Point', coordinates: [110.05, 19.85] },
      crop: 'cannabis',
      confidence: 0.5,
      source: 'analyst',
      areaId,
      note: '注'.repeat(4001),
    }),
    tooLong: 'note',
  },
  {
    name: 'user: a display name of 101 characters',
    as: 'admin',
    method: 'POST',
    path: '/api/users',
    body: { username: 'eve', roles: ['lab'], password: 'Mangrove-Tide-42', displayName: '名'.repeat(101) },
    tooLong: 'displayName',
  },
  // Alerts, findings, measurements, analytes, users, login
  {
    name: 'alert action on a missing alert',
    as: 'analyst',
    method: 'POST',
    path: '/api/alerts/987654/acknowledge',
    body: { reason: 'x' },
    status: 404,
  },
  {
    name: 'alert action without a reason',
    as: 'analyst',
    method: 'POST',
    path: '/api/alerts/987654/dismiss',
    body: {},
  },
  {
    name: 'alert id that is not a number',
    as: 'analyst',
    method: 'POST',
    path: '/api/alerts/abc/escalate',
    body: { reason: 'x' },
  },
  {
    name: 'finding: confidence 2',
    as: 'pilot',
    method: 'POST',
    path: '/api/findings',
    body: {
      geometry: { type: 'Point', coordinates: [110.05, 19.85] },
      crop: 'cannabis',
      confidence: 2,
      source: 'analyst',
    },
  },
  {
    name: 'finding: unknown crop',
    as: 'pilot',
    method: 'POST',
    path: '/api/findings',
    body: {
      geometry: { type: 'Point', coordinates: [110.05, 19.85] },
      crop: 'tulip',
      confidence: 0.5,
      source: 'analyst',
    },
  },
  {
    name: 'finding: point out of range',
    as: 'pilot',
    method: 'POST',
    path: '/api/findings',
    body: {
      geometry: { type: 'Point', coordinates: [500, 95] },
      crop: 'cannabis',
      confidence: 0.5,
      source: 'analyst',
    },
  },
  {
    name: 'finding: evidence image that does not exist',
    as: 'pilot',
    method: 'POST',
    path: '/api/findings',
    body: {
      geometry: { type: 'Point', coordinates: [110.05, 19.85] },
      crop: 'cannabis',
      confidence: 0.5,
      source: 'analyst',
      evidence: [{ imageId: 987654 }],
    },
  },
  {
    name: 'finding: verify a missing finding',
    as: 'pilot',
    method: 'POST',
    path: '/api/findings/987654/verify',
    body: { team: 't', at: '2025-01-01T00:00:00+08:00', outcome: 'confirmed' },
    status: 404,
  },
  {
    name: 'correction: negative value',
    as: 'lab',
    method: 'POST',
    path: '/api/measurements/987654/corrections',
    body: { value: -1, reason: 'x' },
  },
  {
    name: 'analyte: negative correction factor',
    as: 'admin',
    method: 'PATCH',
    path: '/api/analytes/METH',
    body: { correctionFactor: -2, reason: 'x' },
  },
  {
    name: 'user: unknown role',
    as: 'admin',
    method: 'POST',
    path: '/api/users',
    body: { username: 'eve', roles: ['root'], password: 'Mangrove-Tide-42' },
  },
  {
    name: 'user: traversal username',
    as: 'admin',
    method: 'POST',
    path: '/api/users',
    body: { username: '../admin', roles: ['lab'], password: 'Mangrove-Tide-42' },
  },
  {
    name: 'user: weak password',
    as: 'admin',
    method: 'POST',
    path: '/api/users',
    body: { username: 'eve', roles: ['lab'], password: 'password' },
  },
  {
    name: 'login: username as an array',
    as: 'lab',
    method: 'POST',
    path: '/api/auth/login',
    body: { username: ['admin'], password: 'x' },
  },
  // Query strings
  {
    name: 'sites: areaId is not a number',
    as: 'analyst',
    method: 'GET',
    path: '/api/sites?areaId=1%20or%201=1',
  },
  { name: 'alerts: unknown status', as: 'analyst', method: 'GET', path: '/api/alerts?status=bogus' },
  {
    name: 'series: unknown analyte',
    as: 'analyst',
    method: 'GET',
    path: '/api/sites/1/series?analyte=%3Cscript%3E',
  },
  {
    name: 'tiles: unknown layer',
    as: 'analyst',
    method: 'GET',
    path: '/tiles/secrets/0/0/0.pbf',
    status: 404,
  },
  { name: 'tiles: zoom out of range', as: 'analyst', method: 'GET', path: '/tiles/sites/99/0/0.pbf' },
  {
    name: 'gaps: unknown format',
    as: 'pilot',
    method: 'GET',
    path: () => `/api/areas/${areaId}/gaps?format=shp`,
  },
];

async function send(client: TestClient, c: Case) {
  const path = typeof c.path === 'function' ? c.path() : c.path;
  const body = typeof c.body === 'function' ? (c.body as () => unknown)() : c.body;
  return client.request(c.method, path, c.method === 'GET' ? undefined : body, c.headers ?? {});
}

describe('bad input: a clear 4xx and nothing written', () => {
  it(`has at least 60 cases (${CASES.length})`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const client = await app.client(c.as);
    const before = await checksum(app.db);
    const reply = await send(client, c);
    const after = await checksum(app.db);
    if (c.status) expect(reply.status).toBe(c.status);
    else {
      expect(reply.status).toBeGreaterThanOrEqual(400);
      expect(reply.status).toBeLessThan(500);
      expect([401, 403]).not.toContain(reply.status);
    }
    const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    expect(text).not.toMatch(/\bat .+\.(ts|js):\d+|syntax error at or near|DETAIL: /);
    if (typeof reply.body === 'object' && !Buffer.isBuffer(reply.body))
      expect(reply.body.error?.code ?? reply.body.status).toBeTruthy();
    if (c.tooLong) {
      expect(reply.status).toBe(400);
      expect(reply.body.error.details).toContainEqual(expect.objectContaining({ path: c.tooLong }));
    }
    const changed = Object.keys(before).filter((table) => before[table] !== after[table]);
    expect(changed).toEqual([]);
  });
});
