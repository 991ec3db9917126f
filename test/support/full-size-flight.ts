import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { TestClient } from './test-app';

const SURVEY = path.resolve(import.meta.dirname, '../../samples/data/survey');
const manifest = JSON.parse(fs.readFileSync(path.join(SURVEY, 'manifest.json'), 'utf8'));
const flight = manifest.flights.find((f: { id: string }) => f.id === 'haikou-2025-flight-1');

/** A test area around the start of Haikou flight 1 (110.42° E, 19.82° N). */
export const HAIKOU_FLIGHT_1_AREA = {
  type: 'Polygon',
  coordinates: [
    [
      [110.4, 19.8],
      [110.45, 19.8],
      [110.45, 19.84],
      [110.4, 19.84],
      [110.4, 19.8],
    ],
  ],
};

/** A demo flight's log as the survey's upload form sends it, into `areaId`; the reply as it came. */
export function postFlightLog(
  pilot: TestClient,
  areaId: number,
  demoFlight: { logFile: string; team: string; pilot: string },
) {
  const log = new FormData();
  log.append('file', new Blob([fs.readFileSync(path.join(SURVEY, demoFlight.logFile))]), 'flight.gpx');
  for (const [k, v] of Object.entries({
    areaId: String(areaId),
    cameraModel: 'phantom-4-rtk',
    team: demoFlight.team,
    pilot: demoFlight.pilot,
  }))
    log.append(k, v);
  return pilot.post('/api/flights', log);
}

/**
 * For the fault tests: an area around the start of Haikou flight 1 (110.42° E, 19.82° N), the
 * flight's log, and its first `count` photos as full-size copies (20 MP, metadata kept) so each
 * photo's job lasts long enough to be caught mid-way. Returns the upload's reply (202 expected).
 */
export async function uploadFullSizeFlight(pilot: TestClient, areaName: string, count: number) {
  const areaId = (
    await pilot.post('/api/areas', { name: areaName, city: '海口市', geometry: HAIKOU_FLIGHT_1_AREA })
  ).body.id;
  const flightId = (await postFlightLog(pilot, areaId, flight)).body.id;
  const photos = new FormData();
  for (const image of flight.images.slice(0, count)) {
    const big = await sharp(fs.readFileSync(path.join(SURVEY, image.file)))
      .resize(5472, 3648)
      .keepMetadata()
      .jpeg({ quality: 92 })
      .toBuffer();
    photos.append('files', new Blob([big as BlobPart], { type: 'image/jpeg' }), path.basename(image.file));
  }
  const upload = await pilot.post(`/api/flights/${flightId}/images`, photos);
  return { areaId, flightId, upload };
}
