/**
 * A province on one PostgreSQL server: 19 cities and counties, 40 survey areas
 * of 20,000 km² with 2,000,000 photo footprints, 5,000 sites × 12 rounds × 20 analytes
 * (synthetic-province.ts), then each figure beside its anchor and the ratio:
 * - every tile layer the server publishes, cold (tile cache off: TILE_CACHE_MAX_BYTES=0; a server
 *   just started, each tile asked for once) over a sample of z8-z14 tiles where the photos and
 *   the sites are, as the province's analyst. Anchor: the same ST_AsMVT query bare in psql,
 *   first EXECUTE of each in a new session. Goal: p95 < 50 ms per layer.
 * - a 500-photo flight's coverage: the `update-coverage` job of its area after the photos are
 *   stored (their trigger queued them). Anchor: the area's whole union recomputed in PostGIS.
 *   Goal < 5 s.
 * - a province round scored: the `score-round` job (Gi* of 5,000 sites × 20 analytes), and the
 *   trends of the round's sites (the `score-sites` jobs rescore-all would queue for them, forced,
 *   WORKER_CONCURRENCY at a time: 100,000 series of 12 rounds), then the same jobs with nothing
 *   changed. Anchors: the jobs' reads bare in psql, output discarded. Goal < 60 s for both.
 * - the province comparison (`loadProvinceComparison`: the cities side by side for a year, as
 *   the province's analyst). Anchor: its statements, as it sent them, bare in psql, summed.
 *   Goal < 1 s.
 * SCALE (default 1: the full province; e.g. 0.01 for a quick check) multiplies the areas' size,
 * the photos, the sites and the findings. BENCH_DATABASE_URL as the other benches; BENCH_KEEP=1
 * keeps the schema (its name printed) for EXPLAIN; BENCH_SCHEMA=<kept schema> measures it again
 * without generating; BENCH_PARTS=scoring,coverage,tiles,comparison (default all) picks figures.
 */
import os from 'node:os';
import http from 'node:http';
import { loadConfig } from '@skywater/core/config/config';
import type { Queryable } from '@skywater/core/db/db';
import { migrate } from '@skywater/core/db/migrate';
import { createPgDb } from '@skywater/core/db/pg-db';
import { primaryOnly } from '@skywater/core/db/read-replica';
import { createLogger } from '@skywater/core/log/logger';
import type { ProvinceComparisonView } from '@skywater/core/province/province-comparison-view';
import { TILE_LAYER_MIN_ZOOM } from '@skywater/core/tiles/tile-layer-names';
import { scoreRound, type ScoreRoundOutcome } from '@skywater/workers/scoring/score-round';
import { scoreSites } from '../../workers/src/scoring/score-sites';
import { siteBatches } from '../../workers/src/scoring/site-batches';
import { loadRoundMeasurements } from '../../workers/src/scoring/load-round';
import { loadSitesMeasurements } from '../../workers/src/scoring/load-series';
import { loadSiteAreas } from '../../workers/src/scoring/round-order';
import { updateCoverage } from '../../workers/src/survey/update-coverage';
import type { AppContext } from '../../server/src/app-context';
import { createUserIfMissing } from '../../server/src/auth/users';
import { createApp } from '../../server/src/http/app';
import { seedReferenceData } from '../../server/src/reference/seed-reference-data';
import { loadProvinceComparison } from '../../server/src/province/province-comparison-query';
import { buildRoutes } from '../../server/src/routes';
import { TILE_LAYERS } from '../../server/src/tiles/tile-layers';
import { serverTileQuery } from '../../server/src/tiles/tile-renderer';
import { psqlExecuteMs as psqlExecuteMsIn } from './psql-execute-timings';
import { BENCH_DATABASE_URL, ensureBenchDatabase, freshSchema, report } from './bench-database';
import { BENCH_ANALYST, benchAnalystCookie } from './bench-demo';
import { listen, timedGet } from './bench-http';
import { generateProvince } from './synthetic-province';

