/// <reference lib="dom" />
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type {} from '../../../web/src/map/map-ready';
import { type BrowserHarness, waitForBackgroundWork } from '../../support/browser';

let harness: BrowserHarness;
let page: Page;
const flightDir = path.resolve(import.meta.dirname, '../../../samples/data/survey/haikou-2025-flight-1');
// Photos of the same survey stand in for the phone's: real JPEGs the flight upload did not send.
const spotPhoto = path.join(flightDir, 'DJI_0010.JPG');
const verifyPhoto = path.join(flightDir, 'DJI_0011.JPG');
/** Where the ground team stands: in the Haikou survey area, where flight 1 was flown. */
const standing = { longitude: 110.4212, latitude: 19.8231 };

async function setUp(shared: BrowserHarness): Promise<void> {
  harness = shared;
  await waitForBackgroundWork(harness.app);
  // A finding the pilot recorded earlier, ~5 km away: the list must put the one at hand first.
  const pilotApi = await harness.app.client('pilot');
  const far = await pilotApi.post('/api/findings', {
    geometry: { type: 'Point', coordinates: [110.47, 19.84] },
    crop: 'opium_poppy',
    confidence: 0.5,
    source: 'analyst',
  });
  expect(far.status).toBe(201);
  const context = await harness.browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    geolocation: { ...standing, accuracy: 8 },
    permissions: ['geolocation'],
  });
  await context.route('**/*', async (route) => {
    const { hostname } = new URL(route.request().url());
    if (hostname === '127.0.0.1' || hostname === 'localhost') return route.continue();
    harness.externalRequests.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  page = await context.newPage();
  await harness.login(page, 'pilot');
}

/** Registers this suite; it runs after the flight upload (the photos are kept in that flight). */
export function groundTeamPhoneSuite(harnessOf: () => BrowserHarness): void {
  describe('a ground team on a phone (390 × 844)', () => {
    beforeAll(() => setUp(harnessOf()));

    it('gets a header of one short block, a menu on one line and the map in view', async () => {
      await page.goto(`${harness.app.baseUrl}/#/findings`);
      await page.waitForFunction(() => window.__skywaterMap?.loaded() === true, undefined, {
        timeout: 90_000,
      });
      const header = (await page.locator('header.app-header').boundingBox())!;
      expect(header.height).toBeLessThan(110);
      for (const item of await page.locator('.main-menu a').all()) {
        const box = await item.boundingBox();
        // One line of text each (not one character a line), wrapping to a second row when many.
        if (box) expect(box.height).toBeLessThan(44);
      }
      const map = (await page.locator('.findings-screen__map .map-canvas').boundingBox())!;
      expect(map.height).toBeGreaterThan(300);
      expect(map.width).toBeGreaterThan(350);
      expect(map.y + map.height).toBeLessThanOrEqual(844 + 200);
      await harness.screenshot(page, 'phone-findings');
    });

    it('locates the phone, records a finding where it stands with a photo taken on the spot', async () => {
      await page.getByRole('button', { name: '定位我的位置' }).click();
      await page.locator('.findings-screen__here').waitFor({ timeout: 30_000 });
      expect(await page.locator('.findings-screen__here').textContent()).toContain('19.8231');
      const form = page.locator('form.finding-form');
      await form.getByRole('button', { name: '用我的位置' }).click();
      expect(await form.locator('input[name="lon"]').inputValue()).toBe('110.421200');
      expect(await form.locator('input[name="fieldPhoto"]').getAttribute('capture')).toBe('environment');
      // Taking a photo is a button in the interface's language, and nothing of the form (the
      // flight picker of the gallery included) reaches past the phone's edge.
      const capture = (await form.locator('label.photo-capture').boundingBox())!;
      expect(capture.height).toBeGreaterThanOrEqual(40);
      expect(await form.locator('label.photo-capture').textContent()).toContain('现场拍照');
      const formBox = (await form.boundingBox())!;
      for (const control of await form.locator('select, input:not([type="file"]), textarea, button').all()) {
        const box = await control.boundingBox();
        if (box) expect(box.x + box.width).toBeLessThanOrEqual(formBox.x + formBox.width + 1);
      }
      await form.locator('input[name="fieldPhoto"]').setInputFiles(spotPhoto);
      await form.locator('textarea[name="note"]').fill('地面发现疑似罂粟，约 40 株');
      await form.getByRole('button', { name: '登记' }).click();
      await form.locator('.form-saved').waitFor({ timeout: 60_000 });
      expect(await form.locator('input[name="lon"]').inputValue()).toBe('');

      // The list, nearest first: the new plot (0 m) above the one 5 km away.
      const rows = page.locator('.findings-table tbody tr');
      await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(2);
      const distances = await rows.locator('td:nth-child(4)').allTextContents();
      expect(distances[0]).toMatch(/^\d+ m$/);
      expect(distances[1]).toMatch(/km$/);
      // The photo taken on the spot is the finding's evidence, shown as a photo once made.
      const detail = page.locator('.finding-detail');
      await expect
        .poll(
          () =>
            page.evaluate(() =>
              Array.from(document.querySelectorAll<HTMLImageElement>('.finding-detail img.photo-thumb')).some(
                (img) => img.complete && img.naturalWidth > 0,
              ),
            ),
          { timeout: 120_000, interval: 1000 },
        )
        .toBe(true);
      expect(await detail.textContent()).toContain('你距此地块');
      // A pilot may verify, never reject.
      expect(await detail.getByRole('button', { name: '排除' }).count()).toBe(0);
      await detail.scrollIntoViewIfNeeded();
      await harness.screenshot(page, 'phone-finding-recorded');
    });

    it('verifies it with a photo, then records its eradication, every detail on screen', async () => {
      const detail = page.locator('.finding-detail');
      await detail.getByRole('button', { name: '核查：确认种植' }).click();
      const dialog = page.locator('dialog[open]');
      await dialog.locator('input[required]').first().fill('海口市禁毒支队地面组');
      await dialog.locator('input[type="number"]').fill('42');
      // The time in the app's own fields, 2026-03-10 and 14:30, not the browser's native picker.
      expect(await dialog.locator('input[type="datetime-local"]').count()).toBe(0);
      expect(await dialog.locator('input[name="at"]').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(await dialog.locator('input[name="atTime"]').inputValue()).toMatch(/^\d{2}:\d{2}$/);
      expect(await dialog.locator('input[name="atTime"]').getAttribute('placeholder')).toBe('如 14:30');
      await dialog.locator('input[name="atTime"]').fill('25:00');
      await dialog.locator('button[type="submit"]').click();
      await expect.poll(() => dialog.locator('.form-problem').textContent()).toContain('时刻');
      await dialog.locator('input[name="atTime"]').fill('09:30');
      await dialog.locator('input[name="stepPhoto"]').setInputFiles(verifyPhoto);
      await dialog.getByText('DJI_0011.JPG').waitFor({ timeout: 60_000 });
      await harness.screenshot(page, 'phone-verify-dialog');
      await dialog.locator('button[type="submit"]').click();
      await detail.getByRole('button', { name: '登记铲除' }).waitFor({ timeout: 30_000 });

      await detail.getByRole('button', { name: '登记铲除' }).click();
      const eradicate = page.locator('dialog[open]');
      await eradicate.locator('input[required]').first().fill('海口市禁毒支队地面组');
      const numbers = eradicate.locator('input[type="number"]');
      await numbers.nth(0).fill('350');
      await numbers.nth(1).fill('42');
      await eradicate.locator('button[type="submit"]').click();
      await expect
        .poll(() => detail.locator('.finding-detail__facts').textContent(), { timeout: 30_000 })
        .toContain('已铲除');
      await expect.poll(() => detail.locator('.chain').textContent(), { timeout: 30_000 }).toContain('铲除');
      const chain = await detail.locator('.chain').textContent();
      expect(chain).toContain('地面核查');
      expect(chain).toContain('确认种植');
      // The verification's time as typed, written as the fields take it.
      expect(chain).toMatch(/\d{4}-\d{2}-\d{2} 09:30/);
      expect(chain).toContain('海口市禁毒支队地面组');
      expect(chain).toContain('350 m²');
      expect(chain).toContain('42');
      expect(await detail.locator('.chain img.photo-thumb, .chain .photo-thumb--missing').count()).toBe(1);
      await detail.locator('.chain').scrollIntoViewIfNeeded();
      await harness.screenshot(page, 'phone-eradicated');
      expect(harness.externalRequests).toEqual([]);
    });
  });
}
