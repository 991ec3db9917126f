/// <reference lib="dom" />
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
// Brings in the `window.__skywaterMap` declaration.
import type {} from '../../../web/src/map/map-ready';
import { type BrowserHarness, waitForBackgroundWork } from '../../support/browser';

const pyshedsDem = path.resolve(import.meta.dirname, '../../fixtures/terrain/pysheds-dem.tif');

let harness: BrowserHarness;
let admin: Page;
let lab: Page;

/** A page of `username` in English at 1280 × 800 (the language kept across reloads). */
async function englishPage(username: string): Promise<Page> {
  const page = await harness.newPage(username);
  await page.context().addInitScript(() => localStorage.setItem('skywater.language', 'en'));
  await page.setViewportSize({ width: 1280, height: 800 });
  // The login left the app loaded in Chinese; a reload reads the language stored.
  await page.reload();
  await page.locator('.main-menu').waitFor({ timeout: 60_000 });
  return page;
}

/** No Chinese on screen: everything visible is in the interface language (English). */
async function expectNoChinese(page: Page, selector: string): Promise<void> {
  const text = (await page.locator(selector).allInnerTexts()).join('\n');
  expect(text).not.toMatch(/\p{Script=Han}/u);
}

/**
 * Registers this suite: the admin's and the lab's screens for what had an API and no screen
 * (plausibility bounds, terrain, drawn and archived areas, campaigns and closed rounds, flow and
 * population corrections, PHES-ODM), in English at 1280 × 800, a phone at 390 × 844 where used.
 */
