import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestApp, TestClient } from '../support/test-app';

export const SURVEY_FIXTURES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../fixtures/survey',
);
export const DEMO_FLIGHT_DIR = path.join(SURVEY_FIXTURES, 'demo-flight');
export const readFixture = (relative: string) => fs.readFileSync(path.join(SURVEY_FIXTURES, relative));
export const demoPhoto = (n: number) => readFixture(`demo-flight/DJI_${String(n).padStart(4, '0')}.JPG`);

/** A lon/lat rectangle as a GeoJSON Polygon. */
export function rectangle(minLon: number, minLat: number, maxLon: number, maxLat: number) {
  return {
    type: 'Polygon' as const,
    coordinates: [
      [
        [minLon, minLat],
        [maxLon, minLat],
        [maxLon, maxLat],
        [minLon, maxLat],
        [minLon, minLat],
      ],
    ],
  };
}

export async function createArea(
  client: TestClient,
  name: string,
  geometry = rectangle(110.41, 19.81, 110.45, 19.84),
) {
  const reply = await client.post('/api/areas', { name, city: '海口市', geometry });
  if (reply.status !== 201) throw new Error(`area: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body.id as number;
}

export async function uploadFlight(
  client: TestClient,
  fields: Record<string, string>,
  file: { name: string; content: Buffer | string },
) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append(
    'file',
    new Blob([typeof file.content === 'string' ? file.content : new Uint8Array(file.content)]),
    file.name,
  );
  return client.post('/api/flights', form);
}

/** The demo's first Haikou flight log (GPX, Phantom 4 RTK) uploaded into `areaId`; its id. */
export async function uploadDemoFlight(client: TestClient, areaId: number): Promise<number> {
  const flight = await uploadFlight(
    client,
    {
      areaId: String(areaId),
      cameraModel: 'phantom-4-rtk',
      team: '海口市禁毒支队无人机航测队',
      pilot: '王磊',
    },
    { name: 'haikou-2025-flight-1.gpx', content: readFixture('demo-flight/haikou-2025-flight-1.gpx') },
  );
  if (flight.status !== 201) throw new Error(JSON.stringify(flight.body));
  return flight.body.id as number;
}

export async function uploadImages(
  client: TestClient,
  flightId: number,
  files: { name: string; content: Buffer }[],
) {
  const form = new FormData();
  for (const f of files)
    form.append('files', new Blob([new Uint8Array(f.content)], { type: 'image/jpeg' }), f.name);
  return client.post(`/api/flights/${flightId}/images`, form);
}

/**
 * Photos whose preview is still to come: `done`, no preview stored, no preview error (the
 * preview is made by its own job, `images/make-preview`, after the photo is processed).
 */
export const PREVIEWS_DUE = `select count(*)::int from images where status = 'done' and preview_key is null and error is null`;

/**
 * Waits until every image of the flight is processed and has its preview, and the images and
 * coverage queues are empty (prioritized preview jobs included).
 */
export async function waitForSurveyWork(app: TestApp, flightId: number, timeoutMs = 60_000) {
  const started = Date.now();
  for (;;) {
    await app.services.relay.relayOnce();
    const { rows } = await app.db.query<{
      pending: number;
      previews: number;
      coverage: number;
      outbox: number;
    }>(
      `select (select count(*)::int from images where flight_id = $1 and status = 'pending') as pending,
              (${PREVIEWS_DUE} and flight_id = $1) as previews,
              (select count(*)::int from coverage_pending) as coverage,
              (select count(*)::int from outbox where relayed_at is null) as outbox`,
      [flightId],
    );
    const queued = (await queueBusy(app, 'coverage')) + (await queueBusy(app, 'images'));
    const r = rows[0]!;
    if (r.pending + r.previews + r.coverage + r.outbox + queued === 0) return;
    if (Date.now() - started > timeoutMs)
      throw new Error(`survey work not finished: ${JSON.stringify({ ...r, queued })}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Jobs of a queue that are running or waiting to run (prioritized ones too; not delayed). */
export async function queueBusy(app: TestApp, queue: 'images' | 'coverage'): Promise<number> {
  const counts = await app.services.queues.get(queue).getJobCounts('active', 'waiting', 'prioritized');
  return (counts.active ?? 0) + (counts.waiting ?? 0) + (counts.prioritized ?? 0);
}
