/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type {} from '../../../web/src/map/map-ready';
import { type BrowserHarness, waitForBackgroundWork } from '../../support/browser';

let harness: BrowserHarness;
let page: Page;

async function setUp(shared: BrowserHarness): Promise<void> {
  harness = shared;
  await waitForBackgroundWork(harness.app);
  page = await harness.newPage('analyst');
  await page.setViewportSize({ width: 1440, height: 900 });
}

/** Every `<img>` in `selector` has loaded a real picture (not a broken link). */
function imagesLoaded(selector: string) {
  return page.evaluate(
    (css) =>
      Array.from(document.querySelectorAll<HTMLImageElement>(css)).map(
        (img) => img.complete && img.naturalWidth > 0,
      ),
    selector,
  );
}

/** Registers this suite; it runs after the flight upload (its photos are the gallery). */
export function findingsWorkflowSuite(harnessOf: () => BrowserHarness): void {
  describe('an analyst records a finding with photo evidence and exports the list', () => {
    beforeAll(() => setUp(harnessOf()));

    it('places it on the map, picks two photos from the flight, sets the source, and gets a clean form back', async () => {
      await page.goto(`${harness.app.baseUrl}/#/findings`);
      await page.waitForFunction(() => window.__skywaterMap?.loaded() === true, undefined, {
        timeout: 90_000,
      });
      await page.evaluate(() => window.__skywaterMap!.jumpTo({ center: [110.42, 19.82], zoom: 13 }));
      await page.waitForFunction(() => window.__skywaterMap!.loaded() && !window.__skywaterMap!.isMoving());
      const canvas = await page.locator('.findings-screen__map canvas').boundingBox();
      await page.mouse.click(canvas!.x + canvas!.width / 2, canvas!.y + canvas!.height / 2);
      const form = page.locator('form.finding-form');
      await expect.poll(() => form.locator('input[name="lon"]').inputValue()).toMatch(/^110\.\d+/);

      await form.locator('.gallery select').selectOption({ index: 1 });
      // The flight's photos (the last grid; the first may hold the photos under the clicked point).
      const picks = form.locator('.gallery__grid').last().locator('.gallery__pick');
      await expect.poll(() => picks.count(), { timeout: 30_000 }).toBeGreaterThan(1);
      // Thumbnails come from the server one by one: generous on a loaded machine.
      await expect
        .poll(() => imagesLoaded('form.finding-form .gallery__grid img'), { timeout: 30_000 })
        .not.toContain(false);
      await picks.nth(0).click();
      await picks.nth(1).click();
      expect(await form.locator('.gallery legend').textContent()).toContain('已选 2 张');
      await form.locator('select[name="source"]').selectOption('model');
      await form.locator('select[name="crop"]').selectOption('cannabis');
      await form.locator('textarea[name="note"]').fill('航片判读：成片种植，约 30 株');
      await harness.screenshot(page, 'finding-form-gallery');
      await form.getByRole('button', { name: '登记' }).click();
      await form.locator('.form-saved').waitFor({ timeout: 30_000 });

      // The form is empty again: nothing of this plot carried into the next.
      expect(await form.locator('input[name="lon"]').inputValue()).toBe('');
      expect(await form.locator('textarea[name="note"]').inputValue()).toBe('');
      expect(await form.locator('select[name="source"]').inputValue()).toBe('analyst');
      expect(await form.locator('.gallery legend').textContent()).toContain('已选 0 张');

      // The new finding: source in words, evidence as photos (not hashes).
      const detail = page.locator('.finding-detail');
      await detail.locator('.finding-detail__facts').waitFor();
      expect(await detail.locator('.finding-detail__facts').textContent()).toContain('模型识别');
      expect(await detail.locator('.finding-detail__facts').textContent()).toContain('海口市禁种铲毒航测区');
      await expect
        .poll(() => imagesLoaded('.finding-detail img.photo-thumb'), { timeout: 30_000 })
        .toEqual([true, true]);
      expect(await detail.textContent()).not.toMatch(/[0-9a-f]{16}…/);
      // An analyst may reject.
      expect(await detail.getByRole('button', { name: '排除' }).count()).toBe(1);
      await harness.screenshot(page, 'finding-recorded-with-photos');

      // The totals by area, re-read after the new finding: the server's counts, in words.
      const totals = (await (await harness.app.client('analyst')).get('/api/findings/totals')).body as {
        areaName: string | null;
        byStatus: Record<string, number>;
      }[];
      const haikou = totals.find((line) => line.areaName === '海口市禁种铲毒航测区')!;
      expect(haikou.byStatus.suspected).toBeGreaterThan(0);
      const row = page.locator('[data-testid="findings-totals"] tbody tr', {
        hasText: '海口市禁种铲毒航测区',
      });
      await expect
        .poll(() => row.locator('td').first().textContent(), { timeout: 30_000 })
        .toBe(String(haikou.byStatus.suspected));
      expect(await page.locator('[data-testid="findings-totals"] thead').textContent()).toContain(
        '已铲除株数',
      );
      await page.locator('[data-testid="findings-totals"]').scrollIntoViewIfNeeded();
      await harness.screenshot(page, 'findings-totals');
    });

    it('exports the list as CSV, GeoJSON and KML', async () => {
      const download = async (name: string) => {
        const [file] = await Promise.all([
          page.waitForEvent('download'),
          page.locator('.findings-list__export').getByRole('button', { name, exact: true }).click(),
        ]);
        return {
          name: file.suggestedFilename(),
          text: Buffer.concat(await (await file.createReadStream()).toArray()).toString('utf8'),
        };
      };
      const csv = await download('CSV');
      expect(csv.name).toMatch(/\.csv$/);
      expect(csv.text).toContain('id,status,crop,confidence,source');
      expect(csv.text).toMatch(/,suspected,cannabis,0\.6,model,/);
      const geojson = await download('GeoJSON');
      expect(JSON.parse(geojson.text).features.length).toBeGreaterThan(0);
      const kml = await download('KML');
      expect(kml.text).toContain('<Placemark>');
      expect(harness.externalRequests).toEqual([]);
    });
  });
}
