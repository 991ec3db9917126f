import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlightProgress } from '@skywater/core/survey/flight-view';
import type { JsonReply } from '@skywater/core/http/json-reply';
import { createUserIfMissing } from '../../server/src/auth/users';
import { startTestApp, TEST_PASSWORD, type TestApp, type TestClient } from '../support/test-app';
import { createArea, demoPhoto, uploadDemoFlight, uploadImages, waitForSurveyWork } from './survey-helpers';

type Progress = JsonReply<FlightProgress>;

/**
 * A flight's live progress stream: the photo counts and the area's coverage pushed as the
 * upload and the workers notify them, scoped like the flight, ending with its session.
 */
let app: TestApp;
let pilot: TestClient;
let areaId: number;
let flightId: number;

beforeAll(async () => {
  app = await startTestApp({ mode: 'all' });
  pilot = await app.client('pilot');
  areaId = await createArea(pilot, 'Progress stream area');
  flightId = await uploadDemoFlight(pilot, areaId);
}, 300_000);
afterAll(() => app?.close());

interface OpenStream {
  ended: Promise<string>;
  /** The `progress` events received so far, in order. */
  events: () => Progress[];
  abort: () => void;
}

async function openStream(client: TestClient, id: number): Promise<OpenStream> {
  const controller = new AbortController();
  const res = await fetch(`${app.baseUrl}/api/flights/${id}/stream`, {
    headers: { cookie: client.cookie! },
    signal: controller.signal,
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const ended = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return text;
      text += decoder.decode(value, { stream: true });
    }
  })();
  ended.catch(() => undefined);
  const events = () =>
    text
      .split('\n\n')
      .filter((block) => block.includes('event: progress\n'))
      .map((block) => JSON.parse(block.slice(block.indexOf('data: ') + 6)) as Progress);
  return { ended, events, abort: () => controller.abort() };
}

