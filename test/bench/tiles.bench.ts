import http from 'node:http';
import { loadConfig } from '@skywater/core/config/config';
import { createPgDb } from '@skywater/core/db/pg-db';
import { createLogger } from '@skywater/core/log/logger';
import { scoreRound } from '@skywater/workers/scoring/score-round';
import type { AppContext } from '../../server/src/app-context';
import { applyPendingCoverage } from '@skywater/core/survey/coverage/cell-update';
import { createApp } from '../../server/src/http/app';
import { buildRoutes } from '../../server/src/routes';
import { findTileLayer } from '../../server/src/tiles/tile-layers';
import { serverTileQuery } from '../../server/src/tiles/tile-renderer';
import { listen, timedGet } from './bench-http';
import { BENCH_DATABASE_URL, report } from './bench-database';
import { benchAnalystCookie, demoSchemaWithAnalyst } from './bench-demo';
import { primaryOnly } from '@skywater/core/db/read-replica';
import { psqlExecuteMs } from './psql-execute-timings';

/**
 * Vector tile latency at the zooms the map asks for, on a PostgreSQL/PostGIS server with the demo
 * data (its latest round scored): the map's first view of Hainan (zoom 7, 4 tiles a layer) and a
 * view zoomed on Haikou's survey area (zoom 10), each layer the map shows there by default.
 * Server: `GET /tiles/...` as a logged-in analyst (sessions, CSRF and roles on), over keep-alive
 * HTTP. Anchor: the same ST_AsMVT query (`serverTileQuery`, the text the server sends) run bare
 * in psql as a prepared statement, `\timing` on, with the server connections' settings (JIT off).
 * Both areas have their coverage grid and nothing covered, so `gaps` tiles are whole cells.
 * - cold: the first request of each tile, from a server just started (new connection pool, no
 *   plan cached) beside the first EXECUTE of each in a new psql session. Goal ≤ 1.5×.
 * - warm: p95 of BENCH_TILE_ROUNDS (default 20) more passes over every tile. Goal < 20 ms.
 */
const ROUNDS = Number(process.env.BENCH_TILE_ROUNDS ?? '20');
const log = createLogger('silent');
const bench = await demoSchemaWithAnalyst(log);
const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', RATE_LIMIT_MULTIPLIER: '1000' });
const { rows: latest } = await bench.db.query<{ id: number }>(
  `select id from rounds order by starts_on desc limit 1`,
);
const roundId = latest[0]!.id;
await scoreRound({ data: { roundId } } as never, { db: bench.db, log, config } as never);
// Both areas' coverage grids, nothing covered yet: every cell is a gap (the heaviest `gaps` tile).
const { rows: areas } = await bench.db.query<{ id: number }>(`select id from survey_areas`);
for (const area of areas) await applyPendingCoverage(bench.db, area.id);

interface Tile {
  layer: string;
  z: number;
  x: number;
  y: number;
  query: Record<string, string>;
}
const wastewater = { analyte: 'METH', roundId: String(roundId) };
const views: {
  name: string;
  z: number;
  xs: number[];
  ys: number[];
  layers: [string, Record<string, string>][];
}[] = [
  {
    name: 'Hainan, first view',
    z: 7,
    xs: [102, 103],
    ys: [56, 57],
    layers: [
      ['districts', {}],
      ['sites', wastewater],
      ['hotspots', wastewater],
      ['findings', {}],
    ],
  },
  {
    name: "Haikou's survey area",
    z: 10,
    xs: [825, 826],
    ys: [453, 454],
    layers: [
      ['districts', {}],
      ['sites', wastewater],
      ['hotspots', wastewater],
      ['findings', {}],
      ['coverage', {}],
      ['gaps', {}],
    ],
  },
];
const tiles: Tile[] = views.flatMap((view) =>
  view.layers.flatMap(([layer, query]) =>
    view.xs.flatMap((x) => view.ys.map((y) => ({ layer, z: view.z, x, y, query }))),
  ),
);
const tilePath = (t: Tile) =>
  `/tiles/${t.layer}/${t.z}/${t.x}/${t.y}.pbf${Object.keys(t.query).length ? `?${new URLSearchParams(t.query)}` : ''}`;

/** psql: each tile's query prepared, then `passes` passes of EXECUTE; ms per execution. */
function psqlTimes(passes: number): number[][] {
  // As the analyst the server answers: every site, every finding.
  const statements = tiles.map((t) =>
    serverTileQuery(findTileLayer(t.layer)!, t, {
      query: t.query,
      seesRestrictedSites: true,
      findingsRecordedBy: null,
    }),
  );
  return psqlExecuteMs(BENCH_DATABASE_URL, bench.schema, statements, passes);
}

let agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const get = (url: string, cookie?: string) => timedGet(agent, url, cookie);

/** Starts the app on a new connection pool; its URL, a logged-in analyst's cookie, and close. */
async function startServer() {
  const db = createPgDb({ connectionString: BENCH_DATABASE_URL, schema: bench.schema });
  const ctx: AppContext = {
    config,
    db,
    reads: primaryOnly(db),
    log,
    jobsWritten: () => undefined,
    pingRedis: async () => undefined,
  };
  const server = await listen(createApp(ctx, buildRoutes(ctx)));
  return {
    url: server.url,
    cookie: await benchAnalystCookie(server.url),
    async close() {
      await server.close();
      await db.close();
    },
  };
}

