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

/** Opens the drawer of the site `code` on the map (METH), as an analyst clicks it. */
async function openDrawer(code: string): Promise<void> {
  const sites = (await (await harness.app.client('analyst')).get('/api/sites')).body as {
    features: { geometry: { coordinates: [number, number] }; properties: { code: string } }[];
  };
  const site = sites.features.find((feature) => feature.properties.code === code)!;
  await page.evaluate(
    (centre) => window.__skywaterMap!.jumpTo({ center: centre, zoom: 14 }),
    site.geometry.coordinates,
  );
  await page.waitForFunction(
    () => window.__skywaterMap!.loaded() && !window.__skywaterMap!.isMoving(),
    undefined,
    {
      timeout: 60_000,
    },
  );
  const point = await page.evaluate(
    ([lon, lat]) => window.__skywaterMap!.project([lon, lat]),
    site.geometry.coordinates,
  );
  const box = (await page.locator('.map-canvas canvas').boundingBox())!;
  await page.mouse.click(box.x + point.x, box.y + point.y);
  await page.locator('[data-testid="site-drawer"] h2', { hasText: code }).waitFor({ timeout: 60_000 });
}

/** Registers this suite: the analyst's drawer, colours and bulletin, on the demo data. */
export function analystScreensSuite(harnessOf: () => BrowserHarness): void {
  describe('the analyst’s drawer and bulletin read right', () => {
    beforeAll(() => setUp(harnessOf()));

    it('labels the trend figures, marks analytes with data, and says "no data" for one never measured', async () => {
      await page.goto(`${harness.app.baseUrl}/#/map`);
      await page.waitForFunction(() => window.__skywaterMap !== undefined, undefined, { timeout: 90_000 });
      await page.locator('[data-testid="analyte-picker"]').selectOption('METH');
      await openDrawer('HK-V-017');
      const drawer = page.locator('[data-testid="site-drawer"]');
      await drawer.locator('canvas').waitFor({ timeout: 60_000 });
      const trend = (await drawer.locator('[data-testid="site-trend"]').textContent())!;
      expect(trend).not.toContain('p = 0 ');
      expect(trend).toMatch(/p [<=] 0\.\d{3}/);
      expect(trend).toContain('序列首末轮变化');
      // The picker: analytes measured here first and marked, the others "无数据".
      const picker = drawer.locator('[data-testid="drawer-analyte"]');
      await expect
        .poll(() => picker.locator('option').first().textContent(), { timeout: 30_000 })
        .toMatch(/^●/);
      const options = await picker.locator('option').allTextContents();
      const unmeasured = options.filter((text) => text.startsWith('○'));
      expect(unmeasured.length).toBeGreaterThan(0);
      for (const text of unmeasured) expect(text).toContain('无数据');
      await harness.screenshot(page, 'drawer-trend-labelled');

      const value = await picker.locator('option', { hasText: '○' }).first().getAttribute('value');
      await picker.selectOption(value!);
      await drawer.locator('[data-testid="drawer-no-data"]').waitFor({ timeout: 30_000 });
      expect(await drawer.locator('canvas').count()).toBe(0);
      expect(await drawer.textContent()).not.toContain('数据不足');
      await harness.screenshot(page, 'drawer-no-data');
    });

    it('previews a bulletin in words, with district boundaries, a scale bar and north on its map', async () => {
      await page.goto(`${harness.app.baseUrl}/#/reports`);
      const frame = page.frameLocator('iframe.bulletin-preview');
      await frame.locator('h1').waitFor({ timeout: 60_000 });
      // It opens on a round and an area of one office: sites sampled, not an empty bulletin of
      // the province's latest round (Qionghai, without a survey area) for Haikou's area.
      expect(Number(await frame.locator('#sites-sampled').textContent())).toBeGreaterThan(0);
      const text = (await frame.locator('body').textContent())!;
      for (const code of ['sporadic_hot_spot', 'trend_rising', 'first_detection', 'acknowledge'])
        expect(text).not.toContain(code);
      expect(await frame.locator('#scale-bar').count()).toBe(1);
      expect(await frame.locator('#north-arrow').count()).toBe(1);
      await frame.locator('.map').scrollIntoViewIfNeeded();
      await harness.screenshot(page, 'bulletin-map');
      expect(harness.externalRequests).toEqual([]);
    });
  });
}
