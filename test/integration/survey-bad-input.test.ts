import fs from 'node:fs';
import path from 'node:path';
import piexif from 'piexifjs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from '../support/test-app';
import {
  createArea,
  demoPhoto,
  readFixture,
  uploadFlight,
  uploadImages,
  waitForSurveyWork,
} from './survey-helpers';

let app: TestApp;
let pilot: TestClient;
let areaId: number;
let flightId: number;
const flightFields = () => ({
  areaId: String(areaId),
  cameraModel: 'phantom-4-rtk',
  team: 'team',
  pilot: 'pilot',
});

const gpx = (points: string) =>
  `<?xml version="1.0"?><gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>${points}</trkseg></trk></gpx>`;

const countRows = async (table: string) =>
  (await app.db.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0]!.n;

/** Files stored for the flight (originals and derived copies). */
const storedFiles = () => {
  const dir = path.join(app.config.dataDir, 'imagery', 'images', String(flightId));
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
};

/** A copy of a JPEG whose start-of-frame says another size (the pixels stay as they are). */
function withFrameSize(jpeg: Buffer, widthPx: number, heightPx: number, marker?: number): Buffer {
  const copy = Buffer.from(jpeg);
  for (let offset = 2; ;) {
    const found = copy[offset + 1]!;
    if (found === 0xc0 || found === 0xc2) {
      copy.writeUInt16BE(heightPx, offset + 5);
      copy.writeUInt16BE(widthPx, offset + 7);
      if (marker !== undefined) copy[offset + 1] = marker;
      return copy;
    }
    offset += 2 + copy.readUInt16BE(offset + 2);
  }
}

beforeAll(async () => {
  app = await startTestApp({ mode: 'all' });
  pilot = await app.client('pilot');
  areaId = await createArea(pilot, 'Bad input area');
  const flight = await uploadFlight(pilot, flightFields(), {
    name: 'haikou-2025-flight-1.gpx',
    content: readFixture('demo-flight/haikou-2025-flight-1.gpx'),
  });
  flightId = flight.body.id;
});
afterAll(() => app?.close());

