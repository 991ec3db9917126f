/// <reference lib="dom" />
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserHarness, waitForBackgroundWork } from '../../support/browser';

const roundSevenCsv = path.resolve(import.meta.dirname, '../../../samples/data/next-round/round-7.csv');
const roundSevenGb18030 = path.resolve(import.meta.dirname, '../../fixtures/wastewater/round-7-gb18030.csv');
const nextRoundName = '2026年第2轮';

let harness: BrowserHarness;
let lab: Page;
let workDir: string;
let nextRoundFile: string;
/** Rows of the made file, and how many of them are broken on purpose. */
const brokenRows = 6;
let fileRows = 0;

/**
 * The next round as a lab would send it: round 7's first sites (a venue among them) renamed to a
 * round that does not exist yet, new sample ids, and six rows broken (3 negative values, 2
 * unknown sites, 1 value that is no number).
 */
function makeNextRoundFile(): string {
  const [header, ...rows] = fs.readFileSync(roundSevenCsv, 'utf8').split(/\r?\n/).filter(Boolean);
  const chosen = rows.filter((row) => /^(HK-WWTP-01|HK-V-005|HK-H-001|HK-H-002),/.test(row));
  const renamed = chosen.map((row) => {
    const cells = row.split(',');
    cells[1] = nextRoundName;
    cells[2] = `${cells[2]}-R8`;
    cells[3] = cells[3]!.replace('2026-01-14', '2026-01-28');
    cells[4] = cells[4]!.replace('2026-01-15', '2026-01-29');
    return cells;
  });
  // Broken rows, away from the venue's METH row that the correction step uses.
  const wwtp = renamed.filter((cells) => cells[0] === 'HK-WWTP-01');
  for (const cells of wwtp.filter((c) => /^\d/.test(c[9]!)).slice(1, 4)) cells[9] = `-${cells[9]}`;
  const home = renamed.filter((cells) => cells[0] === 'HK-H-001');
  for (const cells of home.slice(0, 2)) cells[0] = 'HK-H-999';
  renamed.filter((cells) => cells[0] === 'HK-H-002')[0]![9] = '七点五';
  fileRows = renamed.length;
  const file = path.join(workDir, 'lab-2026-round-2.csv');
  fs.writeFileSync(file, `${header}\n${renamed.map((cells) => cells.join(',')).join('\n')}\n`);
  return file;
}

async function setUp(shared: BrowserHarness): Promise<void> {
  harness = shared;
  await waitForBackgroundWork(harness.app);
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skywater-lab-e2e-'));
  nextRoundFile = makeNextRoundFile();
  lab = await harness.newPage('lab');
  await lab.setViewportSize({ width: 1440, height: 900 });
}

/** The vertical space between two boxes of a correction form (negative: they overlap). */
async function gapBetween(upper: Locator, lower: Locator): Promise<number> {
  const top = (await upper.boundingBox())!;
  const bottom = (await lower.boundingBox())!;
  return bottom.y - (top.y + top.height);
}

/** A correction panel's parts stand apart: fields → reason → button → history heading. */
async function panelSpacedOut(panel: Locator): Promise<void> {
  const form = panel.locator('form.correction-form');
  const fields = form.locator('.form-grid');
  const reason = form.locator('.correction-panel__reason');
  const button = form.locator('button[type="submit"]');
  const history = panel.locator('.correction-history-title');
  expect(await gapBetween(fields, reason)).toBeGreaterThanOrEqual(8);
  expect(await gapBetween(reason, button)).toBeGreaterThanOrEqual(8);
  expect(await gapBetween(button, history)).toBeGreaterThanOrEqual(16);
}

