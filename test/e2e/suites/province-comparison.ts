/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ProvinceComparisonView } from '@skywater/core/province/province-comparison-view';
import { createUserIfMissing } from '../../../server/src/auth/users';
import { type BrowserHarness, waitForBackgroundWork } from '../../support/browser';
import { TEST_PASSWORD } from '../../support/test-app';

let harness: BrowserHarness;

async function setUp(shared: BrowserHarness): Promise<void> {
  harness = shared;
  await waitForBackgroundWork(harness.app);
  // A city analyst of the demo's Haikou office.
  const { rows } = await harness.app.db.query<{ id: number }>(
    `select id::int as id from offices where code = 'haikou'`,
  );
  await createUserIfMissing(harness.app.db, {
    username: 'haikou-analyst',
    password: TEST_PASSWORD,
    roles: ['analyst'],
    officeId: rows[0]!.id,
  });
}

/** The load as the table prints it (Intl, the figure's own digits) in the page's language. */
async function printed(page: Page, value: number): Promise<string> {
  return page.evaluate((v) => {
    const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 1 ? 1 : 2;
    return new Intl.NumberFormat(document.documentElement.lang || 'zh-CN', {
      maximumFractionDigits: digits,
    }).format(v);
  }, value);
}

async function openScreen(page: Page): Promise<void> {
  await page.goto(`${harness.app.baseUrl}/#/province`);
  await page.locator('[data-testid="province-table"]').waitFor({ timeout: 60_000 });
}

async function switchToEnglish(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'English' }).click();
  await page.locator('h1', { hasText: 'Province comparison' }).waitFor({ timeout: 30_000 });
}

