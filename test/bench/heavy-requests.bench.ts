import http from 'node:http';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { loadConfig } from '@skywater/core/config/config';
import { NUMERIC_TYPE_OIDS, parseNumeric, type Db, type Queryable } from '@skywater/core/db/db';
import { migrate } from '@skywater/core/db/migrate';
import { createPgliteDb } from '@skywater/core/db/pglite-db';
import { createLogger } from '@skywater/core/log/logger';
import type { AppContext } from '../../server/src/app-context';
import { createUserIfMissing } from '../../server/src/auth/users';
import { loadDemoData } from '../../server/src/demo/load-demo';
import { createApp } from '../../server/src/http/app';
import { seedReferenceData } from '../../server/src/reference/seed-reference-data';
import { buildRoutes } from '../../server/src/routes';
import { tileCacheOf } from '../../server/src/tiles/tile-cache';
import { BENCH_ANALYST, benchAnalystCookie, demoSchemaWithAnalyst } from './bench-demo';
import { listen, timedGet } from './bench-http';
import { primaryOnly } from '@skywater/core/db/read-replica';

/**
 * p95 of `/api/health`, a login and a sites tile while one heavy request of each kind runs
 * over and over (one slow statement in the database, four jobs' statements of 50 ms — heavy
 * work cut into bounded statements — and of 2 s, the sites tile without a round, the coverage of
 * the largest demo area), beside the same with nothing heavy running. Goal: ≤ 1.5×. The measured
 * tile is the same one each time: after the first, the tile cache serves it without the database.
 *
 * Backends: `thread` (embedded PGlite in its worker thread, as the app runs it),
 * `thread-one-lane` (the same, the jobs' statements queued with the others, not behind them: the
 * anchor of the priority lane), `main-thread` (the same database in PGlite on the event loop, as
 * it ran before the thread: the anchor of the thread),
 * `server` (PostgreSQL, BENCH_DATABASE_URL). Pass names to run fewer; ROUNDS sets the samples.
 */
const log = createLogger('silent');
const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', RATE_LIMIT_MULTIPLIER: '1000' });
const rounds = Number(process.env.ROUNDS ?? 40);
const HEAVY_PHASE_MAX_MS = 120_000;
const chosen = process.argv.slice(2);
const backends = (['thread', 'thread-one-lane', 'main-thread', 'server'] as const).filter(
  (b) => chosen.length === 0 || chosen.includes(b),
);

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
const quantile = (samples: number[], q: number) =>
  [...samples].sort((a, b) => a - b)[Math.min(samples.length - 1, Math.floor(samples.length * q))]!;

/**
 * One login, timed; its session is then ended (untimed), since an account keeps at most 10
 * sessions and the 11th login would end the one the tile requests use.
 */
async function timedLogin(url: string): Promise<number> {
  const started = performance.now();
  const reply = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(BENCH_ANALYST),
  });
  const body = (await reply.json()) as { csrfToken?: string };
  if (reply.status !== 200) throw new Error(`login: ${reply.status}`);
  const took = performance.now() - started;
  const logout = await fetch(`${url}/api/auth/logout`, {
    method: 'POST',
    headers: {
      cookie: reply.headers.get('set-cookie')!.split(';')[0]!,
      'x-csrf-token': body.csrfToken ?? '',
    },
  });
  await logout.arrayBuffer();
  if (logout.status !== 204) throw new Error(`logout: ${logout.status}`);
  return took;
}

/** The demo database on the embedded backend, in its thread. */
async function embeddedDemo(): Promise<Db & { dump(): Promise<Blob> }> {
  const db = await createPgliteDb();
  await migrate(db);
  await seedReferenceData(db);
  await loadDemoData(db, log);
  await createUserIfMissing(db, { ...BENCH_ANALYST, roles: ['analyst'] });
  return db;
}

/** The same database in PGlite on this thread (the design before the worker thread). */
async function onMainThread(dump: Blob): Promise<Db> {
  const pglite = await PGlite.create({
    extensions: { postgis },
    loadDataDir: dump,
    parsers: { [NUMERIC_TYPE_OIDS.int8]: parseNumeric, [NUMERIC_TYPE_OIDS.numeric]: parseNumeric },
  });
  const on = (target: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<T>(sql: string, params?: readonly unknown[]) {
      const result = await target.query<T>(sql, params as unknown[]);
      return { rows: result.rows, rowCount: result.rows.length || (result.affectedRows ?? 0) };
    },
    exec: async (sql) => void (await target.exec(sql)),
    copyFrom: () => Promise.reject(new Error('not needed to serve')),
  });
  const db: Db = {
    backend: 'embedded',
    ...on(pglite),
    transaction: (work) => pglite.transaction((tx) => work(on(tx))),
    async listen(channel, handlers) {
      const unlisten = await pglite.listen(channel, (payload) => handlers.onNotify(payload));
      handlers.onListening(true);
      return unlisten;
    },
    withStatementTimeout: () => db,
    foreground: () => () => undefined,
    close: () => pglite.close(),
  };
  return db;
}