const SCALE = Number(process.env.SCALE ?? '1');
if (!(SCALE > 0 && SCALE <= 1)) throw new Error(`SCALE must be in (0, 1], not ${process.env.SCALE}`);
const TILES_PER_ZOOM = Number(process.env.BENCH_TILES_PER_ZOOM ?? '6');
const log = createLogger('silent');
const config = loadConfig({
  PORT: '0',
  LOG_LEVEL: 'silent',
  RATE_LIMIT_MULTIPLIER: '1000',
  TILE_CACHE_MAX_BYTES: '0',
  WORKER_CONCURRENCY: process.env.WORKER_CONCURRENCY,
});
const load = () =>
  `load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${os.cpus().length} cores`;
const seconds = (since: number) => (performance.now() - since) / 1000;
const quantile = (samples: number[], q: number) =>
  [...samples].sort((a, b) => a - b)[Math.min(samples.length - 1, Math.floor(samples.length * q))]!;

await ensureBenchDatabase();
/** BENCH_SCHEMA: a schema kept by an earlier run (BENCH_KEEP=1), measured again without generating. */
const bench = process.env.BENCH_SCHEMA
  ? {
      schema: process.env.BENCH_SCHEMA,
      db: createPgDb({ connectionString: BENCH_DATABASE_URL, schema: process.env.BENCH_SCHEMA }),
      drop: async () => undefined,
    }
  : await freshSchema();
const db = bench.db;
/** BENCH_PARTS: which figures (scoring, coverage, tiles, comparison; default all). */
const parts = new Set((process.env.BENCH_PARTS ?? 'scoring,coverage,tiles,comparison').split(','));

/** The one statement `run` sends (with its parameters), captured without running it. */
async function statementOf(run: (q: Queryable) => Promise<unknown>) {
  let captured: { text: string; params: readonly unknown[] } | undefined;
  const recorder: Queryable = {
    async query(sql, params) {
      captured = { text: sql, params: params ?? [] };
      return { rows: [], rowCount: 0 } as never;
    },
    exec: async () => undefined,
    copyFrom: async () => undefined as never,
  };
  await run(recorder);
  if (!captured) throw new Error('no statement sent');
  return captured;
}

/** The bench's statements bare in psql, on the province's schema. */
const psqlExecuteMs = (statements: { text: string; params: readonly unknown[] }[], passes = 1) =>
  psqlExecuteMsIn(BENCH_DATABASE_URL, bench.schema, statements, passes);

