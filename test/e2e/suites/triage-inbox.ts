/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserHarness, waitForBackgroundWork } from '../../support/browser';

let harness: BrowserHarness;
let analyst: Page;

const wide = { width: 1440, height: 900 };
const phone = { width: 390, height: 844 };
/** Marks the copies this suite adds to make the inbox dense; they are dismissed at the end. */
const denseMark = 'e2e-dense';

interface ApiAlert {
  id: number;
  kind: string;
  siteId: number;
  siteCode: string;
  analyte: string;
  roundId: number;
  severity: string;
  status: string;
  assigneeName: string | null;
  sampleCollectedStart: string | null;
  load: { field: string; value: number; lower95: number | null; upper95: number | null } | null;
}

const inbox = (query = 'status=open&view=list') => `${harness.app.baseUrl}/#/alerts?${query}`;
/** Opens the inbox at `query` afresh: a new hash alone keeps the screen (and what it unfolded). */
async function openInbox(page: Page, query?: string): Promise<void> {
  await page.goto(inbox(query));
  await page.reload();
}
const rows = (page: Page) => page.locator('[data-testid="alerts-table"] tbody tr[data-alert-id]');
const apiAlerts = async (query = 'status=open'): Promise<ApiAlert[]> =>
  (await (await harness.app.client('analyst')).get(`/api/alerts?${query}`)).body as ApiAlert[];

/**
 * Takes the shared harness once the background work is done; makes the inbox as dense as a busy
 * week's (each open inbox alert copied twice under its own condition), with one alert carrying
 * an implausibly huge stored value.
 */
async function setUp(shared: BrowserHarness): Promise<void> {
  harness = shared;
  await waitForBackgroundWork(harness.app);
  await harness.app.db.query(
    `insert into alerts (kind, condition_key, site_id, analyte_code, round_id, severity, detail)
     select a.kind, a.condition_key || ':${denseMark}-' || g, a.site_id, a.analyte_code, a.round_id, a.severity,
            case when g = 1 and a.kind = 'first_detection'
                 then a.detail || '{"valueNgL": 9.9e49, "loadMgPerDay": 9.9e49}'::jsonb else a.detail end
       from alerts a cross join generate_series(1, 2) g
      where a.status = 'open' and a.severity <> 'low'`,
  );
  analyst = await harness.newPage('analyst');
  await analyst.setViewportSize(wide);
}

