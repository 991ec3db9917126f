/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BrowserHarness, waitForBackgroundWork } from '../../support/browser';

let harness: BrowserHarness;

/** Takes the shared harness once the background work is done. */
async function setUp(shared: BrowserHarness): Promise<void> {
  harness = shared;
  await waitForBackgroundWork(harness.app);
}

/** The menu's entries, by their hash paths. */
async function menuPaths(page: Page): Promise<string[]> {
  return page
    .locator('.main-menu a')
    .evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
}

/** Registers this suite; it runs on the harness `harnessOf` returns (shared by the e2e file). */
export function alertActionsAndRolesSuite(harnessOf: () => BrowserHarness): void {
  describe('alert actions and role boundaries in the browser', () => {
    beforeAll(() => setUp(harnessOf()));

    it('an analyst acknowledges an open alert with a reason', async () => {
      const page = await harness.newPage('analyst');
      await page.goto(`${harness.app.baseUrl}/#/alerts?status=open&view=list`);
      // The demo data's planted patterns come out as alerts once the workers have scored them.
      const openRow = page
        .locator('[data-testid="alerts-table"] tbody tr')
        .filter({ has: page.locator('button[data-action="acknowledge"]') })
        .first();
      await openRow.waitFor({ timeout: 150_000 });
      const alertId = await openRow.getAttribute('data-alert-id');
      expect(alertId).toBeTruthy();
      await harness.screenshot(page, 'inbox-open-alerts');

      await page
        .locator(
          `[data-testid="alerts-table"] tbody tr[data-alert-id="${alertId}"] button[data-action="acknowledge"]`,
        )
        .click();
      const dialog = page.locator('dialog[open]');
      await dialog.waitFor();
      // The reason is required: an empty one is refused in the dialog.
      await dialog.locator('button[type="submit"]').click();
      expect(await dialog.isVisible()).toBe(true);
      await dialog.locator('textarea').fill('已电话联系属地派出所核实 / checked with the local station');
      await harness.screenshot(page, 'acknowledge-dialog');
      await dialog.locator('button[type="submit"]').click();
      await dialog.waitFor({ state: 'hidden' });

      // Gone from the open list, and acknowledged on the server.
      await page
        .locator(`[data-testid="alerts-table"] tbody tr[data-alert-id="${alertId}"]`)
        .waitFor({ state: 'detached', timeout: 30_000 });
      const stored = await (await harness.app.client('analyst')).get(`/api/alerts/${alertId}`);
      expect(stored.body.status).toBe('acknowledged');
      await harness.screenshot(page, 'inbox-after-acknowledge');
    });

    it('a lab user sees only the lab screens: not the others in the menu, not by direct URL', async () => {
      const page = await harness.newPage('lab');
      expect(await menuPaths(page)).toEqual(['#/lab', '#/lab/imports', '#/lab/results', '#/rounds']);
      expect(await page.locator('[data-testid="alerts-badge"]').count()).toBe(0);

      for (const forbidden of ['/alerts', '/map', '/reports']) {
        await page.goto(`${harness.app.baseUrl}/#${forbidden}`);
        await page.waitForFunction(() => window.location.hash === '#/lab');
        await page.locator('.lab-upload').waitFor();
        expect(await page.locator('.alerts-screen, .map-screen, .reports-screen').count()).toBe(0);
      }
      await harness.screenshot(page, 'lab-user-direct-url-to-alerts');

      // The server agrees: the analyst's data is refused to a lab session.
      const labClient = await harness.app.client('lab');
      expect((await labClient.get('/api/alerts')).status).toBe(403);
      expect(harness.externalRequests).toEqual([]);
    });
  });
}
