/// <reference lib="dom" />
/**
 * Benchmark: map ready (style loaded, first tiles drawn) in headless Chromium on SwiftShader,
 * the issue's goal < 2 s on localhost. Starts the real application as the e2e tests do
 * (`startBrowserHarness`: server + workers on their own database, the demo data loaded and its
 * background scoring finished, Debian's Chromium with the same WebGL flags), then for each run:
 *
 * - cold: a new browser context (empty HTTP cache) holding an analyst's session cookie opens
 *   `/#/map`, as a returning analyst opening a bookmark;
 * - warm: the same page reloaded (scripts, style data and tiles in the HTTP cache when allowed).
 *
 * The figure is the page's `performance.mark('map-ready')` (navigation start → the map's first
 * `idle` after the style's `load` and the survey areas and sites handed to it: every tile and
 * source the first view asks for is loaded and drawn). Prints each run's breakdown (marks the
 * app sets on the way, and resource timings), p50/p95 of each, the goal as the anchor and the
 * ratio p95 / goal. BENCH_RUNS (default 7) runs of each kind. The database is the one the tests
 * use: TEST_DATABASE_URL when set, else embedded PGlite (as `npm start` without DATABASE_URL).
 */
import os from 'node:os';
import type { Page } from 'playwright-core';
import { startBrowserHarness } from '../support/browser';
import { mapReadyAt, openMapCold } from './cold-map-visit';

const RUNS = Number(process.env.BENCH_RUNS ?? '7');
const GOAL_MS = 2000;
const READY_TIMEOUT_MS = 120_000;

interface Breakdown {
  [step: string]: number;
}

/**
 * Marks and resource timings of the page, in ms since navigation start. A string, so that the
 * function runs in the page as written (tsx would wrap named inner functions in its `__name`).
 */
const breakdownInPage = `(() => {
  const out = {};
  const nav = performance.getEntriesByType('navigation')[0];
  out['html'] = nav.responseEnd;
  out['domContentLoaded'] = nav.domContentLoadedEventEnd;
  for (const mark of performance.getEntriesByType('mark')) {
    if (!(mark.name in out)) out[mark.name] = mark.startTime;
  }
  const readyAt = out['map-ready'] ?? Infinity;
  const resources = performance.getEntriesByType('resource').map((r) => ({ r, path: new URL(r.name).pathname }));
  const me = resources.find((x) => x.path === '/api/auth/session');
  if (me) out['session /api/auth/session done'] = me.r.responseEnd;
  const mapChunk = resources.find((x) => /\\/assets\\/use-offline-map-.*\\.js$/.test(x.path));
  if (mapChunk) {
    out['MapLibre chunk requested'] = mapChunk.r.startTime;
    out['MapLibre chunk loaded'] = mapChunk.r.responseEnd;
  }
  const cityLabels = resources.find((x) => x.path.startsWith('/basemap/'));
  if (cityLabels) out['city labels loaded'] = cityLabels.r.responseEnd;
  const sites = resources.find((x) => x.path === '/api/sites');
  if (sites) out['/api/sites loaded'] = sites.r.responseEnd;
  const rounds = resources.find((x) => x.path === '/api/rounds');
  if (rounds) out['/api/rounds loaded'] = rounds.r.responseEnd;
  const areas = resources.find((x) => x.path === '/api/areas');
  if (areas) out['/api/areas (outlines) loaded'] = areas.r.responseEnd;
  const packs = resources.find((x) => x.path === '/api/basemaps');
  if (packs) out['/api/basemaps loaded'] = packs.r.responseEnd;
  out['page requests before ready'] = resources.filter((x) => x.r.startTime < readyAt).length;
  return out;
})()`;

async function breakdown(page: Page, tileRequests: TileTimes): Promise<Breakdown> {
  const out = (await page.evaluate(breakdownInPage)) as Breakdown;
  // Tiles are fetched by MapLibre's worker: their timings are not in the page's timeline.
  const origin = await page.evaluate(() => performance.timeOrigin);
  const tiles = tileRequests.map((tile) => ({ startMs: tile.startMs - origin, endMs: tile.endMs - origin }));
  const readyAt = out['map-ready'] ?? Infinity;
  const before = tiles.filter((tile) => tile.startMs >= 0 && tile.startMs < readyAt);
  if (before.length > 0) {
    out['first tile requested'] = Math.min(...before.map((tile) => tile.startMs));
    out['last tile loaded'] = Math.max(...before.map((tile) => tile.endMs));
    out['tiles before ready'] = before.length;
    out['slowest tile (ms)'] = Math.max(...before.map((tile) => tile.endMs - tile.startMs));
  }
  return out;
}

