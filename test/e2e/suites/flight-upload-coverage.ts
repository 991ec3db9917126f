/// <reference lib="dom" />
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BrowserHarness, waitForBackgroundWork } from '../../support/browser';

const flightDir = path.resolve(import.meta.dirname, '../../../samples/data/survey/haikou-2025-flight-1');
const flightLog = path.join(flightDir, 'haikou-2025-flight-1.gpx');
const photos = [
  'DJI_0001.JPG',
  'DJI_0002.JPG',
  'DJI_0003.JPG',
  'DJI_0004.JPG',
  'DJI_0005.JPG',
  'DJI_0006.JPG',
].map((name) => path.join(flightDir, name));
const haikouArea = '海口市禁种铲毒航测区';

let harness: BrowserHarness;

/** Takes the shared harness once the background work is done. */
async function setUp(shared: BrowserHarness): Promise<void> {
  harness = shared;
  await waitForBackgroundWork(harness.app);
}

/** Registers this suite; it runs on the harness `harnessOf` returns (shared by the e2e file). */
export function flightUploadCoverageSuite(harnessOf: () => BrowserHarness): void {
  describe('a pilot uploads a flight in the browser', () => {
    beforeAll(() => setUp(harnessOf()));

    it('uploads the log and six photos, sees per-photo progress and QC, and Haikou’s coverage figure grow', async () => {
      const pilotApi = await harness.app.client('pilot');
      const areas = (await pilotApi.get('/api/areas')).body as {
        id: number;
        name: string;
        coveredKm2: number;
      }[];
      const haikou = areas.find((area) => area.name === haikouArea)!;
      expect(haikou).toBeDefined();

      const page = await harness.newPage('pilot');
      await page.goto(`${harness.app.baseUrl}/#/flights`);
      await page.locator('.flight-upload select').first().selectOption(String(haikou.id));
      await page.locator('input[name="team"]').fill('海口市禁毒支队无人机航测队');
      await page.locator('input[name="pilot"]').fill('王磊');
      await page.locator('[data-testid="flight-log-input"]').setInputFiles(flightLog);
      await page.locator('[data-testid="flight-photos-input"]').setInputFiles(photos);
      await expect
        .poll(() => page.locator('[data-testid="photo-table"] tbody tr').count())
        .toBe(photos.length);
      await harness.screenshot(page, 'flight-form-filled');

      await page.locator('[data-testid="flight-submit"]').click();
      const coverage = page.locator('[data-testid="flight-coverage"]');
      await coverage.waitFor({ timeout: 60_000 });
      await harness.screenshot(page, 'flight-uploading');

      // The workers compute footprints and coverage; the flight's stream pushes the figure, which grows.
      await expect
        .poll(async () => Number(await coverage.getAttribute('data-covered-km2')), {
          timeout: 150_000,
          interval: 1000,
        })
        .toBeGreaterThan(haikou.coveredKm2);
      await expect
        .poll(() => page.locator('[data-testid="photo-table"] tbody tr[data-status="accepted"]').count(), {
          timeout: 30_000,
        })
        .toBe(photos.length);
      await harness.screenshot(page, 'flight-coverage-grown');

      const after = (await pilotApi.get(`/api/areas/${haikou.id}`)).body as { coveredKm2: number };
      expect(after.coveredKm2).toBeGreaterThan(haikou.coveredKm2);
      expect(harness.externalRequests).toEqual([]);
    });
  });
}