/** Registers this suite: the province comparison as the province's analyst and as Haikou's. */
export function provinceComparisonSuite(harnessOf: () => BrowserHarness): void {
  describe('the province comparison', () => {
    beforeAll(() => setUp(harnessOf()), 300_000);

    it('ranks the province’s cities with the API’s figures, on a desk and a phone, in Chinese and English', async () => {
      const api = (await (await harness.app.client('analyst')).get('/api/province/comparison'))
        .body as ProvinceComparisonView;
      const ranked = api.rows.filter((r) => r.rank !== null);
      expect(ranked.length).toBeGreaterThan(0);
      const first = ranked[0]!;

      const page = await harness.newPage('analyst');
      await page.setViewportSize({ width: 1440, height: 900 });
      await page
        .locator('.main-menu a[href="#/province"]', { hasText: '全省对比' })
        .waitFor({ timeout: 30_000 });
      await openScreen(page);
      await expect
        .poll(() => page.locator('[data-testid="province-table"] tbody tr').count())
        .toBe(api.rows.length);
      // The first row is the API's rank 1, and its load reads as the API's figure.
      const firstRow = page.locator('[data-testid="province-table"] tbody tr').first();
      expect(await firstRow.getAttribute('data-testid')).toBe(`province-row-${first.office.code}`);
      const load = (await page
        .locator(`[data-testid="province-row-${first.office.code}-load"]`)
        .textContent())!;
      expect(load.startsWith(await printed(page, first.normalisedLoadMgPerDayPer1000!))).toBe(true);
      const total = (await page.locator('[data-testid="province-total-load"]').textContent())!;
      expect(total.startsWith(await printed(page, api.total.normalisedLoadMgPerDayPer1000!))).toBe(true);
      // Survey coverage to date and the km² flown in the period read as the API's figures (the
      // CSV and the bulletin print the same fields: province-comparison and province-bulletin tests).
      for (const row of [
        ...api.rows.map((r) => ({ ...r, testId: `province-row-${r.office.code}` })),
        { ...api.total, testId: 'province-total' },
      ]) {
        const covered = (await page.locator(`[data-testid="${row.testId}-covered"]`).textContent())!;
        expect(covered.startsWith(`${await printed(page, row.coveredToDateKm2)} / `), covered).toBe(true);
        const flown = (await page.locator(`[data-testid="${row.testId}-flown"]`).textContent())!;
        expect(flown).toBe(`${await printed(page, row.flownInPeriodKm2)} km²`);
      }
      // The period the server chose fills the pickers; the chart is drawn.
      expect(await page.locator('[data-testid="province-from"]').inputValue()).toBe(api.from);
      expect(await page.locator('[data-testid="province-to"]').inputValue()).toBe(api.to);
      await page.locator('.province-chart canvas').waitFor({ timeout: 60_000 });
      // The CSV link asks for the same table.
      const href = (await page.locator('[data-testid="province-csv"]').getAttribute('href'))!;
      expect(href).toContain('/api/province/comparison.csv?');
      expect(href).toContain(`from=${api.from}`);
      await harness.screenshot(page, 'province-desk-zh');

      await page.setViewportSize({ width: 390, height: 844 });
      await page.locator('[data-testid="province-table"]').scrollIntoViewIfNeeded();
      await harness.screenshot(page, 'province-phone-zh');

      await switchToEnglish(page);
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.locator('[data-testid="province-table"] th', { hasText: 'Normalised load' }).waitFor();
      await page
        .locator('[data-testid="province-table"] th', { hasText: 'Survey coverage to date' })
        .waitFor();
      await page.locator('[data-testid="province-table"] th', { hasText: 'Flown in period' }).waitFor();
      expect(await page.locator('[data-testid="province-total"] th').textContent()).toContain('Total');
      // The total adds up each office's own latest round: it never reads "No round in period".
      expect(await page.locator('[data-testid="province-total"] td').nth(1).textContent()).toBe(
        'Each office’s latest round',
      );
      await harness.screenshot(page, 'province-desk-en');
      await page.setViewportSize({ width: 390, height: 844 });
      await harness.screenshot(page, 'province-phone-en');

      // A period without any round says so instead of an empty ranking.
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.locator('[data-testid="province-from"]').fill('2020-01-01');
      await page.locator('[data-testid="province-to"]').fill('2020-12-31');
      await page.locator('[data-testid="province-empty"]', { hasText: 'No round in this period' }).waitFor({
        timeout: 30_000,
      });
      await harness.screenshot(page, 'province-empty-en');
      await page.context().close();
    });

    it('shows a city analyst Haikou alone, with the API’s figure, and nothing of the other cities', async () => {
      const api = (await (await harness.app.client('haikou-analyst')).get('/api/province/comparison'))
        .body as ProvinceComparisonView;
      expect(api.rows.map((r) => r.office.code)).toEqual(['haikou']);
      const page = await harness.newPage('haikou-analyst');
      await page.setViewportSize({ width: 1440, height: 900 });
      await openScreen(page);
      await expect.poll(() => page.locator('[data-testid="province-table"] tbody tr').count()).toBe(1);
      const row = api.rows[0]!;
      const load = (await page.locator('[data-testid="province-row-haikou-load"]').textContent())!;
      expect(load.startsWith(await printed(page, row.normalisedLoadMgPerDayPer1000!))).toBe(true);
      // Haikou has no district: it is compared alone, not "below Haikou".
      expect(await page.locator('[data-testid="province-period"]').textContent()).toMatch(/^海口市禁毒委 · /);
      const text = (await page.locator('.province-screen').textContent())!;
      expect(text).not.toMatch(/东方|琼海|崖州/);
      const offices = await page.locator('[data-testid="province-office"] option').allTextContents();
      expect(offices).toEqual(['海口市禁毒委']);
      await harness.screenshot(page, 'province-city-desk-zh');
      await page.setViewportSize({ width: 390, height: 844 });
      await harness.screenshot(page, 'province-city-phone-zh');
      await switchToEnglish(page);
      await harness.screenshot(page, 'province-city-phone-en');
      await page.setViewportSize({ width: 1440, height: 900 });
      await harness.screenshot(page, 'province-city-desk-en');
      await page.context().close();
    });
  });
}
