/**
 * Benchmark: 1,000 sites × 71 analytes × 12 rounds (852,000 measurements) scored end to end
 * (about one in nine below the LOQ, so the censored trends run) through the queue on the PostgreSQL
 * server: the nightly `rescore-all` job → 50 `score-sites`
 * batch jobs (20 sites, ~1,420 series each) + 12 `score-round` jobs → their `score-emerging`
 * jobs (through the outbox relay), BullMQ workers with concurrency, real Redis. Prints the total
 * (enqueue → every job completed), series/s, when series, rounds and the emerging step were
 * done, the event loop's longest delay during the run (BullMQ's lock is 30 s), and the anchor:
 * the same SQL reading all 852,000 measurements ordered by series (psql, output discarded),
 * with the ratio.
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/skywater_bench), REDIS_URL,
 * BENCH_CONCURRENCY (default 4: this machine has 2 cores), BENCH_KEEP_SCHEMA (set: the schema is
 * left in place, its name printed, to examine the statements on the same data).
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadConfig } from '@skywater/core/config/config';
import { createPgDb } from '@skywater/core/db/pg-db';
import { migrate } from '@skywater/core/db/migrate';
import { createLogger } from '@skywater/core/log/logger';
import { createQueues, processors, startOutboxRelay, startWorkers } from '@skywater/workers';
import { scoreSeriesRows } from '@skywater/core/scoring/compute-series-score';
import { COMPANION_ANALYTES } from '@skywater/core/scoring/series-signals';
import type { Db } from '@skywater/core/db/db';
import { loadSitesMeasurements, type SiteMeasurement } from '../../workers/src/scoring/load-series';
import { loadSiteAreas, ROUND_ORDER_SQL } from '../../workers/src/scoring/round-order';
import { seedReferenceData } from '../../server/src/reference/seed-reference-data';
import { backendCpu, timedDb } from './statement-timings';
import { BENCH_DATABASE_URL, ensureBenchDatabase, report, timePsql } from './bench-database';
import { syntheticSeriesSql } from './synthetic-series';

const url = BENCH_DATABASE_URL;
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? '4');
const SITES = 1000;
const ANALYTES = 71;
const ROUNDS = 12;
const SERIES = SITES * ANALYTES;

async function main() {
  await ensureBenchDatabase(url);
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const setup = createPgDb({ connectionString: url, max: 1 });
  await setup.exec(`create schema ${schema}`);
  await setup.close();
  // Two queues (scoring, hotspots) of `concurrency` jobs, one connection each at most, plus the relay.
  // Named, so the server's CPU for this run can be read from its backends.
  const named = new URL(url);
  named.searchParams.set('application_name', schema);
  const rawDb = createPgDb({ connectionString: named.toString(), schema, max: 2 * concurrency + 4 });
  const statements = timedDb(rawDb);
  const db = statements.db;
  const serverCpu = backendCpu(rawDb, schema);
  try {
    await migrate(db);
    await seedReferenceData(db);
    const generated = performance.now();
    await db.exec(`
      insert into analytes (code, name_en, name_zh, residue)
        select 'BX-' || lpad(g::text, 3, '0'), 'Bench analyte ' || g, '测试项目' || g, 'bench'
          from generate_series(1, ${ANALYTES} - (select count(*) from analytes)) g;
    `);
    await db.exec(syntheticSeriesSql({ sites: SITES, rounds: ROUNDS, analytes: ANALYTES }));
    const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from measurements`);
    console.log(
      `generated ${rows[0]!.n} measurements in ${((performance.now() - generated) / 1000).toFixed(1)} s`,
    );

    // The anchor: what the score-sites jobs read (same columns, joins and order), for every site at once.
    const anchorS = timePsql(
      [
        '-c',
        `\\o /dev/null`,
        '-c',
        `with round_order as (${ROUND_ORDER_SQL})
         select s.site_id, m.id, m.analyte_code, s.round_id, ro.idx, m.qualifier, m.value_ng_l, m.lod_ng_l,
                m.loq_ng_l, m.uloq_ng_l, s.flow_m3_per_day, coalesce(s.population, st.population_served)
           from samples s join sites st on st.id = s.site_id join round_order ro on ro.id = s.round_id and ro.area = coalesce(st.area_id, -1)
           join measurements m on m.sample_id = s.id
          order by s.site_id, ro.idx, m.id`,
      ],
      schema,
      url,
    );

    const config = loadConfig({
      DATABASE_URL: url,
      REDIS_URL: process.env.REDIS_URL,
      LOG_LEVEL: 'warn',
      QUEUE_PREFIX: `{bench-${randomBytes(3).toString('hex')}}`,
      WORKER_CONCURRENCY: String(concurrency),
    });
    const log = createLogger(config.logLevel);
    const queues = createQueues(config, config.queuePrefix);
    const table = { scoring: processors.scoring, hotspots: processors.hotspots };
    const workers = await startWorkers({ db, log, config }, queues, table, []);
    const relay = startOutboxRelay(db, queues, log, 500);
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    await serverCpu.sample();
    serverCpu.mark();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    await queues.get('scoring').add('rescore-all', {}, { jobId: 'bench-rescore' });
    const done: Record<string, number> = {};
    for (;;) {
      await new Promise((r) => setTimeout(r, 250));
      await serverCpu.sample();
      const [scoring, hotspots] = await Promise.all(
        (['scoring', 'hotspots'] as const).map((q) =>
          queues.get(q).getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed'),
        ),
      );
      const failed = (scoring!.failed ?? 0) + (hotspots!.failed ?? 0);
      if (failed) throw new Error(`${failed} jobs failed`);
      const busy = (c: Record<string, number>) => c.waiting! + c.active! + c.delayed! + c.prioritized!;
      const state = await db.query<{ generation: number; done_generation: number; unrelayed: number }>(
        `select generation, done_generation, (select count(*)::int from outbox where relayed_at is null) as unrelayed
           from hotspot_generation`,
      );
      const { generation, done_generation: doneGeneration, unrelayed } = state.rows[0]!;
      if (seconds() > 1 && busy(scoring!) === 0) done.series ??= seconds();
      if (generation >= ROUNDS) done.rounds ??= seconds();
      if (generation >= ROUNDS && doneGeneration === generation) done.emerging ??= seconds();
      if (done.series && done.emerging && busy(hotspots!) === 0 && unrelayed === 0) break;
      // Generous: on a loaded machine (other runs on the 2 cores) the run takes many times its quiet figure.
      if (seconds() > 1800) throw new Error('not done after 1,800 s');
    }
    const totalS = seconds();
    const cpu = process.cpuUsage(cpuBefore);
    await serverCpu.sample();
    loop.disable();
    const scored = await db.query<{ n: number }>(`select count(*)::int as n from series_scores`);
    const hot = await db.query<{ rounds: number; rows: number; emerging: number; alerts: number }>(
      `select count(distinct round_id)::int as rounds, count(*)::int as rows,
              (select count(*)::int from emerging_hotspots) as emerging, (select count(*)::int from alerts) as alerts
         from hotspot_results`,
    );
    const completed = [
      ...(await queues.get('scoring').getJobs(['completed'], 0, 1000)),
      ...(await queues.get('hotspots').getJobs(['completed'], 0, 1000)),
    ];
    const byName = new Map<string, { n: number; sumMs: number; maxMs: number }>();
    for (const j of completed) {
      const ms = (j.finishedOn ?? 0) - (j.processedOn ?? 0);
      const entry = byName.get(j.name) ?? { n: 0, sumMs: 0, maxMs: 0 };
      entry.n++;
      entry.sumMs += ms;
      entry.maxMs = Math.max(entry.maxMs, ms);
      byName.set(j.name, entry);
    }
    const emergingRuns = completed.filter((j) => j.name === 'score-emerging');
    const classified = emergingRuns.filter(
      (j) => j.name === 'score-emerging' && (j.returnvalue as { status?: string })?.status === 'classified',
    ).length;
    await relay.stop();
    await workers.close(10_000);
    await queues.close();
    const series = scored.rows[0]!.n;
    const h = hot.rows[0]!;
    console.log(
      `scored ${series} series (of ${SERIES}), ${h.rounds} rounds (${h.rows} Gi* rows), ${h.emerging} emerging patterns ` +
        `(${classified} full emerging runs), ${h.alerts} alerts; concurrency ${concurrency} per queue`,
    );
    console.log(
      `done at: series ${done.series!.toFixed(1)} s, rounds ${done.rounds!.toFixed(1)} s, emerging ${done.emerging!.toFixed(1)} s`,
    );
    console.log(
      `jobs: ${[...byName].map(([name, e]) => `${name} ${e.n} × ${(e.sumMs / e.n / 1000).toFixed(2)} s (max ${(e.maxMs / 1000).toFixed(1)} s)`).join(', ')}`,
    );
    console.log(
      `this process: ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU in ${totalS.toFixed(1)} s (${((100 * (cpu.user + cpu.system)) / 1e6 / totalS).toFixed(0)} % of one core); load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`,
    );
    console.log(
      `server backends of this run: ${serverCpu.seconds().toFixed(1)} s CPU (generation and anchor excluded)`,
    );
    console.log(`statements (wall time, connection waits excluded):\n  ${statements.top(14).join('\n  ')}`);
    console.log(
      `event loop: longest delay ${(loop.max / 1e6).toFixed(0)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(0)} ms (BullMQ lock 30,000 ms)`,
    );
    const intervals = await intervalsCost(db);
    console.log(
      `pure series scoring in this process (every series, read excluded): with the spikes' 95 % intervals ` +
        `${intervals.withS.toFixed(1)} s, without ${intervals.withoutS.toFixed(1)} s: the intervals cost ` +
        `${(intervals.withS - intervals.withoutS).toFixed(1)} s (${((100 * (intervals.withS - intervals.withoutS)) / intervals.withoutS).toFixed(0)} %); ` +
        `${intervals.censored} series with censored rounds (censored Mann-Kendall)`,
    );
    report(
      'scoring end to end through the queue',
      `${totalS.toFixed(1)} s, ${(series / totalS).toFixed(0)} series/s`,
      'psql reading all 852,000 measurements ordered by series, output discarded',
      `${anchorS.toFixed(2)} s`,
      totalS / anchorS,
      '< 60 s',
    );
  } finally {
    await db.close();
    if (process.env.BENCH_KEEP_SCHEMA) console.log(`schema ${schema} kept (BENCH_KEEP_SCHEMA)`);
    else {
      const drop = createPgDb({ connectionString: url, max: 1 });
      await drop.exec(`drop schema ${schema} cascade`);
      await drop.close();
    }
  }
}

/**
 * The cost of the 95 % intervals: every series scored again in this process, as the batch jobs do
 * (20 sites a read), with and without the spike rule's interval test, timing the maths only
 * (each batch both ways, in alternating order).
 */