try {
  process.stdout.write(`SCALE ${SCALE}; before generating: ${load()}\n`);
  if (!process.env.BENCH_SCHEMA) {
    await migrate(db);
    await seedReferenceData(db);
    const started = performance.now();
    const province = await generateProvince(db, SCALE);
    process.stdout.write(
      `generated in ${seconds(started).toFixed(0)} s (${Object.entries(province.seconds)
        .map(([k, s]) => `${k} ${s.toFixed(0)} s`)
        .join(', ')}); ${load()}\n  ${Object.entries(province.counts)
        .map(([k, n]) => `${k} ${n.toLocaleString('en')}`)
        .join(', ')}\n\n`,
    );
  } else {
    // Migrations added since it was kept (their backfills timed): the figures are today's schema's.
    const started = performance.now();
    await migrate(db);
    process.stdout.write(
      `schema ${bench.schema} as an earlier run left it, migrated in ${seconds(started).toFixed(0)} s\n\n`,
    );
  }
  const roundIds = (await db.query<{ id: number }>(`select id from rounds order by starts_on`)).rows.map(
    (r) => Number(r.id),
  );
  const roundId = roundIds.at(-1)!;
  let t = performance.now();

  // A province round scored -------------------------------------------------------------------
  if (parts.has('scoring')) {
    t = performance.now();
    const outcome = (await scoreRound(
      { data: { roundId } } as never,
      { db, log, config } as never,
    )) as ScoreRoundOutcome;
    const roundS = seconds(t);
    const [[roundReadMs]] = psqlExecuteMs([await statementOf((q) => loadRoundMeasurements(q, roundId))]) as [
      [number],
    ];
    report(
      `a province round scored: score-round (Gi* of ${outcome.sites.toLocaleString('en')} sites × ${outcome.analytes} analytes, ${outcome.hotSpots} hot spots)`,
      `${roundS.toFixed(2)} s`,
      "the job's read bare in psql, output discarded",
      `${(roundReadMs / 1000).toFixed(2)} s`,
      (roundS * 1000) / roundReadMs,
      '< 60 s',
    );
    const { rows: siteRows } = await db.query<{ id: number; area_id: number | null }>(
      `select st.id, st.area_id from sites st
        where exists (select 1 from samples s where s.site_id = st.id and s.round_id = $1)`,
      [roundId],
    );
    // The jobs rescore-all queues for these sites, run as the workers run them: `concurrency`
    // at a time, each in its own transaction. Forced, so a schema scored by an earlier run is
    // scored again in full (a new round changes every series' inputs).
    const batches = siteBatches(
      siteRows.map((r) => ({ siteId: Number(r.id), areaId: r.area_id === null ? null : Number(r.area_id) })),
      config.workerConcurrency,
    );
    const runJobs = async (force: boolean) => {
      let next = 0;
      let scored = 0;
      let unchanged = 0;
      const slot = async () => {
        while (next < batches.length) {
          const done = (await scoreSites(
            { data: { siteIds: batches[next++]!, batchId: null, force } } as never,
            { db, log, config } as never,
          )) as { scored: number; unchanged: number };
          scored += done.scored;
          unchanged += done.unchanged;
        }
      };
      await Promise.all(Array.from({ length: config.workerConcurrency }, slot));
      return { scored, unchanged };
    };
    t = performance.now();
    const { scored: series } = await runJobs(true);
    const seriesS = seconds(t);
    // Each job's read, bare in psql one after the other; the anchor is their sum.
    const reads = [];
    for (const batch of batches) {
      const areaIds = await loadSiteAreas(db, batch);
      reads.push(await statementOf((q) => loadSitesMeasurements(q, batch, areaIds)));
    }
    const seriesReadMs = psqlExecuteMs(reads)[0]!.reduce((a, b) => a + b, 0);
    report(
      `the round's sites' trends: ${batches.length} score-sites jobs of ${batches[0]!.length} sites, ${config.workerConcurrency} at a time (${series.toLocaleString('en')} series of ${roundIds.length} rounds)`,
      `${seriesS.toFixed(1)} s (${(series / seriesS).toFixed(0)} series/s)`,
      'their reads (one per job) bare in psql, summed, output discarded',
      `${(seriesReadMs / 1000).toFixed(2)} s`,
      (seriesS * 1000) / seriesReadMs,
      '< 60 s',
    );
    process.stdout.write(
      `  the whole round scored (Gi* then the trends): ${(roundS + seriesS).toFixed(1)} s (goal < 60 s)\n`,
    );
    // The same jobs again with nothing changed (the nightly re-score): every series skipped.
    t = performance.now();
    const again = await runJobs(false);
    process.stdout.write(
      `  the same jobs again, nothing changed: ${seconds(t).toFixed(1)} s (${again.unchanged.toLocaleString('en')} series unchanged, ${again.scored} scored)\n`,
    );
    process.stdout.write(`  ${load()}\n\n`);
  }

  // A 500-photo flight's coverage -------------------------------------------------------------
  if (parts.has('coverage')) {
    const reflight = `reflight-${Date.now()}`;
    const { rows: firstArea } = await db.query<{ id: number }>(`select min(id) as id from survey_areas`);
    const areaId = Number(firstArea[0]!.id);
    // 25 lines × 20 photos re-flown over the area's centre, shifted 40 m east, a day after the rest.
    await db.exec(`
    insert into flights (area_id, camera_model, team, pilot, track, point_count, distance_m, started_at, ended_at,
                         log_format, log_sha256, log_file_name)
    select ${areaId}, 'phantom-4-rtk', '复飞', '飞手 9',
           st_force4d(st_multi(st_makeline(st_transform(st_translate(p, -1500, 0), 4326),
                                           st_transform(st_translate(p, 1500, 0), 4326))), 100, 0),
           500, 60000, timestamptz '2025-06-02 09:00+08', timestamptz '2025-06-02 09:25+08', 'gpx',
           md5('${reflight}') || md5('${reflight}-log'), '${reflight}.gpx'
    from (select st_transform(st_pointonsurface(geom), 32649) as p from survey_areas where id = ${areaId}) c`);
    await db.exec(`
    insert into images (flight_id, sha256, original_name, storage_key, status, captured_at, gsd_cm, height_above_ground_m, footprint)
    select f.id, md5('${reflight}' || i || '-' || j) || md5('flight-' || i || '-' || j), 'RE_' || i || '_' || j || '.JPG',
           'images/' || f.id || '/re-' || i || '-' || j || '.jpg', 'done',
           timestamptz '2025-06-02 09:00+08' + (i * 20 + j) * interval '3 s', 2.74, 100,
           st_transform(st_makeenvelope(st_x(c.p) + i * 119 + 40 - 75, st_y(c.p) + j * 80 - 50,
                                        st_x(c.p) + i * 119 + 40 + 75, st_y(c.p) + j * 80 + 50, 32649), 4326)
    from flights f
    cross join (select st_transform(st_pointonsurface(geom), 32649) as p from survey_areas where id = ${areaId}) c
    cross join generate_series(-12, 12) i cross join generate_series(-10, 9) j
    where f.log_sha256 = md5('${reflight}') || md5('${reflight}-log')`);
    t = performance.now();
    const coverage = (await updateCoverage(
      { data: { areaId } } as never,
      { db, log, config } as never,
    )) as Record<number, { images: number; cellsAdded: number; cellsRecomputed: number }>;
    const coverageS = seconds(t);
    const wholeUnion = {
      text: `select st_area(st_intersection(st_union(i.footprint), a.geom)::geography) / 1e6 as km2
           from images i join flights f on f.id = i.flight_id cross join survey_areas a
           where a.id = $1 and f.area_id = $1 and i.footprint is not null group by a.geom`,
      params: [areaId],
    };
    const [[unionMs]] = psqlExecuteMs([wholeUnion]) as [[number]];
    const { rows: areaPhotos } = await db.query<{ n: number }>(
      `select count(*)::int as n from images i join flights f on f.id = i.flight_id where f.area_id = $1`,
      [areaId],
    );
    report(
      `a 500-photo flight's coverage (update-coverage of its area: ${areaPhotos[0]!.n.toLocaleString('en')} photos; ${coverage[areaId]!.cellsAdded} cells added to, ${coverage[areaId]!.cellsRecomputed} recomputed)`,
      `${coverageS.toFixed(2)} s`,
      "the area's whole union recomputed bare in psql",
      `${(unionMs / 1000).toFixed(2)} s`,
      (coverageS * 1000) / unionMs,
      '< 5 s',
    );
    const [{ km2: unionKm2 }] = (await db.query<{ km2: number }>(wholeUnion.text, [...wholeUnion.params]))
      .rows as [{ km2: number }];
    const [{ km2: gridKm2 }] = (
      await db.query<{ km2: number }>(
        `select sum(covered_km2) as km2 from coverage_cells where area_id = $1`,
        [areaId],
      )
    ).rows as [{ km2: number }];
    process.stdout.write(
      `  covered: grid ${gridKm2.toFixed(3)} km² vs plain union ${unionKm2.toFixed(3)} km² (${((100 * Math.abs(gridKm2 - unionKm2)) / unionKm2).toFixed(4)} % apart)\n  ${load()}\n\n`,
    );
  }

  // Every tile layer, cold ----------------------------------------------------------------------
  if (parts.has('tiles')) {
    const { rows: root } = await db.query<{ id: number }>(`select root_office_id() as id`);
    await createUserIfMissing(db, { ...BENCH_ANALYST, roles: ['analyst'], officeId: Number(root[0]!.id) });
    const { rows: points } = await db.query<{ lon: number; lat: number }>(
      `(select st_x(position) as lon, st_y(position) as lat from images
       where id in (select min(id) + (k * 104729) % count(*) from images cross join generate_series(1, $1) k group by k))
     union all
     (select st_x(geom), st_y(geom) from sites
       where id in (select min(id) + (k * 7919) % count(*) from sites cross join generate_series(1, $1) k group by k))`,
      [Math.ceil(TILES_PER_ZOOM / 2)],
    );
    const tileOf = (lon: number, lat: number, z: number) => {
      const n = 2 ** z;
      const rad = (lat * Math.PI) / 180;
      return {
        z,
        x: Math.floor(((lon + 180) / 360) * n),
        y: Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n),
      };
    };
    const wastewater = { analyte: 'METH', roundId: String(roundId) };
    interface Tile {
      layer: string;
      z: number;
      x: number;
      y: number;
      query: Record<string, string>;
    }
    const tiles: Tile[] = [];
    for (const layer of TILE_LAYERS)
      for (let z = Math.max(8, TILE_LAYER_MIN_ZOOM[layer.name]); z <= 14; z++) {
        const seen = new Set<string>();
        for (const p of points) {
          const tile = tileOf(p.lon, p.lat, z);
          const key = `${tile.x}/${tile.y}`;
          if (seen.has(key)) continue;
          seen.add(key);
          tiles.push({
            layer: layer.name,
            ...tile,
            query: ['sites', 'hotspots'].includes(layer.name) ? wastewater : {},
          });
        }
      }
    const tilePath = (t: Tile) =>
      `/tiles/${t.layer}/${t.z}/${t.x}/${t.y}.pbf${Object.keys(t.query).length ? `?${new URLSearchParams(t.query)}` : ''}`;
    const serverDb = createPgDb({ connectionString: BENCH_DATABASE_URL, schema: bench.schema });
    const ctx: AppContext = {
      config,
      db: serverDb,
      reads: primaryOnly(serverDb),
      log,
      jobsWritten: () => undefined,
      pingRedis: async () => undefined,
    };
    const server = await listen(createApp(ctx, buildRoutes(ctx)));
    const cookie = await benchAnalystCookie(server.url);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    // Connection open and PostGIS loaded: one empty tile first.
    await timedGet(agent, `${server.url}/tiles/districts/14/0/0.pbf`, cookie);
    // A tile past the tiles' statement ceiling answers 503: counted at the ceiling, and named.
    const coldServer: number[] = [];
    const refused: string[] = [];
    for (const tile of tiles)
      coldServer.push(
        await timedGet(agent, server.url + tilePath(tile), cookie).catch((error: Error) => {
          refused.push(error.message.replace(server.url, ''));
          return config.statementTimeoutMs.tiles;
        }),
      );
    agent.destroy();
    await server.close();
    await serverDb.close();
    const officeIds = (await db.query<{ id: number }>(`select id from offices order by id`)).rows.map((r) =>
      Number(r.id),
    );
    const [coldPsql] = psqlExecuteMs(
      tiles.map((tile) =>
        serverTileQuery(
          TILE_LAYERS.find((l) => l.name === tile.layer)!,
          tile,
          {
            query: tile.query,
            seesRestrictedSites: true,
            findingsRecordedBy: null,
            officeIds,
          },
        ),
      ),
    ) as [number[]];
    process.stdout.write(
      `${tiles.length} tiles, z8-z14 (from each layer's first zoom), ${points.length} places a zoom (photos, sites), cold (tile cache off, each tile once)\n` +
        'layer        tiles  server p95 / max (ms)   psql p95 / max (ms)   ratio (p95)  slowest tile\n',
    );
    const allServer: number[] = [];
    const allPsql: number[] = [];
    for (const layer of TILE_LAYERS) {
      const indexes = tiles.flatMap((tile, i) => (tile.layer === layer.name ? [i] : []));
      const s = indexes.map((i) => coldServer[i]!);
      const p = indexes.map((i) => coldPsql[i]!);
      allServer.push(...s);
      allPsql.push(...p);
      const slowest = indexes.reduce((a, b) => (coldServer[b]! > coldServer[a]! ? b : a));
      process.stdout.write(
        `${layer.name.padEnd(12)} ${String(indexes.length).padStart(5)}  ${quantile(s, 0.95).toFixed(1).padStart(9)} / ${Math.max(
          ...s,
        )
          .toFixed(1)
          .padStart(7)}     ${quantile(p, 0.95).toFixed(1).padStart(9)} / ${Math.max(...p)
          .toFixed(1)
          .padStart(
            7,
          )}   ${(quantile(s, 0.95) / quantile(p, 0.95)).toFixed(2).padStart(6)}       z${tiles[slowest]!.z}/${tiles[slowest]!.x}/${tiles[slowest]!.y}\n`,
      );
      // Where the time goes: each zoom's slowest tile, server (psql).
      const zooms = [...new Set(indexes.map((i) => tiles[i]!.z))];
      const slowestAt = (z: number, times: number[]) =>
        Math.max(...indexes.filter((i) => tiles[i]!.z === z).map((i) => times[i]!)).toFixed(0);
      process.stdout.write(
        `${''.padEnd(12)} max by zoom: ${zooms.map((z) => `z${z} ${slowestAt(z, coldServer)} (${slowestAt(z, coldPsql)})`).join(', ')}\n`,
      );
    }
    if (refused.length)
      process.stdout.write(
        `refused (counted at the ${config.statementTimeoutMs.tiles} ms ceiling): ${refused.join(', ')}\n`,
      );
    report(
      'every tile layer, cold: p95 over all sampled tiles',
      `${quantile(allServer, 0.95).toFixed(1)} ms (max ${Math.max(...allServer).toFixed(1)} ms)`,
      'the same ST_AsMVT query bare in psql, first EXECUTE',
      `${quantile(allPsql, 0.95).toFixed(1)} ms (max ${Math.max(...allPsql).toFixed(1)} ms)`,
      quantile(allServer, 0.95) / quantile(allPsql, 0.95),
      'each layer p95 < 50 ms',
    );
    process.stdout.write(`  ${load()}\n\n`);
  }

  // The province comparison -------------------------------------------------------------------
  if (parts.has('comparison')) {
    const officeIds = (await db.query<{ id: number }>(`select id from offices order by id`)).rows.map((r) =>
      Number(r.id),
    );
    const [{ id: rootId }] = (await db.query<{ id: number }>(`select root_office_id()::int as id`)).rows as [
      { id: number },
    ];
    const compare = (q: Queryable) =>
      loadProvinceComparison(
        q,
        { officeId: rootId, from: '2025-01-01', to: '2025-12-31', analyteCode: 'METH' },
        { officeId: rootId, visibleOfficeIds: officeIds },
      );
    const runs: number[] = [];
    let view: ProvinceComparisonView | undefined;
    for (let i = 0; i < 5; i++) {
      t = performance.now();
      view = await compare(db);
      runs.push(performance.now() - t);
    }
    // Its statements, as it sent them, each bare in psql; the anchor is their sum.
    const sent: { text: string; params: readonly unknown[] }[] = [];
    await compare({
      query: (sql, params) => {
        sent.push({ text: sql, params: params ?? [] });
        return db.query(sql, params);
      },
      exec: (sql) => db.exec(sql),
      copyFrom: (sql, source) => db.copyFrom(sql, source),
    });
    const passes = psqlExecuteMs(sent, 5);
    const bare = passes.map((pass) => pass.reduce((a, b) => a + b, 0));
    const slowest = sent
      .map((statement, i) => ({
        statement,
        ms: quantile(
          passes.map((pass) => pass[i]!),
          0.5,
        ),
      }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 3);
    for (const { statement, ms } of slowest)
      process.stdout.write(
        `  bare p50 ${ms.toFixed(0).padStart(5)} ms  ${statement.text.replace(/\s+/g, ' ').trim().slice(0, 110)}\n`,
      );
    const plants = view!.rows.reduce((n, r) => n + r.plantsSampled, 0);
    report(
      `the province comparison (loadProvinceComparison: ${view!.rows.length} cities and counties, ${plants} plants, a year, METH), 5 runs: first / p50`,
      `${runs[0]!.toFixed(0)} / ${quantile(runs, 0.5).toFixed(0)} ms`,
      `its ${sent.length} statements bare in psql, summed`,
      `${bare[0]!.toFixed(0)} / ${quantile(bare, 0.5).toFixed(0)} ms`,
      quantile(runs, 0.5) / quantile(bare, 0.5),
      '< 1 s',
    );
    process.stdout.write(`  ${load()}\n`);
  }
} finally {
  await db.close();
  if (process.env.BENCH_KEEP === '1') process.stdout.write(`kept schema ${bench.schema}\n`);
  else await bench.drop();
}
