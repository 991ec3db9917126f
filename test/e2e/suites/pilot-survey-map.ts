/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
// Brings in the `window.__skywaterMap` declaration.
import type {} from '../../../web/src/map/map-ready';
import { type BrowserHarness, waitForBackgroundWork } from '../../support/browser';
import { overlappingLabels, shownLabels } from '../map-labels';

let harness: BrowserHarness;
let page: Page;
const haikouArea = '海口市禁种铲毒航测区';

async function setUp(shared: BrowserHarness): Promise<void> {
  harness = shared;
  await waitForBackgroundWork(harness.app);
  page = await harness.newPage('pilot');
  await page.setViewportSize({ width: 1440, height: 900 });
}

async function mapSettled(): Promise<void> {
  await page.waitForFunction(
    () =>
      window.__skywaterMap !== undefined && window.__skywaterMap.loaded() && !window.__skywaterMap.isMoving(),
    undefined,
    { timeout: 90_000 },
  );
}

/**
 * Registers this suite; it runs after the flight upload (Haikou flight 1 and six photos), on the
 * harness `harnessOf` returns.
 */
export function pilotSurveyMapSuite(harnessOf: () => BrowserHarness): void {
  describe('a pilot plans the next flights on the survey map', () => {
    beforeAll(() => setUp(harnessOf()));

    it('shows their flight and its photos, one flight or one day at a time', async () => {
      await page.goto(`${harness.app.baseUrl}/#/survey-map`);
      await page.getByRole('link', { name: '航测地图' }).waitFor();
      await mapSettled();
      // The survey areas are named on the map, as on the analyst's, none over another.
      await expect
        .poll(async () => (await shownLabels(page)).filter((label) => label.area).length, { timeout: 30_000 })
        .toBeGreaterThan(0);
      const labels = await shownLabels(page);
      expect(
        labels
          .filter((label) => label.area)
          .map((label) => label.text)
          .join(' '),
      ).toMatch(/%/);
      expect(overlappingLabels(labels)).toEqual([]);
      await harness.screenshot(page, 'pilot-survey-map-labels');
      const flightPicker = page.locator('.survey-map__filters select').first();
      await expect.poll(() => flightPicker.locator('option').count(), { timeout: 30_000 }).toBeGreaterThan(1);
      const flightId = await flightPicker.locator('option').nth(1).getAttribute('value');
      await flightPicker.selectOption(flightId!);
      // The map frames the flight and shows only its track and footprints.
      await expect
        .poll(() => page.evaluate(() => JSON.stringify(window.__skywaterMap!.getFilter('flights-line'))))
        .toContain(`"${flightId}"`);
      await page.waitForFunction(() => window.__skywaterMap!.getZoom() > 11, undefined, { timeout: 30_000 });
      await mapSettled();
      await expect
        .poll(
          () =>
            page.evaluate(
              () => window.__skywaterMap!.queryRenderedFeatures({ layers: ['footprints-fill'] }).length,
            ),
          { timeout: 60_000 },
        )
        .toBeGreaterThan(0);
      await harness.screenshot(page, 'pilot-survey-map-flight');
      // A legend names every mark the map draws, the zooms as the style has them.
      const legend = page.locator('.survey-map__legend');
      expect(await legend.getByRole('heading', { name: '图例' }).count()).toBe(1);
      const legendText = (await legend.textContent()) ?? '';
      for (const entry of [
        '踏查区域边界',
        '已拍摄覆盖（8 级以上可见）',
        '待飞区块（2 km 方格）',
        '飞行轨迹',
        '照片足迹（13 级以上可见）',
        '起飞点',
      ])
        expect(legendText).toContain(entry);
      expect(await page.locator('.survey-map__panel').textContent()).toContain('放大到 13 级以上');
      // By day: the flight's day is offered, and choosing it clears the flight.
      const dayPicker = page.locator('.survey-map__filters select').nth(1);
      expect(await dayPicker.locator('option').count()).toBeGreaterThan(1);
      await dayPicker.selectOption({ index: 1 });
      expect(await flightPicker.inputValue()).toBe('');
      expect(
        JSON.stringify(await page.evaluate(() => window.__skywaterMap!.getFilter('footprints-fill'))),
      ).toContain('capturedAt');
    });

    it('lists the gaps as parts a team can fly, nearest the take-off point first, each downloadable', async () => {
      await page.locator('.survey-map__panel select').nth(2).selectOption({ label: haikouArea });
      const rows = page.locator('.gap-parts-table tbody tr');
      await expect.poll(() => rows.count(), { timeout: 120_000 }).toBeGreaterThan(5);
      // 2 km squares: no part is larger than one square (≈ 4.0-4.3 km² at Hainan's latitude).
      const sizes = await rows.locator('td:nth-child(2)').allTextContents();
      for (const size of sizes) expect(Number(size.replace(/[^\d.]/g, ''))).toBeLessThanOrEqual(4.5);
      // A take-off point: a click on the map; distances appear and grow down the list.
      await page.evaluate(() => window.__skywaterMap!.jumpTo({ center: [110.42, 19.82], zoom: 10 }));
      await mapSettled();
      const canvas = await page.locator('.map-canvas canvas').boundingBox();
      await page.mouse.click(canvas!.x + canvas!.width / 2, canvas!.y + canvas!.height / 2);
      await page.locator('.gap-take-off', { hasText: '起飞点' }).waitFor();
      const distances = (await rows.locator('td:nth-child(4)').allTextContents()).map((text) =>
        text.endsWith('km')
          ? Number(text.replace(/[^\d.]/g, '')) * 1000
          : Number(text.replace(/[^\d.]/g, '')),
      );
      expect(distances.every((d) => Number.isFinite(d))).toBe(true);
      expect([...distances].sort((a, b) => a - b)).toEqual(distances);
      await harness.screenshot(page, 'pilot-gap-parts');
      // The table fits the panel at 1440 × 900: nothing to scroll sideways to.
      const frame = page.locator('.survey-map__panel .table-scroll');
      expect(
        await frame.evaluate((element) => element.scrollWidth - element.clientWidth),
      ).toBeLessThanOrEqual(1);
      // The parts' summary wraps inside the panel rather than run off under the table's frame.
      const summary = (await page.locator('.gap-parts-summary').boundingBox())!;
      const panel = (await page.locator('.survey-map__panel').boundingBox())!;
      expect(summary.x + summary.width).toBeLessThanOrEqual(panel.x + panel.width);
      expect(await page.locator('.gap-parts-summary').textContent()).toMatch(/^共 \d+ 块，合计/);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        rows.first().getByRole('button', { name: 'KML' }).click(),
      ]);
      const kml = await (await download.createReadStream()).toArray();
      const text = Buffer.concat(kml).toString('utf8');
      expect(text).toContain('<Polygon>');
      expect(download.suggestedFilename()).toMatch(/\.kml$/);
      const [geojson] = await Promise.all([
        page.waitForEvent('download'),
        rows.first().getByRole('button', { name: 'GeoJSON' }).click(),
      ]);
      const feature = JSON.parse(
        Buffer.concat(await (await geojson.createReadStream()).toArray()).toString('utf8'),
      );
      expect(feature.geometry.type).toMatch(/Polygon/);
      expect(harness.externalRequests).toEqual([]);
    });

    it('puts the area they flew first on the coverage screen, its chart scaled to what was flown', async () => {
      await page.goto(`${harness.app.baseUrl}/#/coverage`);
      const firstRow = page.locator('.coverage-table tbody tr').first();
      await firstRow.waitFor({ timeout: 30_000 });
      await expect.poll(() => firstRow.textContent(), { timeout: 30_000 }).toContain(haikouArea);
      await page.locator('.area-progress .echart svg').first().waitFor({ timeout: 60_000 });
      // The time axis ticks whole days in the reader's language ("3月10日"), never hours between
      // two bare day numbers, and the last day flown is one of its ticks.
      const pilotApi = await harness.app.client('pilot');
      const areas = (await pilotApi.get('/api/areas')).body as { id: number; name: string }[];
      const haikouId = areas.find((area) => area.name === haikouArea)!.id;
      const history = (await pilotApi.get(`/api/areas/${haikouId}/coverage/history`)).body as {
        points: { day: string }[];
      };
      const lastDay = history.points.at(-1)!.day;
      const lastDayLabel = `${Number(lastDay.slice(5, 7))}月${Number(lastDay.slice(8, 10))}日`;
      const dayTick = /^(\d{4}年)?\d{1,2}月\d{1,2}日$/;
      await expect
        .poll(() => page.locator('.area-progress .echart svg text').allTextContents(), { timeout: 30_000 })
        .toContain(lastDayLabel);
      const xTicks = (await page.locator('.area-progress .echart svg text').allTextContents()).filter(
        (text) => text.includes('月') || text.includes(':'),
      );
      expect(xTicks.length).toBeGreaterThanOrEqual(2);
      for (const tick of xTicks) expect(tick).toMatch(dayTick);
      // The gaps as parts a team can fly (not one polygon of the whole area), no part larger
      // than a 2 km square, their total what is left of the area once the covered part is out.
      const parts = page.locator('.area-progress .gap-parts-table tbody tr');
      await expect.poll(() => parts.count(), { timeout: 120_000 }).toBeGreaterThan(5);
      // The same list as the survey map's: the largest first (no sliver leads), a distance column
      // waiting for a take-off point, each part downloadable.
      const partSizes = (await parts.locator('td:nth-child(2)').allTextContents()).map((size) =>
        Number(size.replace(/[^\d.]/g, '')),
      );
      for (const size of partSizes) expect(size).toBeLessThanOrEqual(4.5);
      expect([...partSizes].sort((a, b) => b - a)).toEqual(partSizes);
      expect(partSizes[0]).toBeGreaterThan(1);
      expect(await page.locator('.area-progress .gap-parts-table thead').textContent()).toContain('距起飞点');
      await parts.first().getByRole('button', { name: 'KML' }).waitFor();
      const caption = (await page.locator('.area-progress .gap-parts-table caption').textContent())!;
      const captionKm2 = Number(caption.match(/合计 ([\d,.]+) km²/)![1].replace(/,/g, ''));
      const { rows } = await harness.app.db.query<{ left_km2: number }>(
        `select (st_area(a.geom::geography) / 1e6
                 - coalesce((select st_area(st_union(c.covered)::geography) / 1e6
                             from coverage_cells c where c.area_id = a.id and c.covered is not null), 0))::float8 as left_km2
         from survey_areas a where a.name = $1`,
        [haikouArea],
      );
      // Within 1 % (slivers under GAP_MIN_AREA_M2 are dropped; the caption rounds to 1 km²).
      expect(Math.abs(captionKm2 - rows[0].left_km2) / rows[0].left_km2).toBeLessThan(0.01);
      expect(await page.locator('.area-progress a[download]').getAttribute('href')).toContain('partKm=2');
      await page.locator('.area-progress').scrollIntoViewIfNeeded();
      await harness.screenshot(page, 'pilot-coverage-chart');
    });
  });
}