async function intervalsCost(db: Db): Promise<{ withS: number; withoutS: number; censored: number }> {
  const { rows } = await db.query<{ id: number }>(`select id from sites order by id`);
  let withS = 0;
  let withoutS = 0;
  let censored = 0;
  for (let start = 0; start < rows.length; start += 20) {
    const siteIds = rows.slice(start, start + 20).map((r) => Number(r.id));
    const measurements = await loadSitesMeasurements(db, siteIds, await loadSiteAreas(db, siteIds));
    const bySeries = new Map<string, SiteMeasurement[]>();
    for (const m of measurements) {
      const key = `${m.siteId}:${m.analyteCode}`;
      const list = bySeries.get(key);
      if (list) list.push(m);
      else bySeries.set(key, [m]);
    }
    // Alternate which goes first, batch by batch: the first pass pays for the freshly read rows' garbage.
    for (const intervals of start % 40 === 0 ? [true, false] : [false, true]) {
      const t0 = performance.now();
      for (const [key, series] of bySeries) {
        const analyteCode = series[0]!.analyteCode;
        const companion = COMPANION_ANALYTES[analyteCode];
        scoreSeriesRows({
          siteId: series[0]!.siteId,
          analyteCode,
          rows: series,
          companionRows: companion ? (bySeries.get(`${key.split(':')[0]}:${companion}`) ?? []) : [],
          correctionFactor: null,
          inputsVersion: '',
          intervals,
        });
        if (intervals && series.some((r) => r.qualifier !== '=')) censored++;
      }
      const s = (performance.now() - t0) / 1000;
      if (intervals) withS += s;
      else withoutS += s;
    }
  }
  return { withS, withoutS, censored };
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