/** Registers this suite; it runs on the harness `harnessOf` returns (shared by the e2e file). */
export function triageInboxSuite(harnessOf: () => BrowserHarness): void {
  describe('the triage inbox', () => {
    beforeAll(() => setUp(harnessOf()));
    afterAll(async () => {
      // The copies leave the store as they came: dismissed, with a reason.
      await harness.app.db.query(
        `update alerts set status = 'dismissed' where condition_key like '%:${denseMark}-%'`,
      );
    });

    it('shows at least 15 alerts at 1440 × 900 in one-line rows; a huge number never widens the table', async () => {
      expect((await apiAlerts()).length).toBeGreaterThanOrEqual(15);
      await openInbox(analyst);
      await rows(analyst).nth(14).waitFor({ timeout: 60_000 });
      const visible = await rows(analyst).evaluateAll(
        (trs, height) => trs.filter((tr) => tr.getBoundingClientRect().bottom <= height).length,
        wide.height,
      );
      expect(visible).toBeGreaterThanOrEqual(15);
      // The copy with 9.9 × 10⁴⁹ ng/L is in the list: the table still fits its column.
      const widths = await analyst.locator('.alerts-table__scroll').evaluate((wrapper) => ({
        table: wrapper.querySelector('table')!.scrollWidth,
        wrapper: wrapper.clientWidth,
      }));
      expect(widths.table).toBeLessThanOrEqual(widths.wrapper);
      // Its sentence is longer than its cell: cut there, whole on hover.
      const cut = await analyst
        .locator('td[data-col="detail"]')
        .evaluateAll((cells) => cells.filter((cell) => cell.scrollWidth > cell.clientWidth).length);
      expect(cut).toBeGreaterThan(0);
      await harness.screenshot(analyst, 'inbox-dense-1440');
    });

    it('counts the open alerts by kind and severity; a count filters the inbox to exactly that many', async () => {
      await openInbox(analyst);
      const counts = analyst.locator('[data-testid="inbox-counts"]');
      await counts.waitFor({ timeout: 60_000 });
      const summary = (await (await harness.app.client('analyst')).get('/api/alerts/summary')).body as {
        open: number;
        openByKindAndSeverity: Record<string, Record<string, number>>;
      };
      expect(Number(await counts.locator('[data-count-kind=""]').getAttribute('data-count'))).toBe(
        summary.open,
      );
      const [kind, bySeverity] = Object.entries(summary.openByKindAndSeverity)[0]!;
      const severity = Object.keys(bySeverity)[0]!;
      const button = counts.locator(`button[data-count-kind="${kind}"][data-count-severity="${severity}"]`);
      expect(Number(await button.getAttribute('data-count'))).toBe(bySeverity[severity]);
      await button.click();
      await analyst.waitForFunction(
        ([k, s]) => location.hash.includes(`kind=${k}`) && location.hash.includes(`severity=${s}`),
        [kind, severity],
      );
      await expect.poll(async () => rows(analyst).count(), { timeout: 30_000 }).toBe(bySeverity[severity]);
      for (const row of await rows(analyst).all())
        expect(await row.getAttribute('data-alert-kind')).toBe(kind);
      expect(await button.getAttribute('aria-pressed')).toBe('true');
      await harness.screenshot(analyst, 'inbox-count-filter');
    });

    it('keeps the filter across visits: in the address, and in the browser when the menu reopens it', async () => {
      await openInbox(analyst, 'status=open&view=list&severity=high');
      await analyst.locator('[data-testid="alerts-severity-filter"]').waitFor();
      expect(await analyst.locator('[data-testid="alerts-severity-filter"]').inputValue()).toBe('high');
      await analyst.locator('[data-testid="alerts-kind-filter"]').selectOption('first_detection');
      await analyst.waitForFunction(() => location.hash.includes('kind=first_detection'));
      await analyst.goto(`${harness.app.baseUrl}/#/map`);
      await analyst.locator('.main-menu a[href="#/alerts"]').click();
      await analyst.locator('[data-testid="alerts-table"]').waitFor({ timeout: 60_000 });
      expect(await analyst.locator('[data-testid="alerts-kind-filter"]').inputValue()).toBe(
        'first_detection',
      );
      expect(await analyst.locator('[data-testid="alerts-severity-filter"]').inputValue()).toBe('high');
      await analyst.reload();
      await analyst.locator('[data-testid="alerts-table"]').waitFor({ timeout: 60_000 });
      expect(await analyst.locator('[data-testid="alerts-kind-filter"]').inputValue()).toBe(
        'first_detection',
      );
      for (const row of await rows(analyst).all())
        expect(await row.getAttribute('data-alert-kind')).toBe('first_detection');
    });

    it('folds each site’s alerts into one row that unfolds', async () => {
      await openInbox(analyst, 'status=open');
      const siteRows = analyst.locator('[data-testid="alerts-table"] tbody tr.alerts-table__site');
      await siteRows.first().waitFor({ timeout: 60_000 });
      const open = await apiAlerts();
      expect(await siteRows.count()).toBe(new Set(open.map((alert) => alert.siteId)).size);
      expect(await rows(analyst).count()).toBe(0);
      const first = siteRows.first();
      const siteKey = await first.getAttribute('data-site-key');
      await first.locator('[data-testid="site-expand"]').click();
      const ofSite = open.filter((alert) => String(alert.siteId) === siteKey);
      await expect.poll(async () => rows(analyst).count(), { timeout: 30_000 }).toBe(ofSite.length);
      for (const row of await rows(analyst).all())
        expect(await row.getAttribute('data-site-id')).toBe(siteKey);
      await harness.screenshot(analyst, 'inbox-site-unfolded');
    });

    it('dismisses several alerts at once with one reason', async () => {
      await openInbox(analyst);
      await rows(analyst).first().waitFor({ timeout: 60_000 });
      const copies = (
        await harness.app.db.query<{ id: number }>(
          `select id from alerts where condition_key like '%:${denseMark}-2' and status = 'open' order by id limit 3`,
        )
      ).rows.map((row) => String(row.id));
      expect(copies).toHaveLength(3);
      for (const id of copies)
        await analyst.locator(`tr[data-alert-id="${id}"] td[data-col="select"] input`).check();
      expect(await analyst.locator('[data-testid="inbox-bulk"]').textContent()).toContain('3');
      await analyst.locator('button[data-bulk-action="dismiss"]').click();
      const dialog = analyst.locator('dialog[open]');
      await dialog.waitFor();
      await dialog.locator('textarea').fill('重复预警，已合并处理 / duplicates, handled together');
      await harness.screenshot(analyst, 'inbox-bulk-dismiss');
      await dialog.locator('button[type="submit"]').click();
      await dialog.waitFor({ state: 'hidden' });
      for (const id of copies)
        await analyst.locator(`tr[data-alert-id="${id}"]`).waitFor({ state: 'detached', timeout: 30_000 });
      const client = await harness.app.client('analyst');
      for (const id of copies) {
        const stored = (await client.get(`/api/alerts/${id}`)).body;
        expect(stored.status).toBe('dismissed');
        expect(stored.events.at(-1)).toMatchObject({
          action: 'dismiss',
          reason: '重复预警，已合并处理 / duplicates, handled together',
          actorName: 'analyst',
        });
      }
    });

    it('sends a step once however fast it is clicked, and says in Chinese when a colleague took the alert meanwhile', async () => {
      const [copy] = (
        await harness.app.db.query<{ id: number }>(
          `select id from alerts where condition_key like '%:${denseMark}-2' and status = 'open' order by id limit 1`,
        )
      ).rows.map((row) => String(row.id));
      expect(copy).toBeDefined();
      await openInbox(analyst);
      const row = analyst.locator(`[data-testid="alerts-table"] tbody tr[data-alert-id="${copy}"]`);
      await row.waitFor({ timeout: 60_000 });
      const sent: string[] = [];
      const count = (request: { url(): string; method(): string }) => {
        if (request.method() === 'POST' && request.url().endsWith(`/api/alerts/${copy}/acknowledge`))
          sent.push(request.url());
      };
      analyst.on('request', count);
      await row.locator('button[data-action="acknowledge"]').click();
      const dialog = analyst.locator('dialog[open]');
      await dialog.locator('textarea').fill('已核实 / checked');
      // A colleague acknowledges the same alert while the dialog is open.
      const colleague = await harness.app.client('admin');
      expect((await colleague.post(`/api/alerts/${copy}/acknowledge`, { reason: '同事已处理' })).status).toBe(
        200,
      );
      // Two clicks in one task: the second reaches the handler before React renders the button disabled.
      await dialog.locator('button[type="submit"]').evaluate((button: HTMLButtonElement) => {
        button.click();
        button.click();
      });
      const problem = dialog.locator('[data-testid="api-problem"]');
      await problem.waitFor({ timeout: 30_000 });
      expect(await problem.getAttribute('data-code')).toBe('alert_transition_refused');
      expect(await problem.locator('p').first().innerText()).toBe(
        '该预警的状态已被他人改变，不能再执行此操作；列表已按当前状态更新。',
      );
      expect(sent).toHaveLength(1);
      // The list was read again: the alert, acknowledged by the colleague, has left the open list.
      await row.waitFor({ state: 'detached', timeout: 30_000 });
      await harness.screenshot(analyst, 'inbox-step-refused');
      await dialog.getByRole('button', { name: '取消' }).click();
      await dialog.waitFor({ state: 'hidden' });
      analyst.off('request', count);
      const stored = (await colleague.get(`/api/alerts/${copy}`)).body;
      expect(stored.status).toBe('acknowledged');
      expect(
        stored.events.filter((event: { action: string }) => event.action === 'acknowledge'),
      ).toHaveLength(1);
    });

    it('assigns an alert to me and to another analyst, and keeps notes and history on screen', async () => {
      const [target] = (await apiAlerts()).filter((alert) => alert.load !== null);
      expect(target).toBeDefined();
      await openInbox(analyst);
      const row = analyst.locator(`tr[data-alert-id="${target!.id}"]`);
      await row.waitFor({ timeout: 60_000 });
      await row.locator('[data-testid="alert-open"]').click();
      const panel = analyst.locator(`[data-testid="alert-panel"][data-alert-id="${target!.id}"]`);
      await panel.locator('[data-testid="assign-to-me"]').click();
      await expect
        .poll(() => panel.locator('[data-testid="alert-panel-assignee"]').textContent(), { timeout: 30_000 })
        .toBe('analyst');
      await expect
        .poll(() => row.locator('td[data-col="assignee"]').textContent(), { timeout: 30_000 })
        .toBe('analyst');
      await panel.locator('[data-testid="assign-to-input"]').fill('admin');
      await panel.locator('[data-testid="assign-to-user"]').click();
      await expect
        .poll(() => panel.locator('[data-testid="alert-panel-assignee"]').textContent(), { timeout: 30_000 })
        .toBe('admin');
      // A lab user cannot be given an alert: the server's refusal is shown, nothing changes.
      await panel.locator('[data-testid="assign-to-input"]').fill('lab');
      await panel.locator('[data-testid="assign-to-user"]').click();
      await panel.locator('.form-problem').waitFor();
      expect(await panel.locator('[data-testid="alert-panel-assignee"]').textContent()).toBe('admin');
      // Said in the interface language (the shared form submit's ApiProblem), not the server's English.
      expect(await panel.locator('[data-testid="api-problem"] p').first().textContent()).toBe(
        '只能分配给已启用的分析员或管理员。',
      );

      await panel
        .locator('[data-testid="alert-note-input"]')
        .fill('已联系场所负责人，下周复采 / resample next week');
      // Sent twice at once (a double click before the button is disabled): one note is added.
      await panel.locator('.alert-panel__note-form').evaluate((form: HTMLFormElement) => {
        form.requestSubmit();
        form.requestSubmit();
      });
      await panel
        .locator('[data-testid="alert-notes"] li', { hasText: '下周复采' })
        .waitFor({ timeout: 30_000 });
      const history = panel.locator('[data-testid="alert-history"] li');
      await expect
        .poll(
          async () => history.evaluateAll((items) => items.map((item) => item.getAttribute('data-action'))),
          {
            timeout: 30_000,
          },
        )
        .toEqual(['assign', 'assign', 'note']);
      // The sample's dates, not the scoring time, and the load with its interval as the API has it.
      expect(await panel.locator('[data-testid="alert-panel-sampled"]').textContent()).toContain(
        String(new Date(target!.sampleCollectedStart!).getFullYear()),
      );
      expect(await panel.locator('[data-testid="alert-panel-load"]').textContent()).toMatch(
        /\d.*\(.*\d–.*\d.*\)/,
      );
      await harness.screenshot(analyst, 'inbox-alert-panel');
    });

    it("opens the alert's site drawer on the map at its round and analyte, with the same interval", async () => {
      const [target] = (await apiAlerts()).filter(
        (alert) => alert.load?.field === 'normalisedLoadMgPerDayPer1000' && alert.load.lower95 !== null,
      );
      expect(target).toBeDefined();
      await openInbox(analyst);
      await analyst.locator(`tr[data-alert-id="${target!.id}"] [data-testid="alert-open"]`).click();
      const panelLoad = (await analyst.locator('[data-testid="alert-panel-load"]').textContent()) ?? '';
      await analyst.locator('[data-testid="alert-map-link"]').click();
      const drawer = analyst.locator('[data-testid="site-drawer"]');
      await drawer.waitFor({ timeout: 90_000 });
      expect(await drawer.locator('h2').textContent()).toContain(target!.siteCode);
      await drawer.locator(`[data-testid="site-round-values"][data-round-id="${target!.roundId}"]`).waitFor({
        timeout: 60_000,
      });
      expect(await drawer.locator('[data-testid="drawer-analyte"]').inputValue()).toBe(target!.analyte);
      await drawer.locator('canvas').waitFor({ timeout: 60_000 });
      // One figure in two places: the chosen round's interval in the drawer is the inbox's.
      const roundInterval =
        (await drawer.locator('tr.row--selected [data-testid="point-interval"]').textContent()) ?? '';
      const bounds = (text: string) => text.match(/[\d.,]+–[\d.,]+/)?.[0];
      expect(bounds(roundInterval)).toBeDefined();
      expect(bounds(roundInterval)).toBe(bounds(panelLoad));
      await harness.screenshot(analyst, 'map-drawer-from-alert-with-band');
    });

    it('shows a lab’s first etomidate positive at a venue live, without a reload', async () => {
      const admin = await harness.app.client('admin');
      const rounds = (await admin.get('/api/rounds')).body as { name: string; startsOn: string }[];
      const latest = [...rounds].sort((a, b) => b.startsOn.localeCompare(a.startsOn))[0]!;
      const site = await admin.post('/api/sites', {
        code: 'HK-V-901',
        name: '分诊测试酒吧',
        kind: 'venue',
        lon: 110.35,
        lat: 20.02,
        populationServed: 1200,
      });
      expect(site.status).toBe(201);
      await openInbox(analyst, 'status=open');
      await analyst.locator('[data-testid="alerts-table"]').waitFor({ timeout: 60_000 });
      await analyst.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

      const day = latest.startsOn;
      const csv =
        'site_code,round,sample_id,collected_start,collected_end,collection_type,flow_m3_per_day,population,analyte,value,unit,lod,loq\n' +
        `HK-V-901,${latest.name},HK-V-901-1,${day} 20:00,${day} 23:59,composite_time,300,1200,ETO,7.2,ng/L,0.5,1\n`;
      const form = new FormData();
      form.append('file', new Blob([csv]), 'venue.csv');
      const imported = await (await harness.app.client('lab')).post('/api/lab/imports', form);
      expect(imported.status).toBe(201);

      const row = analyst.locator('tr[data-alert-analyte="ETO"]', { hasText: 'HK-V-901' });
      await row.waitFor({ timeout: 150_000 });
      expect(await analyst.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(
        true,
      );
      expect(await row.getAttribute('data-alert-kind')).toBe('first_detection');
      expect(await row.locator('.severity--high').count()).toBe(1);
      expect(await row.locator('.tag--new').count()).toBe(1);
      expect(await row.locator('td[data-col="load"]').textContent()).toMatch(/\d.*\(.*\d–.*\d.*\)/);
      await harness.screenshot(analyst, 'inbox-live-etomidate');
      expect(harness.externalRequests).toEqual([]);
    });

    it('names analytes in English in English, and fits a phone', async () => {
      const page = await harness.newPage('analyst');
      await page.evaluate(() => localStorage.setItem('skywater.language', 'en'));
      await page.setViewportSize(wide);
      await openInbox(page);
      await page.reload();
      await rows(page).first().waitFor({ timeout: 60_000 });
      const analytes = await page.locator('td[data-col="analyte"]').allInnerTexts();
      expect(analytes.length).toBeGreaterThan(0);
      for (const name of analytes) expect(name).not.toMatch(/\p{Script=Han}/u);
      expect(await page.locator('[data-testid="inbox-counts"]').textContent()).not.toMatch(/\p{Script=Han}/u);
      await harness.screenshot(page, 'inbox-english-1440');
      await page.locator('[data-testid="alert-open"]').first().click();
      await page.locator('[data-testid="alert-panel"] h3').first().waitFor({ timeout: 30_000 });
      await harness.screenshot(page, 'inbox-english-panel-1440');

      await page.setViewportSize(phone);
      await openInbox(page, 'status=open');
      await page.locator('tr.alerts-table__site').first().waitFor({ timeout: 60_000 });
      const fits = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
      expect(fits).toBe(true);
      await harness.screenshot(page, 'inbox-english-390');
      await page.evaluate(() => localStorage.setItem('skywater.language', 'zh-CN'));
      await page.reload();
      await page.locator('tr.alerts-table__site').first().waitFor({ timeout: 60_000 });
      await page.locator('[data-testid="site-expand"]').first().click();
      await harness.screenshot(page, 'inbox-zh-390');
      await page.context().close();
    });
  });
}