let embedded: (Db & { dump(): Promise<Blob> }) | undefined;
for (const backend of backends) {
  let db: Db;
  let drop = async () => undefined as void;
  if (backend === 'server') {
    const bench = await demoSchemaWithAnalyst(log);
    db = bench.db;
    drop = async () => {
      await bench.db.close();
      await bench.drop();
    };
  } else {
    embedded ??= await embeddedDemo();
    db = backend === 'main-thread' ? await onMainThread(await embedded.dump()) : embedded;
    if (backend === 'main-thread') drop = () => db.close();
  }
  // One handle for the API and its reads, as the app has (run-process.ts): the tile route keeps
  // in its cache only tiles made on the handle it serves (`reads.forRead` gives it back here).
  const apiDb = db.withStatementTimeout(config.statementTimeoutMs.api, 'api');
  const ctx: AppContext = {
    config,
    db: apiDb,
    reads: primaryOnly(apiDb),
    log,
    jobsWritten: () => undefined,
    pingRedis: async () => undefined,
  };
  const server = await listen(createApp(ctx, buildRoutes(ctx)));
  // The heavy requests go to a second app on the same database that keeps no tiles, so each one
  // runs its statements (the measured tile is served by the first, from its cache once made).
  const uncachedDb = db.withStatementTimeout(config.statementTimeoutMs.api, 'api');
  const uncachedCtx: AppContext = {
    ...ctx,
    config: { ...config, tileCacheMaxBytes: 0 },
    db: uncachedDb,
    reads: primaryOnly(uncachedDb),
  };
  const uncached = await listen(createApp(uncachedCtx, buildRoutes(uncachedCtx)));
  const cookie = await benchAnalystCookie(server.url);
  // The measured tile made once, the cache following the database's notifications, before any figure.
  await tileCacheOf(ctx.db, config.tileCacheMaxBytes).following();
  await timedGet(agent, `${server.url}/tiles/sites/10/825/453.pbf`, cookie);
  if (tileCacheOf(ctx.db, config.tileCacheMaxBytes).sizeBytes === 0)
    throw new Error('the measured tile was not kept in the tile cache: its figures would be a made tile');
  const largestArea = (
    await db.query<{ id: number }>(
      `select id from survey_areas order by st_area(geom::geography) desc limit 1`,
    )
  ).rows[0]!.id;

  // Job statements go through the jobs class, as the workers' do (embedded: behind the others).
  const jobs = db.withStatementTimeout(
    config.statementTimeoutMs.jobs,
    backend === 'thread-one-lane' ? 'api' : 'jobs',
  );
  const jobStatements = (workers: number, seconds: number) => () =>
    Promise.all(Array.from({ length: workers }, () => jobs.query(`select pg_sleep(${seconds})`)));
  const heavies: Record<string, (() => Promise<unknown>) | null> = {
    'nothing heavy': null,
    'one 2 s statement (pg_sleep), unbounded': () => db.query('select pg_sleep(2)'),
    '4 jobs of 50 ms statements': jobStatements(4, 0.05),
    '4 jobs of 2 s statements': jobStatements(4, 2),
    'sites tile without roundId': () =>
      timedGet(agent, `${uncached.url}/tiles/sites/8/206/114.pbf?analyte=METH`, cookie),
    'coverage of the largest area': () =>
      timedGet(agent, `${uncached.url}/api/areas/${largestArea}/coverage`, cookie),
  };
  process.stdout.write(`\n-- ${backend} --\n`);
  const anchor: Record<string, number> = {};
  for (const [name, heavy] of Object.entries(heavies)) {
    let running = true;
    let heavyRuns = 0;
    const loopStarted = performance.now();
    const loop = (async () => {
      // The loop checks its own deadline: on the main thread, back-to-back statements starve the
      // event loop, so neither a timer nor the measurements below would ever stop it.
      while (running && heavy && performance.now() - loopStarted < HEAVY_PHASE_MAX_MS) {
        await heavy().catch(() => undefined);
        heavyRuns++;
      }
    })();
    const figures: Record<string, number[]> = { health: [], login: [], tile: [] };
    const refused: string[] = [];
    // A refused request (503 past its ceiling) counts with the time it took to be refused.
    const time = async (what: string, request: () => Promise<number>) => {
      const started = performance.now();
      figures[what]!.push(
        await request().catch((error: Error) => {
          refused.push(`${what} ${/\d{3}$/.exec(error.message)?.[0] ?? error.message}`);
          return performance.now() - started;
        }),
      );
    };
    for (let i = 0; i < rounds; i++) {
      await time('health', () => timedGet(agent, `${server.url}/api/health`));
      if (i % 4 === 0) await time('login', () => timedLogin(server.url)); // scrypt: fewer
      await time('tile', () => timedGet(agent, `${server.url}/tiles/sites/10/825/453.pbf`, cookie));
    }
    running = false;
    await loop;
    const line = Object.entries(figures).map(([what, ms]) => {
      const p95 = quantile(ms, 0.95);
      if (!heavy) anchor[what] = p95;
      const ratio = heavy ? ` (${(p95 / anchor[what]!).toFixed(2)}×)` : '';
      return `${what} p95 ${p95.toFixed(1)} ms${ratio}`;
    });
    const eachMs = (performance.now() - loopStarted) / Math.max(1, heavyRuns);
    const notes = [
      heavy ? `ran ${heavyRuns}×, ${eachMs.toFixed(0)} ms each` : '',
      refused.length ? `${refused.length} refused: ${[...new Set(refused)].join(', ')}` : '',
    ].filter(Boolean);
    process.stdout.write(`${name}${notes.length ? ` [${notes.join(', ')}]` : ''}: ${line.join(', ')}\n`);
  }
  await server.close();
  await uncached.close();
  await drop();
}
await embedded?.close();
agent.destroy();
process.stdout.write('goal: each ratio ≤ 1.5× the same figure with nothing heavy\n');