/** Registers this suite; it runs on the harness `harnessOf` returns (shared by the e2e file). */
export function labRoundsCorrectionsSuite(harnessOf: () => BrowserHarness): void {
  describe('a lab user creates rounds, imports the valid rows of a faulty file, and corrects a result', () => {
    beforeAll(() => setUp(harnessOf()));
    afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

    it('creates a round on the rounds screen, with its own messages for a form left empty', async () => {
      await lab.goto(`${harness.app.baseUrl}/#/rounds`);
      const form = lab.locator('[data-testid="round-form"]');
      await form.waitFor({ timeout: 30_000 });
      await form.getByRole('button', { name: '建立轮次' }).click();
      await form.getByText('必填。').waitFor();
      expect(await form.locator('.field-problem').count()).toBe(3);
      await form.locator('input[name="name"]').fill('2026年第3轮');
      await form.locator('input[name="startsOn"]').fill('2026-02-23');
      await form.locator('input[name="endsOn"]').fill('2026-02-09');
      await form.getByRole('button', { name: '建立轮次' }).click();
      await form.getByText('结束日期不能早于开始日期。').waitFor();
      await form.locator('input[name="endsOn"]').fill('2026-03-08');
      await form.getByRole('button', { name: '建立轮次' }).click();
      await lab.getByText('已建立轮次“2026年第3轮”').waitFor({ timeout: 30_000 });
      await lab
        .locator('[data-testid="rounds-table"] tr.row--selected', { hasText: '2026年第3轮' })
        .waitFor();
      await harness.screenshot(lab, 'rounds-created');
    });

    it('a dry run groups the rows naming a missing round, offers to create it, then imports the valid rows', async () => {
      await lab.goto(`${harness.app.baseUrl}/#/lab`);
      await lab.locator('[data-testid="lab-file-input"]').setInputFiles(nextRoundFile);
      const report = lab.locator('[data-testid="lab-report"][data-status="checked"]');
      await report.waitFor({ timeout: 60_000 });
      const verdict = lab.locator('[data-testid="lab-verdict"]');
      // A dry run with problems is not green and says nothing was imported.
      expect(await verdict.getAttribute('data-tone')).toBe('problems');
      expect(await verdict.innerText()).toContain('尚未导入任何数据');
      expect(await lab.locator('[data-testid="lab-import-button"]').count()).toBe(0);
      // Every row names the missing round: no "import only the 0 valid rows" on offer.
      expect(await lab.locator('[data-testid="lab-import-valid-button"]').count()).toBe(0);
      expect(await lab.locator('[data-testid="lab-none-valid"]').innerText()).toContain('没有一行无问题');
      const roundGroup = lab.locator('[data-testid="lab-groups"] > li[data-code="unknown_round"]');
      expect(await roundGroup.count()).toBe(1);
      expect(await roundGroup.innerText()).toContain(`${fileRows} 行`);
      const offer = lab.locator('[data-testid="create-round-offer"]');
      expect(await offer.innerText()).toContain(`${fileRows} 行填写的轮次“${nextRoundName}”尚不存在`);
      // The dates are proposed from the file's collection dates.
      expect(await offer.locator('input[name="startsOn"]').inputValue()).toBe('2026-01-28');
      expect(await offer.locator('input[name="endsOn"]').inputValue()).toBe('2026-01-29');
      await harness.screenshot(lab, 'lab-dry-run-missing-round');

      await offer.getByRole('button', { name: '建立轮次' }).click();
      await expect
        .poll(async () => lab.locator('[data-testid="lab-groups"] > li[data-code="unknown_round"]').count(), {
          timeout: 60_000,
        })
        .toBe(0);
      await lab.locator('[data-testid="lab-report"][data-status="checked"]').waitFor({ timeout: 60_000 });
      const codes = await lab
        .locator('[data-testid="lab-groups"] > li')
        .evaluateAll((items) => items.map((item) => item.getAttribute('data-code')));
      expect(codes.sort()).toEqual(['invalid_number', 'negative_value', 'unknown_site']);
      const importValid = lab.locator('[data-testid="lab-import-valid-button"]');
      expect(await importValid.innerText()).toContain(`只导入无问题的 ${fileRows - brokenRows} 行`);
      await harness.screenshot(lab, 'lab-dry-run-real-problems');

      await importValid.click();
      await lab.locator('[data-testid="lab-report"][data-status="imported"]').waitFor({ timeout: 90_000 });
      expect(await lab.locator('[data-testid="lab-verdict"]').innerText()).toContain(
        `部分导入：写入 ${fileRows - brokenRows} 行`,
      );
      await harness.screenshot(lab, 'lab-imported-valid-rows');
      await lab.setViewportSize({ width: 390, height: 844 });
      await harness.screenshot(lab, 'lab-imported-phone');
      await lab.setViewportSize({ width: 1440, height: 900 });
    });

    it('lists the import in the history with its report', async () => {
      await lab.goto(`${harness.app.baseUrl}/#/lab/imports`);
      const first = lab.locator('[data-testid="imports-table"] tbody tr').first();
      await first.waitFor({ timeout: 30_000 });
      expect(await first.innerText()).toContain('lab-2026-round-2.csv');
      expect(await first.innerText()).toContain('部分导入');
      await first.getByRole('button', { name: '查看报告' }).click();
      const report = lab.locator('[data-testid="batch-report"]');
      await report.locator('[data-testid="lab-groups"]').waitFor({ timeout: 30_000 });
      expect(await report.innerText()).toContain('数值不能为负');
      await harness.screenshot(lab, 'lab-import-history');
    });

    it('corrects a result of its own venue row with a reason and sees the history', async () => {
      await lab.goto(`${harness.app.baseUrl}/#/lab/results`);
      const roundSelect = lab.locator('.lab-results-screen select').first();
      await roundSelect.waitFor({ timeout: 30_000 });
      await roundSelect.selectOption({ label: nextRoundName });
      await lab.locator('.lab-results-screen input').first().fill('HK-V-005');
      const row = lab.locator('[data-testid="results-table"] tr[data-site="HK-V-005"][data-analyte="METH"]');
      await row.waitFor({ timeout: 30_000 });
      // At a 1280 px desk the row's 更正 button is in sight, before and after the panel opens
      // (it was cut off behind the table's horizontal scroll; a test's click scrolls, a person does not).
      await lab.setViewportSize({ width: 1280, height: 800 });
      const inSight = async () => {
        const scroll = (await lab.locator('.lab-results-screen__layout > .table-scroll').boundingBox())!;
        const button = (await row.getByRole('button', { name: '更正' }).boundingBox())!;
        return button.x >= scroll.x && button.x + button.width <= scroll.x + scroll.width;
      };
      expect(await inSight()).toBe(true);
      await row.getByRole('button', { name: '更正' }).click();
      const panel = lab.locator('[data-testid="correction-panel"]');
      await panel.locator('[data-testid="current-value"]').waitFor({ timeout: 30_000 });
      await lab
        .locator('.lab-results-screen__layout > .table-scroll')
        .evaluate((element) => element.scrollTo(0, 0));
      await row.scrollIntoViewIfNeeded();
      expect(await inSight()).toBe(true);
      await harness.screenshot(lab, 'corrections-1280');
      await lab.setViewportSize({ width: 1440, height: 900 });
      await panel.locator('input[name="value"]').fill('91.2');
      await panel.getByRole('button', { name: '提交更正' }).click();
      await panel.getByText('请填写理由。').waitFor();
      // Fields, reason, its problem and the button a step apart; the button not against the
      // history heading (they touched, 0 px).
      await panelSpacedOut(panel);
      const samplePanel = lab.locator('[data-testid="sample-correction"]');
      await samplePanel.getByRole('button', { name: '更正流量/人口' }).click();
      await samplePanel.getByText('请填写理由。').waitFor();
      await panelSpacedOut(samplePanel);
      expect(await panel.locator('[data-testid="current-value"]').locator('..').innerText()).toMatch(
        /^当前值：/,
      );
      await harness.screenshot(lab, 'lab-correction-problems');
      await panel.locator('textarea[name="reason"]').fill('复核色谱图，原记录抄写错误');
      await panel.getByRole('button', { name: '提交更正' }).click();
      await panel.locator('[data-testid="correction-history"] tbody tr').first().waitFor({ timeout: 30_000 });
      expect(await panel.locator('[data-testid="correction-history"]').innerText()).toContain(
        '原记录抄写错误',
      );
      await expect
        .poll(async () => panel.locator('[data-testid="current-value"]').innerText())
        .toContain('91.2');
      // The history is as tall as its rows, not a 20 rem box (the results list's scroll height).
      const historyBox = (await panel.locator('.table-scroll').boundingBox())!;
      expect(historyBox.height).toBeLessThan(160);
      await harness.screenshot(lab, 'lab-correction-history');
    });

    it('previews a GB18030 file as the server reads it, not as mojibake', async () => {
      await lab.goto(`${harness.app.baseUrl}/#/lab`);
      await lab.locator('[data-testid="lab-file-input"]').setInputFiles(roundSevenGb18030);
      const preview = lab.locator('[data-testid="lab-preview"]');
      await preview.waitFor({ timeout: 60_000 });
      const header = await preview.locator('thead th').allInnerTexts();
      expect(header).toContain('采样点编码');
      expect(header).toContain('检测项目');
      await lab.getByText('此文件为 GB18030（GBK）编码').waitFor();
      await lab.locator('[data-testid="lab-report"]').waitFor({ timeout: 60_000 });
      await harness.screenshot(lab, 'lab-gb18030-preview');
    });
  });
}
