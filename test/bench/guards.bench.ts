import http from 'node:http';
import express from 'express';
import { loadConfig } from '@skywater/core/config/config';
import { createLogger } from '@skywater/core/log/logger';
import type { AppContext } from '../../server/src/app-context';
import { createApp } from '../../server/src/http/app';
import { buildRoutes } from '../../server/src/routes';
import { listen, timedGet } from './bench-http';
import { report } from './bench-database';
import { benchAnalystCookie, demoSchemaWithAnalyst } from './bench-demo';
import { primaryOnly } from '@skywater/core/db/read-replica';

/**
 * The cost of sessions + CSRF + role checks: p95 latency of `GET /api/sites` and a tile, with the
 * guards on (logged-in analyst, cookie checked against the sessions table or the process's
 * few-seconds session cache, which the database's notifications empty) beside the same routes
 * with the guards bypassed (the same handlers declared public, no cookie). Goal: within 10 %.
 */
const log = createLogger('silent');
const bench = await demoSchemaWithAnalyst(log);

const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', RATE_LIMIT_MULTIPLIER: '1000' });
const ctx: AppContext = {
  config,
  db: bench.db,
  reads: primaryOnly(bench.db),
  log,
  jobsWritten: () => undefined,
  pingRedis: async () => undefined,
};
const guarded = createApp(ctx, buildRoutes(ctx));
// Bypassed: every route public, no cookie, and the analyst set on the request directly (so
// both apps answer the same content: analysts see venue and hotel sites).
const analyst = (await bench.db.query<{ id: number }>(`select id from users where username = 'analyst'`))
  .rows[0]!;
const bypassed = express();
bypassed.use((req, _res, next) => {
  req.user = { id: analyst.id, username: 'analyst', displayName: null, roles: ['analyst'], officeId: 1, visibleOfficeIds: [1] };
  next();
});
bypassed.use(
  createApp(
    ctx,
    buildRoutes(ctx).map((route) => ({ ...route, access: 'public' as const })),
  ),
);

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const get = (url: string, cookie?: string) => timedGet(agent, url, cookie);
const quantile = (samples: number[], q: number) =>
  [...samples].sort((a, b) => a - b)[Math.floor(samples.length * q)]!;

const on = await listen(guarded);
const off = await listen(bypassed);
const cookie = await benchAnalystCookie(on.url);

for (const path of ['/api/sites', '/tiles/sites/10/825/453.pbf']) {
  const rounds = 1000;
  const guardedMs: number[] = [];
  const bypassedMs: number[] = [];
  for (let i = 0; i < 30; i++) {
    await get(on.url + path, cookie);
    await get(off.url + path);
  }
  // Interleaved, so both see the same machine load, and in alternating order (A B, B A), so
  // neither always runs right after the other's garbage.
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      guardedMs.push(await get(on.url + path, cookie));
      bypassedMs.push(await get(off.url + path));
    } else {
      bypassedMs.push(await get(off.url + path));
      guardedMs.push(await get(on.url + path, cookie));
    }
  }
  const a = quantile(guardedMs, 0.95);
  const b = quantile(bypassedMs, 0.95);
  report(
    `GET ${path} p95 with sessions, CSRF, RBAC`,
    `${a.toFixed(2)} ms (p50 ${quantile(guardedMs, 0.5).toFixed(2)} ms)`,
    'guards bypassed',
    `${b.toFixed(2)} ms (p50 ${quantile(bypassedMs, 0.5).toFixed(2)} ms)`,
    a / b,
    '≤ 1.10',
  );
}
agent.destroy();
await on.close();
await off.close();
await bench.db.close();
await bench.drop();
