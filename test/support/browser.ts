import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createLogger } from '@skywater/core/log/logger';
import { countPendingJobs } from '@skywater/core/outbox/outbox';
import { QUEUE_NAMES } from '@skywater/core/outbox/queue-names';
import { loadDemoData } from '../../server/src/demo/load-demo';
import { startTestApp, TEST_PASSWORD, type TestApp } from './test-app';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const webDir = path.join(repoRoot, 'web');
export const ARTIFACTS_DIR = path.join(repoRoot, 'test/artifacts');

/** Debian's Chromium (`.ci/run` installs it); no browser is ever downloaded. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Chromium as it runs on a computer without a GPU: WebGL on SwiftShader (software, through ANGLE),
// the page composited and rastered in software, as Chromium itself does when it finds no GPU.
// Forcing SwiftShader as the GPU for everything (`--use-angle=swiftshader --ignore-gpu-blocklist`,
// used before) also rastered and composited every page through it: a set-up no real browser runs,
// and one that made the GPU process the busiest of the machine's 2 cores. Nothing phones home.
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function newestMtimeMs(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtimeMs(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds web/dist when it is missing or older than web/src (the server serves the built files). */
export function ensureWebBuilt(): void {
  const index = path.join(webDir, 'dist/index.html');
  const builtAt = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  if (
    builtAt > newestMtimeMs(path.join(webDir, 'src')) &&
    builtAt > fs.statSync(path.join(webDir, 'index.html')).mtimeMs
  )
    return;
  execFileSync('npm', ['run', 'build', '-w', 'web'], { cwd: repoRoot, stdio: 'pipe' });
}

/** Whether a page's request stays on this machine (loopback, or data held in the page itself). */
export function isLocal(url: string): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:') || url === 'about:blank') return true;
  try {
    const { hostname } = new URL(url);
    return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
  } catch {
    return false;
  }
}

/**
 * Waits until the background work is done: nothing left in the outbox and no job waiting, active
 * or prioritized in any queue, twice in a row (delayed jobs are the schedulers' next runs, not work). The demo data's import scores every series at start;
 * in embedded mode the workers share the one PGlite connection with the tile and API queries, so
 * a browser test run while they work measures the queue, not the app. Gives up after `timeoutMs`.
 */
export async function waitForBackgroundWork(app: TestApp, timeoutMs = 180_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let quietChecks = 0;
  while (Date.now() < deadline) {
    const outbox = await countPendingJobs(app.db);
    let queued = 0;
    for (const name of QUEUE_NAMES) {
      const counts = await app.services.queues
        .get(name)
        .getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
      queued += Object.values(counts).reduce((sum, count) => sum + count, 0);
    }
    quietChecks = outbox === 0 && queued === 0 ? quietChecks + 1 : 0;
    if (quietChecks >= 2) return true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

export interface BrowserHarness {
  app: TestApp;
  browser: Browser;
  /** Every request the pages tried to send off this machine (each was aborted). */
  externalRequests: string[];
  /** A fresh browser context (own cookies) and page, logged in as `username` when given. */
  newPage(username?: string): Promise<Page>;
  login(page: Page, username: string): Promise<void>;
  /** Saves `test/artifacts/<suite>/<nn>-<step>.png` and returns its path. */
  screenshot(page: Page, step: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * The real application (server + workers, own database and queue prefix) with the demo data,
 * and a headless Chromium whose every request off localhost is recorded and aborted.
 * `suite` names the folder of this test file's screenshots.
 */
export async function startBrowserHarness(suite: string): Promise<BrowserHarness> {
  ensureWebBuilt();
  const app = await startTestApp({ mode: 'all' });
  await loadDemoData(app.db, createLogger('silent'));
  if (!(await waitForBackgroundWork(app)))
    console.warn(`[${suite}] background jobs still running after 180 s; continuing`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: chromiumArgs,
  });
  const externalRequests: string[] = [];
  const contexts: BrowserContext[] = [];
  const suiteDir = path.join(ARTIFACTS_DIR, suite);
  fs.rmSync(suiteDir, { recursive: true, force: true });
  fs.mkdirSync(suiteDir, { recursive: true });
  let shot = 0;

  const login = async (page: Page, username: string) => {
    await page.goto(app.baseUrl + '/');
    await page.locator('input[name="username"]').fill(username);
    await page.locator('input[name="password"]').fill(TEST_PASSWORD);
    await page.locator('button[type="submit"]').click();
    await page.locator('.app-header').waitFor({ timeout: 30_000 });
  };

  return {
    app,
    browser,
    externalRequests,
    async newPage(username) {
      const context = await browser.newContext({
        viewport: { width: 1280, height: 800 },
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
      });
      contexts.push(context);
      await context.route('**/*', async (route) => {
        const url = route.request().url();
        if (isLocal(url)) return route.continue();
        externalRequests.push(url);
        return route.abort('blockedbyclient');
      });
      const page = await context.newPage();
      page.on('pageerror', (error) => console.warn(`[${suite}] page error:`, error.message));
      if (username) await login(page, username);
      return page;
    },
    login,
    async screenshot(page, step) {
      shot++;
      const file = path.join(
        suiteDir,
        `${String(shot).padStart(2, '0')}-${step.replace(/[^a-z0-9-]+/gi, '-')}.png`,
      );
      await page.screenshot({ path: file, fullPage: false });
      return file;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await app.close();
    },
  };
}