describe('bad flight logs: a clear 400 and no flight stored', () => {
  it('refuses a log with no points', async () => {
    const reply = await uploadFlight(pilot, flightFields(), { name: 'empty.gpx', content: gpx('') });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toMatch(/empty\.gpx: .*no track points with a position found/);
    expect(await countRows('flights')).toBe(1);
  });

  it('refuses coordinates out of range, naming them', async () => {
    const reply = await uploadFlight(pilot, flightFields(), {
      name: 'range.gpx',
      content: gpx('<trkpt lat="95.1" lon="110.4"/><trkpt lat="19.8" lon="110.4"/>'),
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toMatch(/out of range.*lat 95\.1/);
    expect(await countRows('flights')).toBe(1);
  });

  it('refuses a KMZ zip bomb without inflating it', async () => {
    const reply = await uploadFlight(pilot, flightFields(), {
      name: 'bomb.kmz',
      content: readFixture('zip-bomb.kmz'),
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toMatch(/bomb\.kmz/);
    const lying = await uploadFlight(pilot, flightFields(), {
      name: 'lying.kmz',
      content: readFixture('zip-bomb-lying-sizes.kmz'),
    });
    expect(lying.status).toBe(400);
    expect(await countRows('flights')).toBe(1);
  });

  it('refuses an unknown camera and a missing area with the field named', async () => {
    const reply = await uploadFlight(
      pilot,
      { ...flightFields(), areaId: '999999', cameraModel: 'no-such-camera' },
      { name: 'other.gpx', content: gpx('<trkpt lat="19.8" lon="110.4"/><trkpt lat="19.81" lon="110.4"/>') },
    );
    expect(reply.status, JSON.stringify(reply.body)).toBe(400);
    expect(reply.body.error.details.map((d: { path: string }) => d.path)).toEqual(['areaId', 'cameraModel']);
  });
});

describe('bad photos: refused or failed with a code, nothing half-stored', () => {
  let reply: Awaited<ReturnType<typeof uploadImages>>;
  let hugeJpeg: Buffer;
  let abroad: Buffer;

  beforeAll(async () => {
    const png = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#f00' } })
      .png()
      .toBuffer();
    const truncated = demoPhoto(1).subarray(0, 6000);
    hugeJpeg = withFrameSize(demoPhoto(3), 30_000, 30_000);
    // The same photo, its EXIF GPS moved to Bangkok (13.75° N, 100.5° E).
    const exif = piexif.load(demoPhoto(4).toString('binary'));
    exif.GPS![piexif.GPSIFD.GPSLatitude] = [
      [13, 1],
      [45, 1],
      [0, 1],
    ];
    exif.GPS![piexif.GPSIFD.GPSLongitude] = [
      [100, 1],
      [30, 1],
      [0, 1],
    ];
    abroad = Buffer.from(piexif.insert(piexif.dump(exif), demoPhoto(4).toString('binary')), 'binary');
    reply = await uploadImages(pilot, flightId, [
      { name: 'DJI_0001.JPG', content: truncated },
      { name: 'red.jpg', content: png },
      { name: 'DJI_0002.JPG', content: demoPhoto(2) },
      { name: 'again.JPG', content: demoPhoto(2) },
      { name: 'huge.jpg', content: hugeJpeg },
      { name: '../../../etc/DJI_0005.JPG', content: demoPhoto(5) },
      { name: 'abroad.jpg', content: abroad },
    ]);
    await waitForSurveyWork(app, flightId);
  });

  it('answers 202 listing what was accepted and what was refused, with codes', () => {
    expect(reply.status).toBe(202);
    expect(reply.body.accepted.map((a: { name: string }) => a.name)).toEqual([
      'DJI_0002.JPG',
      'DJI_0005.JPG',
      'abroad.jpg',
    ]);
    expect(reply.body.rejected).toEqual([
      {
        name: 'DJI_0001.JPG',
        code: 'truncated',
        message: 'DJI_0001.JPG: the JPEG is cut off (no end-of-image marker)',
      },
      {
        name: 'red.jpg',
        code: 'not_jpeg',
        message: 'red.jpg: not a JPEG (the content is PNG, whatever the file name says)',
      },
      {
        name: 'again.JPG',
        code: 'duplicate',
        message: 'again.JPG: the same photo (SHA-256) is already in this flight',
      },
      {
        name: 'huge.jpg',
        code: 'too_many_pixels',
        message:
          'huge.jpg: 30000 × 30000 px = 900,000,000 px is more than the limit of 200,000,000 px (IMAGE_MAX_PIXELS)',
      },
    ]);
  });

  it('keeps nothing of the refused files: one row and one original per accepted photo', async () => {
    expect(await countRows('images')).toBe(3);
    const originals = storedFiles().filter((f) => /^[0-9a-f-]{36}\.jpg$/.test(f));
    expect(originals).toHaveLength(3);
    expect(fs.readdirSync(path.join(app.config.dataDir, 'imagery', '.tmp'))).toEqual([]);
  });

  it('stores a file named with ../ under a generated key, inside the storage root', async () => {
    const { rows } = await app.db.query<{ storage_key: string; original_name: string }>(
      `select storage_key, original_name from images where original_name = 'DJI_0005.JPG'`,
    );
    expect(rows[0]!.storage_key).toMatch(new RegExp(`^images/${flightId}/[0-9a-f-]{36}\\.jpg$`));
    expect(fs.existsSync(path.join(app.config.dataDir, 'imagery', rows[0]!.storage_key))).toBe(true);
    expect(fs.existsSync(path.join(app.config.dataDir, 'etc'))).toBe(false);
  });

  it('refuses a 30,000 × 30,000 px photo at the upload: no row, no job, the others processed', async () => {
    const { rows } = await app.db.query(`select 1 from images where original_name = 'huge.jpg'`);
    expect(rows).toEqual([]);
    const flight = await pilot.get(`/api/flights/${flightId}`);
    expect(flight.body.images).toEqual({ total: 3, done: 3, failed: 0, pending: 0 });
  });

  it('flags a photo whose GPS says it was taken in another country', async () => {
    const { rows } = await app.db.query<{ qc_flags: string[] }>(
      `select qc_flags from images where original_name = 'abroad.jpg'`,
    );
    expect(rows[0]!.qc_flags).toContain('outside_region');
    const area = await pilot.get(`/api/areas/${areaId}`);
    const plain = await app.db.query<{ km2: number }>(
      `select st_area(st_intersection(st_union(i.footprint), a.geom)::geography) / 1e6 as km2
       from images i, survey_areas a where a.id = $1 and i.footprint is not null group by a.geom`,
      [areaId],
    );
    expect(Math.abs(area.body.coveredKm2 - plain.rows[0]!.km2) / plain.rows[0]!.km2).toBeLessThan(0.001);
  });

  it('refuses an upload that is not multipart with 415', async () => {
    const wrong = await pilot.post(`/api/flights/${flightId}/images`, { files: [] });
    expect(wrong.status).toBe(415);
  });
});

describe('photos refused from their frame header: 422, nothing stored or queued', () => {
  it('refuses a lying or oversized frame header before a byte is stored', async () => {
    const progressive = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#777' } })
      .jpeg({ progressive: true })
      .toBuffer();
    const before = {
      images: await countRows('images'),
      jobs: await countRows('outbox'),
      files: storedFiles().sort(),
    };
    const reply = await uploadImages(pilot, flightId, [
      // 8,000 × 8,000 px progressive: within IMAGE_MAX_PIXELS, but decoded whole.
      { name: 'progressive.jpg', content: withFrameSize(progressive, 8000, 8000) },
      // Height 0: the real height would come after the scan data (DNL), past any check.
      { name: 'no-height.jpg', content: withFrameSize(demoPhoto(6), 4000, 0) },
      // The frame header turned into a comment: image data with no size before it.
      { name: 'no-frame.jpg', content: withFrameSize(demoPhoto(7), 4000, 3000, 0xfe) },
      { name: 'huge-again.jpg', content: withFrameSize(demoPhoto(8), 40_000, 40_000) },
    ]);
    expect(reply.status, JSON.stringify(reply.body)).toBe(422);
    expect(reply.body.error.code).toBe('images_refused');
    expect(reply.body.accepted).toEqual([]);
    expect(reply.body.rejected.map((r: { name: string; code: string }) => [r.name, r.code])).toEqual([
      ['progressive.jpg', 'progressive_too_large'],
      ['no-height.jpg', 'no_frame_size'],
      ['no-frame.jpg', 'no_frame_header'],
      ['huge-again.jpg', 'too_many_pixels'],
    ]);
    expect(reply.body.error.message).toContain(
      'progressive.jpg: a progressive JPEG of 8000 × 8000 px is more than 50,000,000 px (decoded whole): save it as a baseline JPEG',
    );
    expect({
      images: await countRows('images'),
      jobs: await countRows('outbox'),
      files: storedFiles().sort(),
    }).toEqual(before);
    expect(fs.readdirSync(path.join(app.config.dataDir, 'imagery', '.tmp'))).toEqual([]);
  });
});
