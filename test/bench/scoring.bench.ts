/**
 * Benchmark: 1,000 sites × 71 analytes × 12 rounds (852,000 measurements) scored end to end
 * through the queue (nightly rescore-all → 71,000 score-series + 12 score-round jobs, BullMQ
 * workers with concurrency, real Redis) on the PostgreSQL server. Prints series/s and the
 * total, and the anchor: the same SQL reading every series without scoring, with the ratio.
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/skywater_bench), REDIS_URL,
 * BENCH_CONCURRENCY (default 16).
 */
import { randomBytes } from 'node:crypto';
import { loadConfig } from '@skywater/core/config/config';
import { createPgDb } from '@skywater/core/db/pg-db';
import { migrate } from '@skywater/core/db/migrate';
import { createLogger } from '@skywater/core/log/logger';
import { createQueues, processors, startWorkers } from '@skywater/workers';
import { seedReferenceData } from '../../server/src/reference/seed-reference-data';

const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/skywater_bench';
const concurrency = process.env.BENCH_CONCURRENCY ?? '16';
const SITES = 1000;
const ANALYTES = 71;
const ROUNDS = 12;

async function ensureDatabase() {
  const name = new URL(url).pathname.slice(1);
  const admin = createPgDb({ connectionString: url.replace(/\/[^/]*$/, '/postgres'), max: 1 });
  const exists = await admin.query(`select 1 from pg_database where datname = $1`, [name]);
  if (!exists.rows.length) await admin.exec(`create database "${name}"`);
  await admin.close();
  const db = createPgDb({ connectionString: url, max: 1 });
  await db.exec(`create extension if not exists postgis`);
  await db.close();
}

async function main() {
  await ensureDatabase();
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const setup = createPgDb({ connectionString: url, max: 1 });
  await setup.exec(`create schema ${schema}`);
  await setup.close();
  const db = createPgDb({ connectionString: url, schema, max: 24 });
  try {
    await migrate(db);
    await seedReferenceData(db);
    const generated = performance.now();
    await db.exec(`
      insert into analytes (code, name_en, name_zh, residue)
        select 'BX-' || lpad(g::text, 3, '0'), 'Bench analyte ' || g, '测试项目' || g, 'bench'
          from generate_series(1, ${ANALYTES} - (select count(*) from analytes)) g;
      insert into rounds (name, starts_on, ends_on)
        select 'B' || g, date '2024-01-01' + g * 30, date '2024-01-01' + g * 30 + 7 from generate_series(1, ${ROUNDS}) g;
      insert into sites (code, name, kind, geom, population_served)
        select 'S' || g, 'Site ' || g, 'sewer', st_setsrid(st_point(110.2 + random() * 0.3, 19.9 + random() * 0.2), 4326),
               1000 + (random() * 20000)::int
          from generate_series(1, ${SITES}) g;
      insert into samples (site_id, round_id, lab_sample_id, collected_start, collected_end, collection_type, flow_m3_per_day)
        select s.id, r.id, s.code || '-' || r.id, r.starts_on, r.starts_on + 1, 'composite_time', s.population_served * 0.25
          from sites s cross join rounds r;
      insert into measurements (sample_id, analyte_code, qualifier, value_ng_l, lod_ng_l, loq_ng_l)
        select sa.id, a.code, case when v < 1 then '<LOQ' else '=' end, case when v < 1 then null else v end, 0.5, 1
          from samples sa cross join analytes a
          cross join lateral (select round((exp(random() * 4))::numeric, 1)::float8 as v) x
         order by sa.id, a.code;
      analyze;`);
    const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from measurements`);
    console.log(
      `generated ${rows[0]!.n} measurements in ${((performance.now() - generated) / 1000).toFixed(1)} s`,
    );

    const anchorStart = performance.now();
    await db.query(
      `select s.site_id, m.analyte_code, array_agg(m.value_ng_l order by s.round_id) from samples s
         join measurements m on m.sample_id = s.id join sites st on st.id = s.site_id
        group by s.site_id, m.analyte_code`,
    );
    const anchorS = (performance.now() - anchorStart) / 1000;

    const config = loadConfig({
      DATABASE_URL: url,
      REDIS_URL: process.env.REDIS_URL,
      LOG_LEVEL: 'warn',
      QUEUE_PREFIX: `{bench-${randomBytes(3).toString('hex')}}`,
      WORKER_CONCURRENCY: concurrency,
    });
    const log = createLogger(config.logLevel);
    const queues = createQueues(config.redisUrl, config.queuePrefix);
    const workers = await startWorkers({ db, log, config }, queues, processors, []);
    const started = performance.now();
    await queues.get('scoring').add('rescore-all', {}, { jobId: 'bench-rescore' });
    for (;;) {
      await new Promise((r) => setTimeout(r, 500));
      const counts = await Promise.all(
        (['scoring', 'hotspots'] as const).map((q) =>
          queues.get(q).getJobCounts('waiting', 'active', 'delayed', 'prioritized'),
        ),
      );
      const pending = counts.reduce((s, c) => s + Object.values(c).reduce((a, b) => a + b, 0), 0);
      const failed = (await queues.get('scoring').getJobCounts('failed')).failed ?? 0;
      if (failed) throw new Error(`${failed} scoring jobs failed`);
      if (pending === 0 && performance.now() - started > 2_000) break;
    }
    const totalS = (performance.now() - started) / 1000;
    const scored = await db.query<{ n: number }>(`select count(*)::int as n from series_scores`);
    const hot = await db.query<{ n: number }>(
      `select count(distinct round_id)::int as n from hotspot_results`,
    );
    await workers.close(10_000);
    await queues.close();
    const series = scored.rows[0]!.n;
    console.log(
      `scoring: ${series} series and ${hot.rows[0]!.n} rounds in ${totalS.toFixed(1)} s → ${(series / totalS).toFixed(0)} series/s (goal < 60 s), concurrency ${concurrency}`,
    );
    console.log(
      `anchor: reading every series in one SQL query ${anchorS.toFixed(2)} s; ratio ${(totalS / anchorS).toFixed(1)}×`,
    );
  } finally {
    await db.close();
    const drop = createPgDb({ connectionString: url, max: 1 });
    await drop.exec(`drop schema ${schema} cascade`);
    await drop.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