/** Tile requests (the worker's too), start and end in ms since the epoch. */
type TileTimes = { startMs: number; endMs: number }[];

/** Records the tile requests `page` makes (`timing().responseEnd` is relative to the request's start). */
function recordTiles(page: Page): TileTimes {
  const tiles: TileTimes = [];
  page.on('requestfinished', (request) => {
    if (!new URL(request.url()).pathname.startsWith('/tiles/')) return;
    const timing = request.timing();
    tiles.push({ startMs: timing.startTime, endMs: timing.startTime + timing.responseEnd });
  });
  return tiles;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const harness = await startBrowserHarness('map-ready-bench');
const external: string[] = [];
try {
  const analyst = await harness.app.client('analyst');
  const results: Record<'cold' | 'warm', Breakdown[]> = { cold: [], warm: [] };
  const notReady = { cold: 0, warm: 0 };

  // One unmeasured run first: the server's first queries and Chromium's first GPU process start.
  for (let run = -1; run < RUNS; run++) {
    let tiles: TileTimes = [];
    const { context, page } = await openMapCold(
      harness.browser,
      harness.app.baseUrl,
      analyst.cookie!,
      external,
      (opened) => (tiles = recordTiles(opened)),
    );
    const coldReady = (await mapReadyAt(page, READY_TIMEOUT_MS)) !== null;
    const cold = coldReady ? await breakdown(page, tiles) : null;
    page.removeAllListeners('requestfinished');
    tiles = recordTiles(page);
    await page.reload({ waitUntil: 'commit' });
    const warmReady = (await mapReadyAt(page, READY_TIMEOUT_MS)) !== null;
    const warm = warmReady ? await breakdown(page, tiles) : null;
    await context.close();
    if (run < 0) continue;
    if (cold) results.cold.push(cold);
    else notReady.cold++;
    if (warm) results.warm.push(warm);
    else notReady.warm++;
    const figure = (b: Breakdown | null) =>
      b ? `${Math.round(b['map-ready'])} ms` : `not ready within ${READY_TIMEOUT_MS / 1000} s`;
    process.stdout.write(`run ${run + 1}: cold ${figure(cold)}, warm ${figure(warm)}\n`);
  }

  process.stdout.write(
    `\n${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}; Chromium headless, WebGL on SwiftShader; ${RUNS} runs each\n`,
  );
  for (const kind of ['cold', 'warm'] as const) {
    const runs = results[kind];
    const steps = [...new Set(runs.flatMap((r) => Object.keys(r)))]
      .map((step) => ({ step, p50: percentile(runs.map((r) => r[step] ?? NaN).filter(Number.isFinite), 50) }))
      .sort((a, b) => a.p50 - b.p50);
    process.stdout.write(`\n${kind}: breakdown, median of ${runs.length} runs (ms since navigation start)\n`);
    for (const { step } of steps) {
      const values = runs.map((r) => r[step]).filter(Number.isFinite);
      process.stdout.write(
        `  ${step.padEnd(32)} p50 ${percentile(values, 50).toFixed(0).padStart(6)}  p95 ${percentile(values, 95).toFixed(0).padStart(6)}\n`,
      );
    }
  }
  for (const kind of ['cold', 'warm'] as const) {
    const ready = results[kind].map((r) => r['map-ready']);
    if (ready.length === 0) {
      process.stdout.write(`\nmap ready (${kind}): no run ready within ${READY_TIMEOUT_MS / 1000} s\n`);
      process.exitCode = 1;
      continue;
    }
    const p50 = percentile(ready, 50);
    const p95 = percentile(ready, 95);
    process.stdout.write(
      `\nmap ready (${kind}, ${kind === 'cold' ? 'empty cache, session cookie set' : 'reload'}): p50 ${p50.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms` +
        `${notReady[kind] ? ` (${notReady[kind]} run(s) not ready within ${READY_TIMEOUT_MS / 1000} s, left out)` : ''}\n` +
        `  anchor (goal): < ${GOAL_MS} ms\n` +
        `  ratio p95 / goal: ${(p95 / GOAL_MS).toFixed(2)}  ${p95 < GOAL_MS ? '(goal met)' : '(goal missed)'}\n`,
    );
  }
  if (external.length > 0) {
    process.stdout.write(`requests off this machine: ${external.join(', ')}\n`);
    process.exitCode = 1;
  }
} finally {
  await harness.close();
}
