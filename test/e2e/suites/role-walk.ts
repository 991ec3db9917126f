/// <reference lib="dom" />
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createUserIfMissing } from '../../../server/src/auth/users';
import { screens } from '../../../web/src/navigation/screens';
import { type BrowserHarness, waitForBackgroundWork } from '../../support/browser';
import { TEST_PASSWORD } from '../../support/test-app';

/** Where the walk's screenshots go, to be looked at (one per user, language, width and screen). */
const shotsDir = path.resolve(import.meta.dirname, '../../../../shots/screens');

let harness: BrowserHarness;

type Language = 'zh-CN' | 'en';
interface Walk {
  username: string;
  languages: Language[];
  widths: (1440 | 390)[];
}

/** Every role, and two office accounts; a phone where the role works in the field or reads. */
const walks: Walk[] = [
  { username: 'admin', languages: ['zh-CN', 'en'], widths: [1440, 390] },
  { username: 'analyst', languages: ['zh-CN', 'en'], widths: [1440, 390] },
  { username: 'lab', languages: ['zh-CN', 'en'], widths: [1440, 390] },
  { username: 'pilot', languages: ['zh-CN', 'en'], widths: [1440, 390] },
  { username: 'haikou-lab', languages: ['zh-CN'], widths: [1440] },
  { username: 'dongfang-pilot', languages: ['zh-CN'], widths: [390] },
];

/** An i18n key on screen instead of its text ("findings.totals.title"). */
const rawKey =
  /\b(common|findings|coverage|surveyMap|fieldWork|audit|forms|labImports|labUpload|labResults|rounds|alerts|map|reports|province|users|analytes|areas|menu|corrections|terrain|basemap|uncertainty|plausibility)\.[a-zA-Z_]+(\.[a-zA-Z_]+)*\b/;

async function pageFor(username: string, language: Language, width: 1440 | 390): Promise<Page> {
  const page = await harness.newPage();
  await page.context().addInitScript((lang) => localStorage.setItem('skywater.language', lang), language);
  await page.setViewportSize(width === 1440 ? { width: 1440, height: 900 } : { width: 390, height: 844 });
  await harness.login(page, username);
  return page;
}

/** What is wrong on the screen shown, as a reader would say it; empty when nothing is. */
async function problemsOn(page: Page, language: Language, width: number): Promise<string[]> {
  const problems: string[] = [];
  const text = await page.locator('body').innerText();
  const key = text.match(rawKey);
  if (key) problems.push(`raw text key "${key[0]}"`);
  if (/\bundefined\b|\bNaN\b|\[object Object\]/.test(text)) problems.push('undefined/NaN on screen');
  // The page itself never scrolls sideways on a phone (tables scroll in their own frames).
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (width === 390 && overflow > 1) problems.push(`page ${overflow} px wider than the phone`);
  // Every menu entry whole on the screen: none cut at the phone's edge (nor scrolled out of sight).
  const cut = await page.locator('.main-menu a, .main-menu summary').evaluateAll((items) =>
    items
      // Shown ones only (not those of a closed drop-down group).
      .filter((item) => item.checkVisibility())
      .filter((item) => {
        const box = item.getBoundingClientRect();
        return box.left < 0 || box.right > window.innerWidth + 0.5;
      })
      .map((item) => item.textContent ?? ''),
  );
  if (cut.length > 0) problems.push(`menu entries cut at the screen's edge: ${cut.join(', ')}`);
  // The survey map's gaps table fits its panel on a desk (it scrolled sideways in English).
  if (width === 1440) {
    const sideways = await page
      .locator('.survey-map__panel .table-scroll')
      .evaluateAll((frames) => frames.map((frame) => frame.scrollWidth - frame.clientWidth));
    if (sideways.some((extra) => extra > 1))
      problems.push(`gaps table scrolls sideways by ${sideways.join(', ')} px`);
  }
  if (language === 'en') {
    // The language switch names the other language in its own words ("中文"): not a problem.
    const chrome = (await page.locator('.app-header, h1').allInnerTexts()).join(' ').replaceAll('中文', '');
    if (/\p{Script=Han}/u.test(chrome)) problems.push(`Chinese in the English header or title: ${chrome}`);
  }
  return problems;
}

