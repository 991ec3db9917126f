/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createUserIfMissing } from '../../../server/src/auth/users';
import { type BrowserHarness, waitForBackgroundWork } from '../../support/browser';
import { TEST_PASSWORD } from '../../support/test-app';

let harness: BrowserHarness;

/** A page of `username` at the desk's 1440 × 900, in `language` (kept across reloads). */
async function deskPage(username: string, language: 'zh-CN' | 'en'): Promise<Page> {
  const page = await harness.newPage(username);
  await page.context().addInitScript((lang) => localStorage.setItem('skywater.language', lang), language);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.reload();
  await page.locator('.main-menu').waitFor({ timeout: 60_000 });
  return page;
}

const officeIdOf = async (code: string) =>
  (await harness.app.db.query<{ id: number }>(`select id::int as id from offices where code = $1`, [code]))
    .rows[0]!.id;

/**
 * Registers this suite: the province's admin, who sees the cities below, chooses the office of a
 * new survey area (in Chinese), of a new campaign and of a new round (in English), each landing
 * in the office chosen; a city analyst who sees only their own office is not asked.
 */
export function officeChoiceSuite(harnessOf: () => BrowserHarness): void {
  describe('office choice on the areas and rounds screens', () => {
    beforeAll(async () => {
      harness = harnessOf();
      await waitForBackgroundWork(harness.app);
    }, 600_000);

    it('puts a survey area drawn by the province’s admin into the office chosen (zh-CN)', async () => {
      const admin = await deskPage('admin', 'zh-CN');
      await admin.goto(`${harness.app.baseUrl}/#/areas`);
      const form = admin.locator('[data-testid="area-form"]');
      const office = form.locator('select[name="officeId"]');
      await office.waitFor({ timeout: 60_000 });
      const options = await office.locator('option').allInnerTexts();
      const province = await harness.app.db.query<{ name_zh: string }>(
        `select name_zh from offices where parent_id is null`,
      );
      expect(options[0]).toBe(`本单位（${province.rows[0]!.name_zh}）`);
      expect(options).toContain('海口市禁毒委');
      await form.locator('input[name="name"]').fill('单位选择测试区');
      await form.locator('input[name="city"]').fill('海口市');
      await office.selectOption({ label: '海口市禁毒委' });
      await form.locator('input[name="shape-source"]').nth(2).check();
      await form
        .locator('textarea[name="vertices"]')
        .fill('110.30,20.00\n110.32,20.00\n110.32,20.02\n110.30,20.02');
      await harness.screenshot(admin, 'area-office-zh');
      await form.locator('button[type="submit"]').click();
      const row = admin.locator('[data-testid="areas-table"] tr[data-area="单位选择测试区"]');
      await row.waitFor({ timeout: 30_000 });
      const stored = await harness.app.db.query<{ office_id: number }>(
        `select office_id::int from survey_areas where name = '单位选择测试区'`,
      );
      expect(stored.rows).toEqual([{ office_id: await officeIdOf('haikou') }]);
      await harness.screenshot(admin, 'area-office-created-zh');
    });

    it('puts a campaign and a round into the office chosen, offering only that office’s campaigns (en)', async () => {
      const dongfang = await officeIdOf('dongfang');
      const admin = await deskPage('admin', 'en');
      await admin.goto(`${harness.app.baseUrl}/#/rounds`);
      await admin.locator('[data-testid="campaigns-table"] tbody tr').first().waitFor({ timeout: 60_000 });
      await admin.getByText('New campaign').click();
      const form = admin.locator('[data-testid="campaign-form"]');
      await form.locator('input[name="campaignName"]').fill('Dongfang plants quarterly');
      await form.locator('select[name="officeId"]').selectOption({ label: 'Dongfang' });
      // The areas offered are the chosen office's only (in whatever order the form lists them).
      const areaOptions = await form.locator('select[name="areaId"] option').allInnerTexts();
      const dongfangAreas = await harness.app.db.query<{ name: string }>(
        `select name from survey_areas where office_id = $1 and archived_at is null order by id`,
        [dongfang],
      );
      expect(areaOptions.slice(1).sort()).toEqual(dongfangAreas.rows.map((a) => a.name).sort());
      await form.getByRole('button', { name: 'Create campaign' }).click();
      await form.getByText('Campaign “Dongfang plants quarterly” created.').waitFor({ timeout: 30_000 });

      const roundForm = admin.locator('[data-testid="round-form"]');
      await roundForm.locator('select[name="officeId"]').selectOption({ label: 'Dongfang' });
      const dongfangCampaigns = await harness.app.db.query<{ name: string }>(
        `select name from campaigns where office_id = $1 order by id`,
        [dongfang],
      );
      // The campaigns are read again after the creation: the new one joins the list once they are.
      await expect
        .poll(
          async () =>
            (await roundForm.locator('select[name="campaignId"] option').allInnerTexts()).slice(1).sort(),
          { timeout: 30_000 },
        )
        .toEqual(dongfangCampaigns.rows.map((c) => c.name).sort());
      await roundForm.locator('input[name="name"]').fill('Dongfang 2026 Q1');
      await roundForm.locator('input[name="startsOn"]').fill('2026-01-01');
      await roundForm.locator('input[name="endsOn"]').fill('2026-03-31');
      await roundForm
        .locator('select[name="campaignId"]')
        .selectOption({ label: 'Dongfang plants quarterly' });
      await harness.screenshot(admin, 'round-office-en');
      await roundForm.getByRole('button', { name: 'Create round' }).click();
      await admin.getByText('Round “Dongfang 2026 Q1” created.').waitFor({ timeout: 30_000 });
      const stored = await harness.app.db.query<{ round_office: number; campaign_office: number }>(
        `select r.office_id::int as round_office, c.office_id::int as campaign_office
           from rounds r join campaigns c on c.id = r.campaign_id where r.name = 'Dongfang 2026 Q1'`,
      );
      expect(stored.rows).toEqual([{ round_office: dongfang, campaign_office: dongfang }]);
      await harness.screenshot(admin, 'round-office-created-en');
    });

    it('does not ask a city analyst who sees one office', async () => {
      await createUserIfMissing(harness.app.db, {
        username: 'dongfang-only',
        password: TEST_PASSWORD,
        roles: ['analyst'],
        officeId: await officeIdOf('dongfang'),
      });
      const analyst = await deskPage('dongfang-only', 'zh-CN');
      await analyst.goto(`${harness.app.baseUrl}/#/rounds`);
      await analyst.locator('[data-testid="round-form"] input[name="name"]').waitFor({ timeout: 60_000 });
      // The office list has loaded (one office) when the campaigns have.
      await analyst.locator('[data-testid="campaigns-table"] tbody tr').first().waitFor({ timeout: 60_000 });
      const offices = (await (await harness.app.client('dongfang-only')).get('/api/offices'))
        .body as unknown[];
      expect(offices).toHaveLength(1);
      expect(await analyst.locator('select[name="officeId"]').count()).toBe(0);
      await harness.screenshot(analyst, 'rounds-one-office-zh');
    });
  });
}
