import type { Job } from 'bullmq';
import { createLogger } from '@skywater/core/log/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Processor } from '../../workers/src/processor';
import { surveyProcessors } from '../../workers/src/survey/survey-processors';
import { updateCoverage } from '../../workers/src/survey/update-coverage';
import { startWorkers, type RunningWorkers } from '../../workers/src/worker-runtime';
import { startTestApp, type TestApp, type TestClient } from '../support/test-app';
import { createArea, demoPhoto, uploadDemoFlight, uploadImages } from './survey-helpers';

/**
 * A photo becomes ready while the coverage update of its area is running: its footprint is
 * committed to `coverage_pending` after the running job has taken the area's pending ones, and
 * its own coverage job is relayed while that job is still active (so the queue coalesces it).
 * Its coverage must still be applied promptly, by the queue alone: the workers here run the
 * real processors with no coverage sweep scheduled, and nothing in the test applies coverage.
 * The first coverage job is held open (after its real update finished) until the second photo
 * is processed and its job relayed, which makes the race happen every time.
 */
let app: TestApp;
let pilot: TestClient;
let workers: RunningWorkers;
let areaId: number;
let flightId: number;

// Armed once the new area's own grid job has run (the area's creation queues it).
let holdFirstRun = false;
let recordRuns = false;
let firstRunHeld: () => void;
const firstRunHeldPromise = new Promise<void>((resolve) => (firstRunHeld = resolve));
let releaseFirstRun: () => void;
const firstRunReleased = new Promise<void>((resolve) => (releaseFirstRun = resolve));
const coverageRuns: { areaId: unknown; images: number }[] = [];

const heldUpdateCoverage: Processor = async (job: Job, ctx) => {
  const result = (await updateCoverage(job, ctx)) as Record<number, { images: number }>;
  if (!recordRuns) return result;
  coverageRuns.push({
    areaId: job.data.areaId,
    images: Object.values(result).reduce((n, r) => n + r.images, 0),
  });
  if (holdFirstRun) {
    holdFirstRun = false;
    firstRunHeld();
    await firstRunReleased;
  }
  return result;
};

async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for: ${what}`);
}

const imageStatus = async (name: string) =>
  (
    await app.db.query<{ status: string }>(
      `select status from images where flight_id = $1 and original_name = $2`,
      [flightId, name],
    )
  ).rows[0]?.status;

beforeAll(async () => {
  // The server part only (HTTP + outbox relay); the workers are started below without schedules.
  app = await startTestApp({ mode: 'server' });
  workers = await startWorkers(
    { db: app.db, log: createLogger(app.config.logLevel), config: app.config },
    app.services.queues,
    { images: surveyProcessors.images, coverage: { 'update-coverage': heldUpdateCoverage } },
    [],
  );
  pilot = await app.client('pilot');
  areaId = await createArea(pilot, 'Coverage race area');
  flightId = await uploadDemoFlight(pilot, areaId);
  await eventually('the area\'s grid built by its job', async () => {
    const { rows } = await app.db.query<{ built: boolean }>(
      `select grid_created_at is not null as built from survey_areas where id = $1`,
      [areaId],
    );
    return rows[0]!.built && (await app.services.queues.get('coverage').getActiveCount()) === 0;
  });
  holdFirstRun = true;
  recordRuns = true;
}, 60_000);
afterAll(async () => {
  releaseFirstRun?.();
  await workers?.close(5_000);
  await app?.close();
});

describe('coverage of a photo that becomes ready while its area is being updated', () => {
  it('is applied by the queue, without the sweep', async () => {
    expect(await app.services.queues.get('coverage').getJobSchedulers()).toEqual([]);

    // Photo 1: its coverage job starts, applies it, and is then held open.
    expect(
      (await uploadImages(pilot, flightId, [{ name: 'DJI_0001.JPG', content: demoPhoto(1) }])).status,
    ).toBe(202);
    await firstRunHeldPromise;
    expect(coverageRuns).toEqual([{ areaId, images: 1 }]);
    expect(await app.services.queues.get('coverage').getActiveCount()).toBe(1);

    // Photo 2 (another footprint) is processed while that job is still running; its coverage
    // job reaches the queue while the first one is active.
    expect(
      (await uploadImages(pilot, flightId, [{ name: 'DJI_0008.JPG', content: demoPhoto(8) }])).status,
    ).toBe(202);
    await eventually('photo 2 processed', async () => (await imageStatus('DJI_0008.JPG')) === 'done');
    await eventually('its coverage job relayed', async () => {
      const { rows } = await app.db.query(
        `select 1 from outbox where queue = 'coverage' and relayed_at is null`,
      );
      return rows.length === 0;
    });
    const pending = await app.db.query<{ n: number }>(
      `select count(*)::int as n from coverage_pending where area_id = $1`,
      [areaId],
    );
    expect(pending.rows[0]!.n).toBe(1);
    // The API says the figure is not final yet (the web app keeps polling while it is not 0).
    expect((await pilot.get(`/api/areas/${areaId}`)).body.pendingImages).toBe(1);
    const coverage = app.services.queues.get('coverage');
    expect(await coverage.getActiveCount()).toBe(1);
    expect(await coverage.getWaitingCount()).toBe(0);
    expect(coverageRuns).toHaveLength(1);
    // The queue coalesced it with the running job (kept to run after it, not dropped).
    expect(await app.services.queues.connection.exists(coverage.toKey(`dn:coverage-area-${areaId}`))).toBe(1);

    // The first job finishes; photo 2's footprint is applied promptly by another coverage job.
    releaseFirstRun();
    await eventually('coverage of photo 2 applied', async () => {
      const { rows } = await app.db.query(`select 1 from coverage_pending`);
      return rows.length === 0 && coverageRuns.length >= 2;
    });
    expect(coverageRuns[1]).toEqual({ areaId, images: 1 });
    expect((await pilot.get(`/api/areas/${areaId}`)).body.pendingImages).toBe(0);

    // Every cell has looked at exactly the photos whose footprints touch it.
    const cells = await app.db.query<{ look_count: number; real: number }>(
      `select c.look_count, (select count(*)::int from images i
         where i.status = 'done' and i.footprint is not null and st_intersects(i.footprint, c.geom)) as real
       from coverage_cells c where c.area_id = $1`,
      [areaId],
    );
    expect(cells.rows.filter((r) => r.real > 0).length).toBeGreaterThan(0);
    expect(cells.rows.filter((r) => r.look_count !== r.real)).toEqual([]);
    const seen = await app.db.query<{ n: number }>(
      `select count(distinct c.ix || ',' || c.iy)::int as n from coverage_cells c
       join images i on i.flight_id = $2 and st_intersects(i.footprint, c.geom)
       where c.area_id = $1 and i.original_name = 'DJI_0008.JPG' and c.look_count > 0`,
      [areaId, flightId],
    );
    expect(seen.rows[0]!.n).toBeGreaterThan(0);
  }, 90_000);
});
