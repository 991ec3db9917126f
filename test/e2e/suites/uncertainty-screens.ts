/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BrowserHarness, waitForBackgroundWork } from '../../support/browser';

let harness: BrowserHarness;
let admin: Page;

/** The flow RSD the series names for METH at a site, as an analyst reads it from the API. */
async function seriesComponent(siteId: string, component: string): Promise<{ rsd: number; source: string }> {
  const analyst = await harness.app.client('analyst');
  const reply = await analyst.get(`/api/sites/${siteId}/series?analyte=METH`);
  expect(reply.status).toBe(200);
  return reply.body.points[0].uncertainty.components[component];
}

/** Registers this suite; it runs on the harness `harnessOf` returns (shared by the e2e file). */
export function uncertaintyScreensSuite(harnessOf: () => BrowserHarness): void {
  describe('an admin sets the uncertainty components from the screens', () => {
    beforeAll(async () => {
      harness = harnessOf();
      await waitForBackgroundWork(harness.app);
      admin = await harness.newPage('admin');
      await admin.setViewportSize({ width: 1440, height: 900 });
    });

    it('lists the defaults with their sources, and sets a site’s flow RSD with a source and a reason; the series follows', async () => {
      await admin.goto(`${harness.app.baseUrl}/#/uncertainty`);
      const general = admin.locator('[data-testid="uncertainty-general"]');
      await general.waitFor({ timeout: 30_000 });
      await expect.poll(() => general.locator('tbody tr').count()).toBe(6);
      expect(await general.locator('tr[data-setting="analytical|default|"]').textContent()).toMatch(
        /分析.*10 %.*Castiglioni.*系统默认/,
      );
      const sampling = admin.locator('[data-testid="uncertainty-sampling"]');
      expect(
        await sampling.locator('tr[data-setting="sampling|collection_type|grab"]').textContent(),
      ).toMatch(/瞬时样.*50 %/);
      await harness.screenshot(admin, 'uncertainty-defaults');

      const select = admin.locator('select[name="site"]');
      const siteId = await select.locator('option').nth(1).getAttribute('value');
      expect(siteId).toBeTruthy();
      await select.selectOption(siteId!);
      const siteTable = admin.locator('[data-testid="uncertainty-site"]');
      await siteTable.waitFor();
      const flowRow = siteTable.locator(`tr[data-setting="flow|site|${siteId}"]`);
      expect(await flowRow.textContent()).toContain('沿用默认值');
      await flowRow.getByRole('button', { name: '修改' }).click();
      const editor = siteTable.locator('[data-testid="uncertainty-editor"]');

      // Bad input gets the form's own message and sends nothing.
      for (const bad of ['-5', '1e309', 'abc', '250']) {
        await editor.locator('input[name="rsd"]').fill(bad);
        await editor.locator('textarea[name="reason"]').fill('核查');
        await editor.getByRole('button', { name: '保存' }).click();
        await expect.poll(() => editor.locator('.field-problem').first().textContent()).toContain('RSD 须为');
      }
      await harness.screenshot(admin, 'uncertainty-bad-rsd');
      expect((await seriesComponent(siteId!, 'flow')).rsd).toBe(0.1);

      await editor.locator('input[name="rsd"]').fill('25');
      await editor.locator('input[name="source"]').fill('厂方流量计 2024 年校准报告: 误差 ±25%');
      await editor.locator('textarea[name="reason"]').fill('现场核查流量计');
      await editor.getByRole('button', { name: '保存' }).click();
      await editor.locator('.form-done').waitFor();
      await expect.poll(() => flowRow.textContent()).toMatch(/25 %.*校准报告.*管理员设置/);
      await editor.locator('[data-testid="uncertainty-history"] tbody tr').first().waitFor();
      expect(await editor.locator('[data-testid="uncertainty-history"]').textContent()).toMatch(
        /系统默认 → 25 %.*现场核查流量计/,
      );
      await harness.screenshot(admin, 'uncertainty-site-flow-saved');
      expect(await seriesComponent(siteId!, 'flow')).toMatchObject({
        rsd: 0.25,
        source: expect.stringContaining('校准报告'),
      });

      // Back to the default, with a reason.
      await editor.locator('textarea[name="reason"]').fill('校准报告有误');
      await editor.getByRole('button', { name: '恢复默认' }).click();
      await expect.poll(() => flowRow.textContent()).toContain('沿用默认值');
      expect((await seriesComponent(siteId!, 'flow')).rsd).toBe(0.1);
    });

    it('sets an analyte’s stability RSD under its catalogue editor', async () => {
      await admin.goto(`${harness.app.baseUrl}/#/analytes`);
      const row = admin.locator('[data-testid="analytes-table"] tr[data-code="METH"]');
      await row.waitFor({ timeout: 30_000 });
      await row.getByRole('button', { name: /修改|Change/ }).click();
      const panel = admin.locator('[data-testid="uncertainty-analyte-panel"]');
      await panel.waitFor();
      const stability = panel.locator('tr[data-setting="stability|analyte|METH"]');
      await expect.poll(() => stability.textContent()).toMatch(/管网中稳定性.*5 %.*McCall/);
      expect(await panel.locator('tr[data-setting="excretion|analyte|METH"]').textContent()).toMatch(
        /25 %.*沿用默认值/,
      );
      await stability.getByRole('button', { name: '修改' }).click();
      const editor = panel.locator('[data-testid="uncertainty-editor"]');
      await editor.locator('input[name="rsd"]').fill('8');
      await editor.locator('textarea[name="reason"]').fill('本地管网温度较高');
      await editor.getByRole('button', { name: '保存' }).click();
      await expect.poll(() => stability.textContent()).toMatch(/8 %.*管理员设置/);
      await panel.scrollIntoViewIfNeeded();
      await harness.screenshot(admin, 'uncertainty-analyte-panel');
      const sites = await (await harness.app.client('analyst')).get('/api/sites');
      const withMeth = sites.body.features[0].properties.id;
      expect((await seriesComponent(String(withMeth), 'stability')).rsd).toBe(0.08);
    });

    it('reads in English, and fits a phone', async () => {
      await admin.goto(`${harness.app.baseUrl}/#/uncertainty`);
      await admin.locator('[data-testid="uncertainty-general"]').waitFor({ timeout: 30_000 });
      await admin.getByRole('button', { name: 'English' }).click();
      await expect.poll(() => admin.locator('h1').textContent()).toBe('Uncertainty components');
      const tables = await admin
        .locator('.uncertainty-screen thead, .uncertainty-screen h2')
        .allTextContents();
      expect(tables.join('|')).not.toMatch(/\p{Script=Han}/u);
      expect(
        await admin.locator('tr[data-setting="sampling|collection_type|composite_flow"]').textContent(),
      ).toMatch(/24-h flow-proportional composite.*10 %/);
      await harness.screenshot(admin, 'uncertainty-english');
      await admin.setViewportSize({ width: 390, height: 844 });
      await harness.screenshot(admin, 'uncertainty-phone-en');
      const overflow = await admin.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(1);
      await admin.setViewportSize({ width: 1440, height: 900 });
      await admin.getByRole('button', { name: '中文' }).click();
      await expect.poll(() => admin.locator('h1').textContent()).toBe('不确定度参数');
      await admin.setViewportSize({ width: 390, height: 844 });
      await harness.screenshot(admin, 'uncertainty-phone-zh');
      await admin.setViewportSize({ width: 1440, height: 900 });
    });
  });
}
