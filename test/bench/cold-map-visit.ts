/// <reference lib="dom" />
/**
 * One cold visit to the map, as the benches time it: a returning user opening the `/#/map`
 * bookmark in a new browser context (empty HTTP cache) that holds their session cookie. Shared by
 * `map-ready.bench.ts` and `screens.bench.ts`, so both print the same figure for the same thing.
 *
 * Requests off this machine are recorded (and fail the bench), not intercepted: routing every
 * request through Playwright would add a round trip through the bench's process, the server's
 * too, to each script, answer and tile the figure is made of.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
// Brings in the `window.__skywaterMap` declaration.
import type {} from '../../web/src/map/map-ready';
import { isLocal } from '../support/browser';

export interface ColdMapVisit {
  context: BrowserContext;
  page: Page;
}

/**
 * Opens `/#/map` of `baseUrl` in a new context carrying `cookie` (`name=value`, as the API's
 * `Set-Cookie` gives it); URLs requested off this machine are pushed to `external`;
 * `beforeNavigation` may add listeners to the page first. Returns once the navigation is
 * committed: wait for the map with `mapReadyAt`.
 */
export async function openMapCold(
  browser: Browser,
  baseUrl: string,
  cookie: string,
  external: string[],
  beforeNavigation: (page: Page) => void = () => {},
): Promise<ColdMapVisit> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  context.on('request', (request) => {
    if (!isLocal(request.url())) external.push(request.url());
  });
  const separator = cookie.indexOf('=');
  await context.addCookies([
    { name: cookie.slice(0, separator), value: cookie.slice(separator + 1), url: baseUrl },
  ]);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.warn('page error:', error.message));
  beforeNavigation(page);
  await page.goto(`${baseUrl}/#/map`, { waitUntil: 'commit' });
  return { context, page };
}

/**
 * The page's `map-ready` mark (ms since navigation start), or null when it has not come within
 * `timeoutMs` or the map is missing. The page tells when (a PerformanceObserver, which also sees
 * marks set before it was made), rather than being polled: each poll is a round trip through the
 * browser into the page's main thread, the thread being measured.
 */
export function mapReadyAt(page: Page, timeoutMs: number): Promise<number | null> {
  const ready = page.evaluate(
    (timeout) =>
      new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => resolve(null), timeout);
        const observer = new PerformanceObserver((list) => {
          const mark = list.getEntriesByName('map-ready')[0];
          if (!mark) return;
          observer.disconnect();
          clearTimeout(timer);
          resolve(window.__skywaterMap !== undefined ? mark.startTime : null);
        });
        observer.observe({ type: 'mark', buffered: true });
      }),
    timeoutMs,
  );
  return ready.catch(() => null);
}
