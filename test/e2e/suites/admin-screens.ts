/// <reference lib="dom" />
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BrowserHarness, waitForBackgroundWork } from '../../support/browser';

const demoAreasFile = path.resolve(import.meta.dirname, '../../../samples/data/areas.geojson');
const newUser = { username: 'e2e-lab2', password: 'Sea-Breeze-2026' };

let harness: BrowserHarness;
let admin: Page;

async function setUp(shared: BrowserHarness): Promise<void> {
  harness = shared;
  await waitForBackgroundWork(harness.app);
  admin = await harness.newPage('admin');
  await admin.setViewportSize({ width: 1440, height: 900 });
}

/** The visible texts of the menu (drop-down entries included). */
async function menuTexts(page: Page): Promise<string[]> {
  return page.locator('.main-menu a, .main-menu summary').allTextContents();
}

/** Registers this suite; it runs on the harness `harnessOf` returns (shared by the e2e file). */
export function adminScreensSuite(harnessOf: () => BrowserHarness): void {
  describe('an admin manages accounts, the catalogue, areas and reads the audit log from the screens', () => {
    beforeAll(() => setUp(harnessOf()));

    it('the login page logs no console error', async () => {
      const page = await harness.newPage();
      const problems: string[] = [];
      page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
      page.on('pageerror', (error) => problems.push(error.message));
      await page.goto(`${harness.app.baseUrl}/`);
      await page.locator('input[name="username"]').waitFor();
      await page.locator('button[type="submit"]').waitFor();
      await harness.screenshot(page, 'login');
      expect(problems).toEqual([]);
    });

    it('shows the admin screens in a drop-down to admins only, in Chinese and English', async () => {
      await admin.goto(`${harness.app.baseUrl}/#/users`);
      await admin.locator('[data-testid="users-table"] tbody tr').first().waitFor({ timeout: 30_000 });
      await admin.locator('[data-testid="menu-group-admin"] summary').click();
      await harness.screenshot(admin, 'admin-menu-open');
      const zhMenu = await menuTexts(admin);
      for (const text of ['用户管理', '检测项目目录', '踏查区域', '审计日志', '系统管理', '化验'])
        expect(zhMenu.join('|')).toContain(text);
      await admin.getByRole('button', { name: 'English' }).click();
      await expect.poll(async () => (await menuTexts(admin)).join('|')).toContain('Users');
      const enMenu = (await menuTexts(admin)).join('|');
      for (const text of ['Analytes', 'Survey areas', 'Audit log', 'Admin', 'Lab'])
        expect(enMenu).toContain(text);
      expect(enMenu).not.toMatch(/\p{Script=Han}/u);
      await admin.getByRole('button', { name: '中文' }).click();
      await expect.poll(async () => (await menuTexts(admin)).join('|')).toContain('用户管理');

      for (const username of ['lab', 'analyst', 'pilot']) {
        const page = await harness.newPage(username);
        const texts = (await menuTexts(page)).join('|');
        expect(texts).not.toContain('用户管理');
        expect(texts).not.toContain('审计日志');
        await page.goto(`${harness.app.baseUrl}/#/users`);
        // A forbidden screen opens the user's first allowed one instead.
        await expect.poll(() => page.evaluate(() => location.hash)).not.toBe('#/users');
        if (username === 'lab') {
          expect(texts).toContain('导入记录');
          expect(texts).toContain('结果更正');
          expect(texts).toContain('监测轮次');
        }
        await page.context().close();
      }
    });

    it('creates a user (own messages, no browser bubbles), changes roles, disables it; the sessions end', async () => {
      await admin.goto(`${harness.app.baseUrl}/#/users`);
      const form = admin.locator('[data-testid="new-user-form"]');
      await form.waitFor();
      expect(await form.evaluate((element) => (element as HTMLFormElement).noValidate)).toBe(true);
      await form.getByRole('button', { name: '建立账号' }).click();
      await form.locator('[data-testid="problem-username"]').waitFor();
      expect(await form.locator('[data-testid="problem-roles"]').innerText()).toBe('请至少选择一个角色。');
      await harness.screenshot(admin, 'users-form-problems');

      await form.locator('input[name="username"]').fill(newUser.username);
      await form.locator('input[name="displayName"]').fill('第二化验员');
      await form.locator('input[name="password"]').fill(newUser.password);
      await form.getByLabel('化验室').check();
      await form.getByRole('button', { name: '建立账号' }).click();
      const row = admin.locator(`[data-testid="users-table"] tr[data-username="${newUser.username}"]`);
      await row.waitFor({ timeout: 30_000 });
      expect(await row.innerText()).toContain('化验室');

      // The new user logs in; a change of roles then ends that session.
      const user = await harness.app.client();
      await user.login(newUser.username, newUser.password);
      expect((await user.get('/api/auth/me')).status).toBe(200);
      await row.getByRole('button', { name: '修改' }).click();
      const editor = admin.locator('[data-testid="user-editor"]');
      await editor.getByLabel('研判分析').check();
      await editor.locator('[data-testid="save-roles"]').click();
      await editor.getByText('角色已保存').waitFor({ timeout: 30_000 });
      await expect.poll(async () => row.innerText()).toContain('研判分析');
      expect((await user.get('/api/auth/me')).status).toBe(401);
      await harness.screenshot(admin, 'users-roles-changed');

      await editor.locator('[data-testid="toggle-disabled"]').click();
      await editor.getByText('账号已停用').waitFor({ timeout: 30_000 });
      await expect.poll(async () => row.innerText()).toContain('已停用');
      const again = await harness.app.client();
      expect((await again.request('POST', '/api/auth/login', newUser)).status).not.toBe(200);
      await harness.screenshot(admin, 'users-disabled');
    });

    it('shows a form as pending while it is sent, sends it once however fast it is clicked, then clears it', async () => {
      await admin.goto(`${harness.app.baseUrl}/#/users`);
      const form = admin.locator('[data-testid="new-user-form"]');
      await form.waitFor();
      await form.locator('input[name="username"]').fill('e2e-once');
      await form.locator('input[name="password"]').fill('Sea-Breeze-2026');
      await form.getByLabel('化验室').check();
      // The reply is held until the pending state has been seen on screen.
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let posts = 0;
      await admin.route('**/api/users', async (route) => {
        if (route.request().method() !== 'POST') return route.continue();
        posts++;
        await held;
        await route.continue();
      });
      // Two clicks in one task: the second reaches the handler before React renders the button disabled.
      await form.locator('button[type="submit"]').evaluate((button: HTMLButtonElement) => {
        button.click();
        button.click();
      });
      const submit = form.locator('button[type="submit"]');
      await expect.poll(() => submit.innerText()).toBe('正在提交…');
      expect(await submit.isDisabled()).toBe(true);
      await harness.screenshot(admin, 'users-form-pending');
      release();
      await admin
        .locator('[data-testid="users-table"] tr[data-username="e2e-once"]')
        .waitFor({ timeout: 30_000 });
      await admin.unroute('**/api/users');
      expect(posts).toBe(1);
      expect(await form.locator('[data-testid="api-problem"]').count()).toBe(0);
      expect(await submit.innerText()).toBe('建立账号');
      // Created: the form is emptied for the next account.
      expect(await form.locator('input[name="username"]').inputValue()).toBe('');
      expect(await form.locator('input[name="password"]').inputValue()).toBe('');
      const stored = (await (await harness.app.client('admin')).get('/api/users')).body as {
        username: string;
      }[];
      expect(stored.filter((user) => user.username === 'e2e-once')).toHaveLength(1);
    });

    it('shows the server’s refusal when the last admin would take away its own role', async () => {
      const accounts = (await (await harness.app.client('admin')).get('/api/users')).body as {
        username: string;
        roles: string[];
        disabled: boolean;
      }[];
      expect(accounts.filter((a) => a.roles.includes('admin') && !a.disabled).map((a) => a.username)).toEqual(
        ['admin'],
      );
      const row = admin.locator('[data-testid="users-table"] tr[data-username="admin"]');
      await row.getByRole('button', { name: '修改' }).click();
      const editor = admin.locator('[data-testid="user-editor"]');
      await editor.getByLabel('研判分析').check();
      await editor.getByLabel('管理员').uncheck();
      await editor.locator('[data-testid="save-roles"]').click();
      const problem = editor.locator('[data-testid="api-problem"]');
      await problem.waitFor({ timeout: 30_000 });
      expect(await problem.getAttribute('data-code')).toBe('last_admin');
      expect(await problem.innerText()).toContain('最后一个启用的管理员');
      await harness.screenshot(admin, 'users-last-admin-refused');
      expect((await (await harness.app.client('admin')).get('/api/users')).status).toBe(200);
    });

    it('edits an analyte with a reason and sees the change in its history', async () => {
      await admin.goto(`${harness.app.baseUrl}/#/analytes`);
      const row = admin.locator('[data-testid="analytes-table"] tr[data-code="KET"]');
      await row.waitFor({ timeout: 30_000 });
      await row.getByRole('button', { name: '修改' }).click();
      const editor = admin.locator('[data-testid="analyte-editor"]');
      await editor.locator('input[name="source"]').fill('Castiglioni et al. 2013; checked by e2e');
      await editor.getByRole('button', { name: '保存修改' }).click();
      // No reason: refused on screen, nothing sent.
      await editor.getByText('请填写理由。').waitFor();
      await editor.locator('textarea[name="reason"]').fill('核对文献来源');
      await editor.getByRole('button', { name: '保存修改' }).click();
      await editor.locator('[data-testid="analyte-history"] tbody tr').first().waitFor({ timeout: 30_000 });
      expect(await editor.locator('[data-testid="analyte-history"]').innerText()).toContain('核对文献来源');
      await editor.locator('[data-testid="analyte-history"]').scrollIntoViewIfNeeded();
      await harness.screenshot(admin, 'analyte-edited-history');

      // The priority flag (重点关注): set with a reason, kept in the history, then set back.
      const priority = editor.locator('input[name="priority"]');
      expect(await editor.locator('label:has(input[name="priority"])').textContent()).toContain('重点关注');
      expect(await priority.isChecked()).toBe(false);
      for (const [checked, reason, after] of [
        [true, '本地预警：氯胺酮混合物', '重点关注: 否 → 是'],
        [false, '预警解除', '重点关注: 是 → 否'],
      ] as const) {
        await priority.setChecked(checked);
        await editor.locator('textarea[name="reason"]').fill(reason);
        await editor.getByRole('button', { name: '保存修改' }).click();
        await editor
          .locator('[data-testid="analyte-history"]', { hasText: reason })
          .waitFor({ timeout: 30_000 });
        expect(await editor.locator('[data-testid="analyte-history"]').innerText()).toContain(after);
        const api = (await (await harness.app.client('admin')).get('/api/analytes')).body as {
          code: string;
          priority: boolean;
        }[];
        expect(api.find((a) => a.code === 'KET')?.priority).toBe(checked);
      }
      await harness.screenshot(admin, 'analyte-priority-history');
    });

    it('previews an uploaded GeoJSON and creates a survey area from typed vertices', async () => {
      await admin.goto(`${harness.app.baseUrl}/#/areas`);
      // Drawing on the map is offered first; a file is the second way.
      await admin.getByLabel('上传文件（GeoJSON / KML）').check();
      await admin.locator('[data-testid="area-file-input"]').setInputFiles(demoAreasFile);
      await admin.locator('[data-testid="area-outline"]').waitFor({ timeout: 30_000 });
      expect(await admin.locator('.areas-screen__preview').innerText()).toMatch(/km²/);
      await harness.screenshot(admin, 'areas-file-preview');

      await admin.getByLabel('逐点输入').check();
      await admin
        .locator('textarea[name="vertices"]')
        .fill('110.30, 20.00\n110.36, 20.00\n110.36, 20.05\n110.30, 20.05');
      await admin.locator('input[name="name"]').fill('美兰区补充航测区');
      await admin.locator('input[name="city"]').fill('海口市');
      await admin.getByRole('button', { name: '建立区域' }).click();
      await admin.getByText('已建立踏查区域“美兰区补充航测区”').waitFor({ timeout: 30_000 });
      await admin.locator('[data-testid="areas-table"]', { hasText: '美兰区补充航测区' }).waitFor();
      await harness.screenshot(admin, 'areas-created');
    });

    it('filters the audit log by entity and action and downloads the same as CSV', async () => {
      await admin.goto(`${harness.app.baseUrl}/#/audit`);
      // Unfiltered: the scoring's raised alerts are named (生成, 首次检出…), not shown as stored codes.
      const raised = admin.locator('[data-testid="audit-table"] tr[data-action="raise"]');
      await raised.first().waitFor({ timeout: 30_000 });
      expect(await raised.first().locator('td').nth(2).innerText()).toBe('生成');
      const kinds = (await (await harness.app.client('admin')).get('/api/audit?entity=alert&action=raise'))
        .body as { after: { kind: string } }[];
      expect(kinds.length).toBeGreaterThan(0);
      const shownText = await admin.locator('[data-testid="audit-table"] tbody').innerText();
      for (const kind of new Set(kinds.map((entry) => entry.after.kind)))
        expect(shownText).not.toContain(kind);
      expect(shownText).not.toMatch(/\b(raise|all_or_nothing)\b/);
      // Nor a finding's status or outcome, a log's coordinate system, an instant as stored, or a
      // finding's place or evidence as GeoJSON and records.
      expect(shownText).not.toMatch(
        /\b(suspected|rejected|not_found|wgs84)\b|\d{4}-\d{2}-\d{2}T\d{2}|"(coordinates|imageId)"/,
      );
      // Every changed field by its Chinese name (角色, 原因), never its key (roles, revisionId).
      const changes = await admin.locator('[data-testid="audit-table"] .audit-table__change').allInnerTexts();
      expect(changes.length).toBeGreaterThan(0);
      const rawField = /(^|\n)[A-Za-z][\w ]*: /;
      expect(changes.filter((text) => rawField.test(text))).toEqual([]);
      // Each time on one line, and the list uses the desk's height (not a box of three rows).
      const timeLines = await admin
        .locator('[data-testid="audit-table"] tbody time')
        .evaluateAll((times) => Math.max(...times.map((time) => time.getClientRects().length)));
      expect(timeLines).toBe(1);
      const box = await admin.locator('.audit-screen .table-scroll').boundingBox();
      expect(box!.height).toBeGreaterThan(550);
      await harness.screenshot(admin, 'audit-unfiltered');
      const filters = admin.locator('[data-testid="audit-filters"]');
      const table = admin.locator('[data-testid="audit-table"]');
      /** Filters the log and waits until only `entity`'s rows are listed (the answer replaced the list). */
      const filterTo = async (entity: string, action: string) => {
        await filters.locator('select[name="entity"]').selectOption(entity);
        await filters.locator('select[name="action"]').selectOption(action);
        await filters.getByRole('button', { name: '筛选' }).click();
        await expect
          .poll(
            async () =>
              new Set(
                await table
                  .locator('tbody tr')
                  .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-entity'))),
              ),
            { timeout: 30_000 },
          )
          .toEqual(new Set([entity]));
      };
      // The unfiltered list has user rows too: the wait is for the filtered answer.
      await filterTo('user', 'update');
      expect(await table.innerText()).toContain(newUser.username);
      await harness.screenshot(admin, 'audit-filtered');
      const href = await admin.locator('[data-testid="audit-csv"]').getAttribute('href');
      expect(href).toContain('entity=user');
      const csv = await admin.evaluate(async (url) => (await fetch(url!)).text(), href);
      expect(csv.split('\r\n')[0]).toContain('id,at,officeId,actor,action,entity');
      expect(csv).toContain(newUser.username);

      // The findings the teams recorded (earlier suites): each place as the finding screens say it
      // (a position, or a plot by its area and vertices) and its photos by name, never as GeoJSON.
      await filterTo('finding', 'create');
      const findingsText = await table.innerText();
      expect(findingsText).toMatch(/几何位置: (\d+\.\d+°N \d+\.\d+°E|多边形，)/);
      expect(findingsText).not.toMatch(/"(type|coordinates|imageId|sha256)"/);
      await harness.screenshot(admin, 'audit-findings');
    });

    it('on a phone (390 × 844) the header stays short, the menu items stay on one line, the map shows above its panel', async () => {
      const phone = await harness.newPage('admin');
      await phone.setViewportSize({ width: 390, height: 844 });
      await phone.goto(`${harness.app.baseUrl}/#/map`);
      await phone.waitForFunction(() => performance.getEntriesByName('map-ready').length > 0, undefined, {
        timeout: 120_000,
      });
      const header = await phone.locator('.app-header').boundingBox();
      expect(header!.height).toBeLessThan(110);
      // Each menu item on one line: no taller than a line of text and its padding.
      const itemHeights = await phone
        .locator('.main-menu > ul > li > a, .main-menu summary')
        .evaluateAll((items) => items.map((item) => item.getBoundingClientRect().height));
      expect(Math.max(...itemHeights)).toBeLessThan(45);
      const map = await phone.locator('.map-screen__map').boundingBox();
      const panel = await phone.locator('.map-screen__panel').boundingBox();
      expect(map!.height).toBeGreaterThan(350);
      expect(map!.y).toBeLessThan(panel!.y);
      await harness.screenshot(phone, 'phone-map');
      await phone.context().close();
    });

    it('in English, the alerts table names analytes in English', async () => {
      await admin.evaluate(() => localStorage.setItem('skywater.language', 'en'));
      await admin.goto(`${harness.app.baseUrl}/#/alerts?status=open&view=list`);
      await admin.reload();
      await admin.locator('[data-testid="alerts-table"] tbody tr').first().waitFor({ timeout: 60_000 });
      const analytes = await admin
        .locator('[data-testid="alerts-table"] tbody tr td[data-col="analyte"]')
        .allInnerTexts();
      expect(analytes.length).toBeGreaterThan(0);
      for (const name of analytes) expect(name).not.toMatch(/\p{Script=Han}/u);
      await harness.screenshot(admin, 'alerts-english');
      await admin.evaluate(() => localStorage.setItem('skywater.language', 'zh-CN'));
    });
  });
}
