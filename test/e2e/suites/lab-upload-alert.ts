/// <reference lib="dom" />
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CITY_CAMPAIGNS } from '../../../server/src/demo/load-demo';
import { type BrowserHarness, waitForBackgroundWork } from '../../support/browser';

const roundSevenCsv = path.resolve(import.meta.dirname, '../../../samples/data/next-round/round-7.csv');
const nextRound = { name: '2026年第1轮', startsOn: '2026-01-12', endsOn: '2026-01-25' };

let harness: BrowserHarness;
let analyst: Page;
let lab: Page;

/** Takes the shared harness once the background work is done; the round, an analyst and a lab user. */
async function setUp(shared: BrowserHarness): Promise<void> {
  harness = shared;
  await waitForBackgroundWork(harness.app);
  // The held-back round 7 of the demo data needs its round before its results can be imported:
  // one in each city's campaign (the file's rows resolve to the round of their site's city).
  const admin = await harness.app.client('admin');
  const rounds = (await admin.get('/api/rounds')).body as { name: string; campaignId: number }[];
  const campaigns = (await admin.get('/api/campaigns')).body as { id: number; name: string }[];
  for (const city of CITY_CAMPAIGNS) {
    const campaignId = campaigns.find((campaign) => campaign.name === city.name)!.id;
    if (!rounds.some((round) => round.name === nextRound.name && round.campaignId === campaignId)) {
      const created = await admin.post('/api/rounds', { ...nextRound, campaignId });
      expect(created.status).toBe(201);
    }
  }
  analyst = await harness.newPage('analyst');
  lab = await harness.newPage('lab');
}

/** The inbox row of the planted next-round etomidate detection (HK-V-005, ETO-ACID), if shown. */
const etomidateRow = (page: Page) =>
  page.locator('[data-testid="alerts-table"] tbody tr[data-alert-analyte="ETO-ACID"]', {
    hasText: 'HK-V-005',
  });

/** Registers this suite; it runs on the harness `harnessOf` returns (shared by the e2e file). */
export function labUploadAlertSuite(harnessOf: () => BrowserHarness): void {
  describe('a lab upload raises an alert that the analyst sees live', () => {
    beforeAll(() => setUp(harnessOf()));

    it('lab user checks and imports round 7; the analyst’s open inbox shows the new etomidate detection without a reload', async () => {
      await analyst.goto(`${harness.app.baseUrl}/#/alerts?status=open&view=list`);
      await analyst.locator('[data-testid="alerts-table"]').waitFor({ timeout: 60_000 });
      expect(await etomidateRow(analyst).count()).toBe(0);
      await harness.screenshot(analyst, 'analyst-inbox-before');
      // Marks the document: a reload would lose it.
      await analyst.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

      await lab.goto(`${harness.app.baseUrl}/#/lab`);
      await lab.locator('[data-testid="lab-file-input"]').setInputFiles(roundSevenCsv);
      const report = lab.locator('[data-testid="lab-report"]');
      await report.waitFor({ timeout: 60_000 });
      await harness.screenshot(lab, 'lab-dry-run-report');
      expect(await report.getAttribute('data-status')).toBe('checked');
      await expect
        .poll(async () => lab.locator('[data-testid="lab-preview"] tbody tr').count())
        .toBeGreaterThan(0);

      await lab.locator('[data-testid="lab-import-button"]').click();
      await lab.locator('[data-testid="lab-report"][data-status="imported"]').waitFor({ timeout: 90_000 });
      await harness.screenshot(lab, 'lab-imported');

      await etomidateRow(analyst).waitFor({ timeout: 120_000 });
      expect(await analyst.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(
        true,
      );
      expect(await etomidateRow(analyst).getAttribute('data-alert-kind')).toBe('first_detection');
      // Its detail is a sentence in Chinese with units, not a dump of the stored fields.
      const detail = (await etomidateRow(analyst).locator('td[data-col="detail"]').textContent()) ?? '';
      expect(detail).toMatch(/^检出浓度 [\d.,]+ ng\/L/);
      expect(detail).not.toContain('valueNgL');
      await harness.screenshot(analyst, 'analyst-inbox-new-alert');
      expect(harness.externalRequests).toEqual([]);
    });
  });
}