const quantile = (samples: number[], q: number) =>
  [...samples].sort((a, b) => a - b)[Math.min(samples.length - 1, Math.floor(samples.length * q))]!;

// Cold: each tile asked for once, of a server just started and of a new psql session, both with
// their database connection open and PostGIS loaded in it (the server has answered one request
// for an empty tile; psql has prepared the statements).
const server = await startServer();
await get(`${server.url}/tiles/districts/7/0/0.pbf`, server.cookie);
const coldServer: number[] = [];
for (const t of tiles) coldServer.push(await get(server.url + tilePath(t), server.cookie));
// One psql session: its first pass is the cold one, the others warm. psql runs synchronously,
// so the server's idle keep-alive socket times out meanwhile: the warm passes take a new one.
const [coldPsql, ...warmPsqlPasses] = psqlTimes(1 + ROUNDS);
agent.destroy();
agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const warmServer: number[][] = tiles.map(() => []);
for (let pass = 0; pass < ROUNDS; pass++)
  for (const [i, t] of tiles.entries())
    warmServer[i]!.push(await get(server.url + tilePath(t), server.cookie));
// Gaps over a half-flown area, the dearest case (as many open cells as seen ones): the southern
// half of each grid marked covered, in one block as flight strips leave it.
await bench.db.exec(
  `update coverage_cells c set covered = st_multi(c.geom), covered_km2 = c.cell_km2, look_count = 1
   from (select area_id, percentile_disc(0.5) within group (order by iy) as mid
         from coverage_cells group by area_id) m
   where c.area_id = m.area_id and c.iy < m.mid`,
);
const halfFlown: number[] = [];
for (let pass = 0; pass < ROUNDS; pass++)
  for (const t of tiles.filter((tile) => tile.layer === 'gaps'))
    halfFlown.push(await get(server.url + tilePath(t), server.cookie));
await server.close();
agent.destroy();

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
process.stdout.write(
  `${tiles.length} tiles (${views.map((v) => `${v.name}: zoom ${v.z}, ${v.layers.length} layers × ${v.xs.length * v.ys.length} tiles`).join('; ')})\n\n`,
);
process.stdout.write(
  'layer        zoom  cold server / psql (ms, sum of its tiles)   warm p95 server / psql (ms)\n',
);
for (const view of views)
  for (const [layer] of view.layers) {
    const indexes = tiles.flatMap((t, i) => (t.layer === layer && t.z === view.z ? [i] : []));
    const warmS = indexes.flatMap((i) => warmServer[i]!);
    const warmP = indexes.flatMap((i) => warmPsqlPasses.map((pass) => pass[i]!));
    process.stdout.write(
      `${layer.padEnd(12)} ${String(view.z).padStart(4)}  ${sum(indexes.map((i) => coldServer[i]!))
        .toFixed(1)
        .padStart(8)} / ${sum(indexes.map((i) => coldPsql![i]!))
        .toFixed(1)
        .padStart(
          8,
        )}${' '.repeat(28)}${quantile(warmS, 0.95).toFixed(1).padStart(6)} / ${quantile(warmP, 0.95).toFixed(1).padStart(6)}\n`,
    );
  }
process.stdout.write('\n');
/** Tiles of the layers the map shows by default, or of the layers switched on by hand. */
const byDefault = tiles.flatMap((t, i) => (t.layer === 'gaps' ? [] : [i]));
const onRequest = tiles.flatMap((t, i) => (t.layer === 'gaps' ? [i] : []));
for (const [label, indexes] of [
  ['the layers shown by default', byDefault],
  ['gaps (off by default)', onRequest],
] as const) {
  const cold = indexes.map((i) => coldServer[i]!);
  const coldBare = indexes.map((i) => coldPsql![i]!);
  report(
    `${label}, cold (first request of each tile): p95`,
    `${quantile(cold, 0.95).toFixed(1)} ms (sum ${sum(cold).toFixed(0)} ms)`,
    'the same ST_AsMVT query bare in psql, first EXECUTE',
    `${quantile(coldBare, 0.95).toFixed(1)} ms (sum ${sum(coldBare).toFixed(0)} ms)`,
    quantile(cold, 0.95) / quantile(coldBare, 0.95),
    '≤ 1.5',
  );
  const warm = indexes.flatMap((i) => warmServer[i]!);
  const warmBare = indexes.flatMap((i) => warmPsqlPasses.map((pass) => pass[i]!));
  report(
    `${label}, warm (${ROUNDS} more passes): p95`,
    `${quantile(warm, 0.95).toFixed(1)} ms (p50 ${quantile(warm, 0.5).toFixed(1)} ms)`,
    'the same query bare in psql',
    `${quantile(warmBare, 0.95).toFixed(1)} ms (p50 ${quantile(warmBare, 0.5).toFixed(1)} ms)`,
    quantile(warm, 0.95) / quantile(warmBare, 0.95),
    'server p95 < 20 ms',
  );
}
process.stdout.write(
  `gaps over a half-flown area (southern half of each grid covered), warm: p95 ${quantile(halfFlown, 0.95).toFixed(1)} ms (p50 ${quantile(halfFlown, 0.5).toFixed(1)} ms)\n`,
);
await bench.db.close();
await bench.drop();