/**
 * Registers this suite: every screen each role's menu offers, in Chinese and English, on a desk
 * (1440 × 900) and a phone (390 × 844), screenshots kept; then the fixes a user would check.
 * Runs last but one (after the other suites' data is in).
 */
export function roleWalkSuite(harnessOf: () => BrowserHarness): void {
  describe('each role walks through every screen, on a desk and a phone, in Chinese and English', () => {
    beforeAll(async () => {
      harness = harnessOf();
      await waitForBackgroundWork(harness.app);
      fs.mkdirSync(shotsDir, { recursive: true });
      for (const [username, role, office] of [
        ['haikou-lab', 'lab', 'haikou'],
        ['dongfang-pilot', 'pilot', 'dongfang'],
      ] as const) {
        const { rows } = await harness.app.db.query<{ id: number }>(
          `select id::int as id from offices where code = $1`,
          [office],
        );
        await createUserIfMissing(harness.app.db, {
          username,
          password: TEST_PASSWORD,
          roles: [role],
          officeId: rows[0]!.id,
        });
      }
    }, 600_000);

    for (const walk of walks)
      it(`${walk.username}: no raw keys, no page wider than a phone, the header in the reader's language`, async () => {
        const found: string[] = [];
        for (const language of walk.languages)
          for (const width of walk.widths) {
            const page = await pageFor(walk.username, language, width);
            const offered = await page
              .locator('.main-menu a[href^="#/"]')
              .evaluateAll((links) => links.map((link) => link.getAttribute('href')!));
            expect(offered.length).toBeGreaterThan(0);
            for (const href of offered) {
              await page.goto(`${harness.app.baseUrl}/${href}`);
              await page.locator('h1').first().waitFor({ state: 'attached', timeout: 30_000 });
              // Loaded: no "loading" line left (a map may still draw; the screenshot shows it).
              await page
                .locator('[role="status"].screen-loading')
                .first()
                .waitFor({ state: 'detached', timeout: 30_000 })
                .catch(() => undefined);
              await page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => undefined);
              const screen = href.replace(/^#\//, '').replace(/\//g, '-') || 'home';
              await page.screenshot({
                path: path.join(shotsDir, `${walk.username}-${language}-${width}-${screen}.png`),
              });
              for (const problem of await problemsOn(page, language, width))
                found.push(`${language} ${width} ${href}: ${problem}`);
            }
            // Only the screens the role may open are offered (a 403 behind a menu entry is a dead end).
            const role = walk.username.split('-').at(-1)!;
            const allowed = screens.filter((s) => s.roles.some((r) => r === role)).map((s) => `#${s.path}`);
            for (const href of offered) expect(allowed, href).toContain(href);
            await page.context().close();
          }
        expect(found).toEqual([]);
      }, 900_000);

    it('a pilot’s findings: the list, the totals and their titles agree on whose findings they are; a new one starts as "ground"', async () => {
      const page = await pageFor('dongfang-pilot', 'zh-CN', 390);
      await page.goto(`${harness.app.baseUrl}/#/findings`);
      await page.getByRole('heading', { name: '我记录的疑似地块' }).waitFor({ timeout: 30_000 });
      await page.getByRole('heading', { name: '各调查区汇总（我记录的发现）' }).waitFor();
      // Nothing recorded yet: the list and the totals both say so, and the office's count is given.
      await page.locator('.findings-list tfoot', { hasText: '你还没有记录疑似地块。' }).waitFor();
      await page
        .locator('[data-testid="findings-totals"] tfoot', { hasText: '你还没有记录疑似地块。' })
        .waitFor();
      const officeTotals = (await (await harness.app.client('dongfang-pilot')).get('/api/findings/totals'))
        .body as { byStatus: Record<string, number> }[];
      const officeCount = officeTotals.reduce(
        (sum, line) => sum + Object.values(line.byStatus).reduce((a, b) => a + b, 0),
        0,
      );
      await expect
        .poll(() => page.locator('[data-testid="findings-office-count"]').textContent())
        .toContain(`本单位共有 ${officeCount} 个发现`);
      expect(await page.locator('form.finding-form select[name="source"]').inputValue()).toBe('ground');
      expect(await page.locator('form.finding-form select[name="source"] option').allTextContents()).toEqual([
        '人工判读',
        '模型识别',
        '实地发现',
      ]);
      await page.locator('[data-testid="findings-totals"]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(shotsDir, 'fix-pilot-findings-totals-390.png') });
      // An analyst reads the office's findings and starts on "analyst".
      const analyst = await pageFor('analyst', 'zh-CN', 1440);
      await analyst.goto(`${harness.app.baseUrl}/#/findings`);
      await analyst
        .getByRole('heading', { name: '各调查区汇总（本单位全部发现）' })
        .waitFor({ timeout: 30_000 });
      expect(await analyst.locator('form.finding-form select[name="source"]').inputValue()).toBe('analyst');
      expect(await analyst.locator('[data-testid="findings-office-count"]').count()).toBe(0);
      await page.context().close();
      await analyst.context().close();
    });

    it('the login form sends once however often it is submitted, and says a refusal in English', async () => {
      const page = await harness.newPage();
      await page.context().addInitScript(() => localStorage.setItem('skywater.language', 'en'));
      await page.goto(harness.app.baseUrl);
      const logins: string[] = [];
      page.on('request', (request) => {
        if (request.url().endsWith('/api/auth/login')) logins.push(request.method());
      });
      await page.locator('input[name="username"]').fill('nobody-here');
      await page.locator('input[name="password"]').fill('not-the-password');
      // Two submissions in one go (a double Enter before the button is disabled).
      await page.locator('form').evaluate((form: HTMLFormElement) => {
        form.requestSubmit();
        form.requestSubmit();
      });
      await expect
        .poll(() => page.locator('.form-problem').textContent(), { timeout: 30_000 })
        .toBe('Wrong user name or password.');
      expect(logins).toEqual(['POST']);
      await page.screenshot({ path: path.join(shotsDir, 'fix-login-refused-en.png') });
      await page.context().close();
    });

    it('the audit log shows the new LOQ of a "<LOQ" correction, its date fields written 2026-03-10 in either language', async () => {
      const { rows } = await harness.app.db.query<{ id: number }>(
        `select m.id::int as id from measurements m join samples s on s.id = m.sample_id
           join sites st on st.id = s.site_id
         where m.qualifier = '<LOQ' and m.loq_ng_l is not null and not st.restricted
         order by m.id limit 1`,
      );
      const lab = await harness.app.client('lab');
      const corrected = await lab.post(`/api/measurements/${rows[0]!.id}/corrections`, {
        value: 7.5,
        qualifier: '<LOQ',
        reason: '方法重新验证后的定量限',
      });
      expect(corrected.status).toBe(201);
      for (const language of ['zh-CN', 'en'] as const) {
        const page = await pageFor('admin', language, 1440);
        await page.goto(`${harness.app.baseUrl}/#/audit`);
        const filters = page.locator('[data-testid="audit-filters"]');
        const from = filters.locator('input[name="from"]');
        expect(await from.getAttribute('type')).toBe('text');
        expect(await from.getAttribute('placeholder')).toContain('2026-03-10');
        await filters.locator('select').first().selectOption('measurement');
        await from.fill('2020-01-01');
        expect(await from.inputValue()).toBe('2020-01-01');
        await filters.getByRole('button', { name: language === 'en' ? 'Filter' : '筛选' }).click();
        const row = page.locator('[data-testid="audit-table"] tr[data-entity="measurement"]').first();
        await expect
          .poll(() => row.locator('.audit-table__change').textContent(), { timeout: 30_000 })
          .toContain('<LOQ (7.5 ng/L)');
        // The time column as the date fields take it, 2026-03-10 14:30, in either language.
        expect(await row.locator('time').textContent()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
        // Every field by its name in the interface language, never its key ("reason", "revisionId").
        const changeText = await row.locator('.audit-table__change').innerText();
        expect(changeText).toContain(language === 'en' ? 'Reason: ' : '原因: ');
        expect(changeText).toContain(language === 'en' ? 'Revision id: ' : '修订编号: ');
        const allChanges = await page
          .locator('[data-testid="audit-table"] .audit-table__change')
          .allInnerTexts();
        const rawField = /(^|\n)([a-z]+[A-Z0-9]\w*|[a-z]+(_[a-z]+)*): /;
        expect(allChanges.filter((text) => rawField.test(text))).toEqual([]);
        await page.screenshot({ path: path.join(shotsDir, `fix-audit-loq-${language}.png`) });
        await page.context().close();
      }
    });
  });
}
