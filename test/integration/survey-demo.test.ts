import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@skywater/core/log/logger';
import { loadDemoData, SAMPLES_DATA_DIR } from '../../server/src/demo/load-demo';
import { startTestApp, type TestApp } from '../support/test-app';
import { PREVIEWS_DUE, queueBusy } from './survey-helpers';

interface ManifestImage {
  file: string;
  expectedQcFlags: string[];
}
const manifest = JSON.parse(fs.readFileSync(path.join(SAMPLES_DATA_DIR, 'survey/manifest.json'), 'utf8')) as {
  flights: { id: string; images: ManifestImage[] }[];
};

let app: TestApp;
const log = createLogger('silent');

/** Every photo processed and given its preview, every coverage update applied. */
async function waitForAllImages() {
  const started = Date.now();
  for (;;) {
    await app.services.relay.relayOnce();
    const { rows } = await app.db.query<{ busy: number }>(
      `select (select count(*)::int from images where status = 'pending')
            + (${PREVIEWS_DUE})
            + (select count(*)::int from coverage_pending)
            + (select count(*)::int from outbox where relayed_at is null) as busy`,
    );
    if (rows[0]!.busy + (await queueBusy(app, 'coverage')) + (await queueBusy(app, 'images')) === 0) return;
    if (Date.now() - started > 400_000) throw new Error('demo survey not processed in time');
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  app = await startTestApp({ mode: 'all' });
  await loadDemoData(app.db, log, { dataDir: app.config.dataDir });
  await waitForAllImages();
  // The loader's statements share the jobs lane with the image jobs it starts: slow on a busy machine.
}, 600_000);
afterAll(() => app?.close());

describe('demo survey', () => {
  it('loads the 4 demo flights and 100 photos through the upload use-cases, with the planted QC flags', async () => {
    const { rows } = await app.db.query<{
      name: string;
      flight: string;
      status: string;
      qc_flags: string[];
      thumbnail_key: string | null;
      preview_key: string | null;
    }>(
      `select i.original_name as name, f.log_file_name as flight, i.status, i.qc_flags, i.thumbnail_key, i.preview_key
       from images i join flights f on f.id = i.flight_id`,
    );
    expect(rows).toHaveLength(100);
    expect(rows.every((r) => r.status === 'done')).toBe(true);
    // Each photo has its thumbnail and, from its own job, its preview, stored where the row says.
    for (const r of rows) {
      for (const key of [r.thumbnail_key, r.preview_key]) {
        expect(key, r.name).toBeTruthy();
        expect(fs.existsSync(path.join(app.config.dataDir, 'imagery', key!)), key!).toBe(true);
      }
    }
    for (const flight of manifest.flights) {
      for (const image of flight.images) {
        const row = rows.find((r) => r.flight.startsWith(flight.id) && r.name === path.basename(image.file))!;
        expect(row.qc_flags, `${flight.id}/${image.file}`).toEqual(image.expectedQcFlags);
      }
    }
  });

  it('shows coverage in both survey areas once the workers ran', async () => {
    const areas = (await (await app.client('pilot')).get('/api/areas')).body as {
      city: string;
      coveredKm2: number;
    }[];
    for (const city of ['海口市', '东方市']) {
      const covered = areas.filter((a) => a.city === city).reduce((s, a) => s + a.coveredKm2, 0);
      expect(covered, city).toBeGreaterThan(0.2);
    }
  });

  it('loads nothing twice', async () => {
    await loadDemoData(app.db, log, { dataDir: app.config.dataDir });
    const { rows } = await app.db.query<{ flights: number; images: number }>(
      `select (select count(*)::int from flights) as flights, (select count(*)::int from images) as images`,
    );
    expect(rows[0]).toEqual({ flights: 4, images: 100 });
  });
});