async function waitFor<T>(read: () => T | undefined, what: string, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a flight’s progress stream', () => {
  it('sends the counts and the coverage at once, then as the photos are uploaded, processed and taken in', async () => {
    const stream = await openStream(pilot, flightId);
    const first = await waitFor(() => stream.events()[0], 'the first event');
    expect(first.flightId).toBe(flightId);
    expect(first.images).toEqual({ total: 0, done: 0, failed: 0, pending: 0 });
    expect(first.area).toMatchObject({ id: areaId, name: 'Progress stream area', coveredKm2: 0 });
    // The figure, never the outline.
    expect(first.area).not.toHaveProperty('geometry');

    const upload = await uploadImages(
      pilot,
      flightId,
      [1, 2, 3].map((n) => ({ name: `DJI_000${n}.JPG`, content: demoPhoto(n) })),
    );
    expect(upload.status).toBe(202);
    await waitForSurveyWork(app, flightId, 240_000);
    const last = await waitFor(() => {
      const events = stream.events();
      const latest = events[events.length - 1];
      return latest && latest.images.done + latest.images.failed === 3 && latest.area?.pendingImages === 0
        ? latest
        : undefined;
    }, 'the processed and covered flight');

    const events = stream.events();
    // Counts only grow, and each event differs from the one before.
    for (let i = 1; i < events.length; i++) {
      expect(events[i]!.images.done).toBeGreaterThanOrEqual(events[i - 1]!.images.done);
      expect(events[i]!.images.total).toBeGreaterThanOrEqual(events[i - 1]!.images.total);
      expect(JSON.stringify(events[i])).not.toBe(JSON.stringify(events[i - 1]));
    }
    expect(events.some((event) => event.images.total === 3 && event.images.pending > 0)).toBe(true);
    // The last event is what the routes answer.
    const flight = await pilot.get(`/api/flights/${flightId}`);
    const area = await pilot.get(`/api/areas/${areaId}`);
    expect(last.images).toEqual(flight.body.images);
    expect(last.images.done).toBe(3);
    expect(last.area!.coveredKm2).toBe(area.body.coveredKm2);
    expect(last.area!.coveredKm2).toBeGreaterThan(0);
    stream.abort();
  }, 400_000);

  it('shows an admin’s coverage rebuild and terrain reprocessing at once, without waiting for the workers', async () => {
    const admin = await app.client('admin');
    const images = app.services.queues.get('images');
    const coverage = app.services.queues.get('coverage');
    const cellsKm2 = async () =>
      (
        await app.db.query<{ km2: number }>(
          `select coalesce(sum(covered_km2), 0)::float8 as km2 from coverage_cells where area_id = $1`,
          [areaId],
        )
      ).rows[0]!.km2;
    const unionKm2 = async () =>
      (
        await app.db.query<{ km2: number }>(
          `select coalesce(st_area(st_intersection(st_union(f.footprint), a.geom)::geography), 0) / 1e6 as km2
           from survey_areas a
           join coverage_footprints f on f.footprint && a.geom
           where a.id = $1 group by a.geom`,
          [areaId],
        )
      ).rows[0]?.km2 ?? 0;
    const trueKm2 = await cellsKm2();
    expect(trueKm2).toBeGreaterThan(0);
    expect(Math.abs(trueKm2 - (await unionKm2())) / trueKm2).toBeLessThan(1e-3);

    // No job may answer for the routes: the sweep and the photos wait while the queues are paused.
    await coverage.pause();
    await images.pause();
    try {
      // A cell's figure lost (nobody notified): the stream opened now shows the wrong figure.
      const corrupted = await app.db.query(
        `update coverage_cells set covered_km2 = 0
         where area_id = $1 and (ix, iy) = (select ix, iy from coverage_cells where area_id = $1
                                            order by covered_km2 desc, ix, iy limit 1) returning 1`,
        [areaId],
      );
      expect(corrupted.rows).toHaveLength(1);
      const wrongKm2 = await cellsKm2();
      expect(wrongKm2).toBeLessThan(trueKm2);
      const stream = await openStream(pilot, flightId);
      const first = await waitFor(() => stream.events()[0], 'the first event');
      expect(first.area!.coveredKm2).toBeCloseTo(wrongKm2, 9);

      const rebuild = await admin.post(`/api/areas/${areaId}/coverage/rebuild`, {});
      expect(rebuild.status).toBe(200);
      const rebuilt = await waitFor(() => stream.events()[1], 'the rebuilt figure');
      expect(rebuilt.area!.coveredKm2).toBeCloseTo(trueKm2, 9);
      expect(rebuilt.area!.coveredKm2).toBeCloseTo(rebuild.body.afterKm2, 9);
      expect(Math.abs(rebuilt.area!.coveragePct - (100 * trueKm2) / rebuilt.area!.areaKm2)).toBeLessThanOrEqual(0.005);

      // A photo's state changed unnoticed; the reprocessing route makes the stream read it again.
      const photo = await app.db.query<{ id: number }>(
        `update images set status = 'failed' where id = (select min(id) from images where flight_id = $1)
         returning id::int as id`,
        [flightId],
      );
      expect(photo.rows).toHaveLength(1);
      const reprocess = await admin.post(`/api/areas/${areaId}/reprocess`, {});
      expect(reprocess.status).toBe(202);
      expect(reprocess.body).toMatchObject({ areaId, queued: 3 });
      const reread = await waitFor(() => stream.events()[2], 'the figures read again at the reprocessing');
      expect(reread.images).toMatchObject({ total: 3, done: 2, failed: 1 });

      // The jobs run: the photo is processed again and the stream follows.
      await images.resume();
      await coverage.resume();
      await waitForSurveyWork(app, flightId, 240_000);
      const finalKm2 = await cellsKm2();
      expect(finalKm2).toBeCloseTo(trueKm2, 6);
      const last = await waitFor(() => {
        const latest = stream.events().at(-1)!;
        return latest.images.done === 3 &&
          latest.area!.pendingImages === 0 &&
          Math.abs(latest.area!.coveredKm2 - finalKm2) < 1e-9
          ? latest
          : undefined;
      }, 'the reprocessed photo and its coverage');
      expect(last.images).toEqual((await pilot.get(`/api/flights/${flightId}`)).body.images);
      stream.abort();
    } finally {
      await images.resume();
      await coverage.resume();
    }
  }, 400_000);

  it('answers 404 for a flight that does not exist and 403 to a role that may not read flights', async () => {
    const missing = await pilot.get('/api/flights/987654/stream');
    expect(missing.status).toBe(404);
    const lab = await app.client('lab');
    expect((await lab.get(`/api/flights/${flightId}/stream`)).status).toBe(403);
  });

  it('answers a flight of an office the session may not see 404, as if absent', async () => {
    const province = (await app.db.query<{ id: number }>(`select root_office_id()::int as id`)).rows[0]!.id;
    const city = (
      await app.db.query<{ id: number }>(
        `insert into offices (code, name_zh, name_en, kind, parent_id)
         values ('progress-city', '进度市', 'Progress City', 'city', $1) returning id::int as id`,
        [province],
      )
    ).rows[0]!.id;
    await createUserIfMissing(app.db, {
      username: 'citypilot',
      password: TEST_PASSWORD,
      roles: ['pilot'],
      officeId: city,
    });
    const cityPilot = await app.client();
    await cityPilot.login('citypilot', TEST_PASSWORD);
    // The province's flight is above the city: absent to it, as a flight that does not exist.
    const hidden = await cityPilot.get(`/api/flights/${flightId}/stream`);
    const missing = await cityPilot.get('/api/flights/987654/stream');
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual(missing.body);
    // Its own office's flight streams.
    const one = async (sql: string, params: unknown[]) =>
      Number((await app.db.query<{ id: number }>(sql, params)).rows[0]!.id);
    const cityArea = await one(
      `insert into survey_areas (name, city, geom, area_km2, office_id)
       select 'City progress area', 'city', g, st_area(g::geography) / 1e6, $1
       from (select st_multi(st_makeenvelope(108.6, 19.0, 108.7, 19.1, 4326)) as g) x returning id`,
      [city],
    );
    const cityFlight = await one(
      `insert into flights (area_id, track, point_count, distance_m, log_format, log_sha256, log_file_name)
       values ($1, st_setsrid(st_geomfromtext('MULTILINESTRING ZM ((108.61 19.01 100 0, 108.62 19.02 100 60))'), 4326),
               2, 1500, 'gpx', encode(sha256(convert_to('city-progress.gpx', 'UTF8')), 'hex'), 'city-progress.gpx')
       returning id`,
      [cityArea],
    );
    const stream = await openStream(cityPilot, cityFlight);
    const first = await waitFor(() => stream.events()[0], 'the first event of the city flight');
    expect(first).toMatchObject({ flightId: cityFlight, area: { id: cityArea, officeId: city } });
    stream.abort();
  });

  it('ends when its session logs out', async () => {
    await createUserIfMissing(app.db, { username: 'streampilot', password: TEST_PASSWORD, roles: ['pilot'] });
    const user = await app.client();
    await user.login('streampilot', TEST_PASSWORD);
    const stream = await openStream(user, flightId);
    await waitFor(() => stream.events()[0], 'the first event');
    expect((await user.post('/api/auth/logout')).status).toBe(204);
    const result = await Promise.race([
      stream.ended,
      new Promise<string>((resolve) => setTimeout(() => resolve('still open'), 30_000)),
    ]);
    expect(result).not.toBe('still open');
    expect(result).toContain('event: progress');
  });
});