export function adminLabEnglishSuite(harnessOf: () => BrowserHarness): void {
  describe('admin and lab screens in English at 1280 × 800', () => {
    beforeAll(async () => {
      harness = harnessOf();
      await waitForBackgroundWork(harness.app);
      admin = await englishPage('admin');
      lab = await englishPage('lab');
      // The demo's scoring may still run on a busy machine; logging in and reloading wait for it.
    }, 600_000);

    it('sets a plausibility bound with a source and a reason; the history and the API show the same figure', async () => {
      await admin.goto(`${harness.app.baseUrl}/#/plausibility`);
      const row = admin.locator('[data-testid="bounds-table"] tr[data-scope="flow:*:wwtp"]');
      await row.waitFor({ timeout: 60_000 });
      await expectNoChinese(admin, '.plausibility-screen');
      await row.getByRole('button', { name: 'Change' }).click();
      const editor = admin.locator('[data-testid="bound-editor"]');
      await editor.locator('input[name="softMax"]').fill('2500000');
      await editor.locator('input[name="softMin"]').fill('20000000');
      await editor.getByRole('button', { name: 'Save bound' }).click();
      // Checked on screen in English, nothing sent: a soft bound beyond the hard one, no reason.
      await editor.getByText('A soft bound lies within the hard bounds.').waitFor();
      await editor.getByText('Please give a reason.').waitFor();
      await harness.screenshot(admin, 'bounds-form-problems-en');
      await editor.locator('input[name="softMin"]').fill('');
      await editor
        .locator('input[name="source"]')
        .fill('Largest plant in the province: 1.1 × 10⁶ m³/d (2025 report)');
      await editor.locator('textarea[name="reason"]').fill('Provincial plants are smaller than Stickney');
      await editor.getByRole('button', { name: 'Save bound' }).click();
      await editor.getByText('Saved;').waitFor({ timeout: 30_000 });
      const history = admin.locator('[data-testid="bounds-history"]');
      await history.getByText('Provincial plants are smaller than Stickney').waitFor({ timeout: 30_000 });
      await expect.poll(async () => row.innerText()).toContain('2,500,000');
      expect(await row.innerText()).toContain('admin');
      const stored = (
        (await (await harness.app.client('admin')).get('/api/plausibility-bounds')).body as {
          stored: { quantity: string; siteKind: string | null; softMax: number | null }[];
        }
      ).stored.find((b) => b.quantity === 'flow' && b.siteKind === 'wwtp');
      expect(stored?.softMax).toBe(2_500_000);
      await history.scrollIntoViewIfNeeded();
      await harness.screenshot(admin, 'bounds-saved-history-en');
    });

    it('lists the loaded DEMs and uploads another GeoTIFF', async () => {
      await admin.goto(`${harness.app.baseUrl}/#/terrain`);
      const table = admin.locator('[data-testid="dems-table"]');
      // The list, or the words saying none is loaded yet (photo heights then come from the log).
      await admin
        .locator('[data-testid="dems-table"], .terrain-screen .hint')
        .first()
        .waitFor({ timeout: 60_000 });
      const before = await table.locator('tbody tr').count();
      await admin.locator('[data-testid="dem-file-input"]').setInputFiles(pyshedsDem);
      await admin.getByText('DEM “pysheds-dem.tif” loaded.').waitFor({ timeout: 120_000 });
      await expect.poll(async () => table.locator('tbody tr').count()).toBe(before + 1);
      expect(await table.locator('tr[data-dem="pysheds-dem.tif"]').innerText()).toMatch(/\d m/);
      await expectNoChinese(admin, '.terrain-screen');
      await harness.screenshot(admin, 'terrain-dems-en');
    });

    it('draws a survey area on the map (a crossing vertex refused), creates it and archives it', async () => {
      await admin.goto(`${harness.app.baseUrl}/#/areas`);
      const map = admin.locator('[data-testid="area-draw-map"]');
      await admin.locator('[data-testid="area-draw-map"][data-ready="true"]').waitFor({ timeout: 120_000 });
      // Closer in, over Haikou: the whole island framed would draw an area past the 5,000 km² limit.
      await admin.waitForFunction(() => window.__skywaterMap !== undefined, undefined, { timeout: 60_000 });
      await admin.evaluate(() => window.__skywaterMap!.jumpTo({ center: [110.33, 19.98], zoom: 11 }));
      await admin.waitForFunction(
        () => window.__skywaterMap!.loaded() && !window.__skywaterMap!.isMoving(),
        undefined,
        {
          timeout: 60_000,
        },
      );
      const box = (await map.boundingBox())!;
      const at = (x: number, y: number) => [box.x + x, box.y + y] as const;
      await admin.mouse.click(...at(300, 120));
      await admin.mouse.click(...at(520, 120));
      await admin.mouse.click(...at(520, 300));
      await expect.poll(() => map.getAttribute('data-vertices')).toBe('3');
      // From the third vertex up across the first edge: a bow tie, refused.
      await admin.mouse.click(...at(410, 60));
      await admin.locator('[data-testid="area-draw-problem"]').getByText('cross itself').waitFor();
      expect(await map.getAttribute('data-vertices')).toBe('3');
      await harness.screenshot(admin, 'areas-draw-crossing-refused-en');
      await admin.mouse.dblclick(...at(300, 300));
      await expect.poll(() => map.getAttribute('data-closed')).toBe('true');
      expect(await map.getAttribute('data-vertices')).toBe('4');
      const status = await admin.locator('.area-draw__status').innerText();
      expect(status).toMatch(/Boundary closed: 4 vertices, about [\d,.]+ km²/);
      await admin.locator('input[name="name"]').fill('Drawn test area');
      await admin.locator('input[name="city"]').fill('Haikou');
      await harness.screenshot(admin, 'areas-drawn-en');
      await admin.getByRole('button', { name: 'Create area' }).click();
      await admin.getByText('Survey area “Drawn test area” created.').waitFor({ timeout: 60_000 });
      const row = admin.locator('[data-testid="areas-table"] tr[data-area="Drawn test area"]');
      await row.waitFor({ timeout: 30_000 });
      // The size drawn is the size stored: the screen's km² and the server's agree within 1 %.
      const drawnKm2 = Number(/about ([\d,.]+) km²/.exec(status)![1]!.replace(/,/g, ''));
      const areas = (await (await harness.app.client('admin')).get('/api/areas')).body as {
        id: number;
        name: string;
        areaKm2: number;
      }[];
      const created = areas.find((area) => area.name === 'Drawn test area')!;
      expect(Math.abs(created.areaKm2 - drawnKm2) / created.areaKm2).toBeLessThan(0.01);

      await row.getByRole('button', { name: 'Archive' }).click();
      const dialog = admin.locator('dialog[open]');
      await dialog.locator('textarea').fill('Drawn for the test only');
      await dialog.getByRole('button', { name: 'Archive' }).click();
      await row.waitFor({ state: 'detached', timeout: 30_000 });
      await admin.getByLabel('Show archived areas').check();
      await expect.poll(async () => row.getAttribute('data-archived')).toBe('true');
      expect(await row.innerText()).toContain('Archived');
      const listed = (await (await harness.app.client('pilot')).get('/api/areas')).body as { id: number }[];
      expect(listed.map((area) => area.id)).not.toContain(created.id);
      await expectNoChinese(admin, '.areas-screen h1, .areas-screen thead, .areas-screen .page__intro');
      await harness.screenshot(admin, 'areas-archived-en');
    });

    it('creates a monthly venue campaign for an area, a round in it, and closes the round with a reason', async () => {
      await admin.goto(`${harness.app.baseUrl}/#/rounds`);
      await admin.locator('[data-testid="campaigns-table"] tbody tr').first().waitFor({ timeout: 60_000 });
      await admin.getByText('New campaign').click();
      const form = admin.locator('[data-testid="campaign-form"]');
      await form.locator('input[name="campaignName"]').fill('Haikou venues monthly');
      const areaOptions = await form.locator('select[name="areaId"] option').allInnerTexts();
      await form.locator('select[name="areaId"]').selectOption({ label: areaOptions[1]! });
      await form.locator('select[name="cadence"]').selectOption('monthly');
      await form.getByRole('button', { name: 'Create campaign' }).click();
      await form.getByText('Campaign “Haikou venues monthly” created.').waitFor({ timeout: 30_000 });
      const campaignRow = admin.locator(
        '[data-testid="campaigns-table"] tr[data-campaign="Haikou venues monthly"]',
      );
      expect(await campaignRow.innerText()).toContain('Monthly');

      const roundForm = admin.locator('[data-testid="round-form"]');
      await roundForm.locator('input[name="name"]').fill('Venues 2026-02');
      await roundForm.locator('input[name="startsOn"]').fill('2026-02-01');
      await roundForm.locator('input[name="endsOn"]').fill('2026-02-03');
      await roundForm.locator('select[name="campaignId"]').selectOption({ label: 'Haikou venues monthly' });
      await roundForm.getByRole('button', { name: 'Create round' }).click();
      await admin.getByText('Round “Venues 2026-02” created.').waitFor({ timeout: 30_000 });
      // The campaign's own rounds: the new one, and its count in the campaigns table.
      await expect.poll(async () => campaignRow.locator('td').nth(2).innerText()).toBe('1');
      // The campaign just created is the one chosen; its rounds are listed.
      const show = campaignRow.getByRole('button', { name: 'Show its rounds' });
      if ((await show.getAttribute('aria-pressed')) !== 'true') await show.click();
      const rounds = admin.locator('[data-testid="rounds-table"] tbody tr');
      await expect.poll(async () => rounds.count()).toBe(1);
      const round = admin.locator('[data-testid="rounds-table"] tr[data-round="Venues 2026-02"]');
      expect(await round.innerText()).toContain('Open');
      await harness.screenshot(admin, 'campaign-rounds-en');

      await round.getByRole('button', { name: 'Close round' }).click();
      const dialog = admin.locator('dialog[open]');
      await dialog.getByRole('button', { name: 'Close round' }).click();
      await dialog.getByText('Please give a reason.').waitFor();
      await dialog.locator('textarea').fill('Every venue sample reported');
      await dialog.getByRole('button', { name: 'Close round' }).click();
      await expect.poll(async () => round.innerText(), { timeout: 30_000 }).toContain('Closed');
      const stored = (
        (await (await harness.app.client('lab')).get('/api/rounds')).body as {
          name: string;
          closedAt: string | null;
        }[]
      ).find((r) => r.name === 'Venues 2026-02');
      expect(stored?.closedAt).not.toBeNull();
      await expectNoChinese(
        admin,
        '[data-testid="rounds-table"] thead, [data-testid="campaigns-table"] thead',
      );
      await harness.screenshot(admin, 'round-closed-en');
    });

    it('lab: corrects a sample’s flow with a reason from a result, the history in view; phone too', async () => {
      // The newest round holding HK-WWTP-01's results (later rounds may have none yet).
      const client = await harness.app.client('lab');
      const allRounds = ((await client.get('/api/rounds')).body as { id: number; startsOn: string }[]).sort(
        (a, b) => b.startsOn.localeCompare(a.startsOn),
      );
      let roundWithPlant: number | undefined;
      for (const candidate of allRounds) {
        const csv = (await client.get(`/api/lab/exports.csv?lang=en&roundId=${candidate.id}`)).body as string;
        if (String(csv).includes('HK-WWTP-01')) {
          roundWithPlant = candidate.id;
          break;
        }
      }
      expect(roundWithPlant).toBeDefined();
      await lab.goto(`${harness.app.baseUrl}/#/lab/results`);
      await lab.locator('.lab-results-screen select').first().waitFor({ timeout: 60_000 });
      await lab.locator('.lab-results-screen select').first().selectOption(String(roundWithPlant));
      await lab.locator('.lab-results-screen input').first().fill('HK-WWTP-01');
      const row = lab.locator('[data-testid="results-table"] tbody tr[data-site="HK-WWTP-01"]').first();
      await row.waitFor({ timeout: 60_000 });
      await row.getByRole('button', { name: 'Correct' }).click();
      const sample = lab.locator('[data-testid="sample-correction"]');
      await sample.locator('[data-testid="sample-now"]').waitFor({ timeout: 30_000 });
      const flowInput = sample.locator('input[name="flowM3PerDay"]');
      await expect.poll(async () => flowInput.inputValue()).not.toBe('');
      const corrected = Math.round(Number(await flowInput.inputValue()) * 1.1);
      await flowInput.fill(String(corrected));
      await sample.getByRole('button', { name: 'Correct flow / population' }).click();
      await sample.getByText('Please give a reason.').waitFor();
      await sample.locator('textarea[name="reason"]').fill('Flow meter recalibrated on 14 January');
      await sample.getByRole('button', { name: 'Correct flow / population' }).click();
      const history = sample.locator('[data-testid="sample-history"]');
      await history.getByText('Flow meter recalibrated on 14 January').waitFor({ timeout: 30_000 });
      const shown = corrected.toLocaleString('en');
      await expect
        .poll(async () => sample.locator('[data-testid="sample-now"]').innerText())
        .toContain(shown);
      expect(await history.innerText()).toContain(shown);
      // The figure on screen is the stored one.
      const resultId = Number(await row.getAttribute('data-result-id'));
      const sampleId = (await client.get(`/api/measurements/${resultId}/history`)).body.measurement.sampleId;
      const stored = (await client.get(`/api/samples/${sampleId}/history`)).body;
      expect(stored.sample.flowM3PerDay).toBe(corrected);
      expect(stored.revisions.at(-1).reason).toBe('Flow meter recalibrated on 14 January');
      await sample.scrollIntoViewIfNeeded();
      await expectNoChinese(
        lab,
        '[data-testid="sample-correction"] h3, [data-testid="sample-history"] thead',
      );
      await harness.screenshot(lab, 'lab-sample-correction-en');
      await lab.setViewportSize({ width: 390, height: 844 });
      await sample.scrollIntoViewIfNeeded();
      const width = await lab.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(390 + 1);
      await harness.screenshot(lab, 'lab-sample-correction-phone-en');
      await lab.setViewportSize({ width: 1280, height: 800 });
    });

    it('lab: checks PHES-ODM tables on the upload screen; the report counts the measure left out', async () => {
      await lab.goto(`${harness.app.baseUrl}/#/lab`);
      const odm = lab.locator('[data-testid="phes-odm-import"]');
      await odm.locator('summary').click();
      // One sample of a demo plant in PHES-ODM v2: a METH result and its flow (taken in), and a
      // SARS-CoV-2 measure, which is no drug result (counted as left out).
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odm-e2e-'));
      const samples = path.join(dir, 'samples.csv');
      const measures = path.join(dir, 'measures.csv');
      fs.writeFileSync(
        samples,
        'sampleID,siteID,saMaterial,collType,collPer,collDT,collDTStart,collDTEnd\n' +
          'odm-e2e-1,HK-WWTP-01,rawWW,flowPr,24,,2026-01-20T08:00:00+08:00,2026-01-21T08:00:00+08:00\n',
      );
      fs.writeFileSync(
        measures,
        'measureRepID,sampleID,siteID,measure,value,unit,aggregation,organizationID,protocolID\n' +
          'a,odm-e2e-1,HK-WWTP-01,METH,40,ngL,sin,,\n' +
          'b,odm-e2e-1,HK-WWTP-01,floRate,50000,m3D,sin,,\n' +
          'c,odm-e2e-1,HK-WWTP-01,covN1,12,gcL,sin,,\n',
      );
      await odm.locator('[data-testid="phes-odm-samples"]').setInputFiles(samples);
      await odm.locator('[data-testid="phes-odm-measures"]').setInputFiles(measures);
      await odm.getByRole('button', { name: 'Check the tables' }).click();
      const report = odm.locator('[data-testid="phes-odm-report"]');
      await report.waitFor({ timeout: 90_000 });
      await report
        .getByText(/not (a drug result|drug results) and (is|are) left out/)
        .waitFor({ timeout: 30_000 });
      expect(await report.getAttribute('data-status')).toBe('checked');
      // The round names are the office's own (Chinese) data; the words around them are English.
      await expectNoChinese(
        lab,
        '[data-testid="phes-odm-import"] > summary, [data-testid="phes-odm-report"]',
      );
      await odm.scrollIntoViewIfNeeded();
      await harness.screenshot(lab, 'lab-phes-odm-checked-en');
    });

    it('lab: the rounds and import history screens in English, and the rounds on a phone', async () => {
      await lab.goto(`${harness.app.baseUrl}/#/lab/imports`);
      await lab.locator('[data-testid="imports-table"] tbody tr').first().waitFor({ timeout: 60_000 });
      await expectNoChinese(lab, '[data-testid="imports-table"] thead');
      await harness.screenshot(lab, 'lab-imports-en');
      await lab.goto(`${harness.app.baseUrl}/#/rounds`);
      await lab.locator('[data-testid="rounds-table"] tbody tr').first().waitFor({ timeout: 60_000 });
      // A lab creates and closes rounds but not campaigns (the API allows analysts and admins).
      expect(await lab.locator('[data-testid="campaign-form"]').count()).toBe(0);
      await harness.screenshot(lab, 'lab-rounds-en');
      await lab.setViewportSize({ width: 390, height: 844 });
      expect(await lab.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(391);
      await harness.screenshot(lab, 'lab-rounds-phone-en');
      await lab.setViewportSize({ width: 1280, height: 800 });
    });
  });
}
