/**
 * Benchmark: scoring what a large import touched. An import of a round for 250 sites × 20
 * analytes (5,000 series; BENCH_SITES) queues, since the change, `score-sites` jobs of 200
 * sites and the analytes touched (`scoringJobs`, server/src/wastewater/scoring-jobs.ts); before
 * it, one `score-series` job per series. Both are timed through the outbox, the relay, BullMQ
 * and the workers (WORKER_CONCURRENCY, default 2), from the jobs' commit to the scoring queue
 * drained, each run starting with no stored score (so every series is scored). The figure is the
 * grouped path; the anchor the job per series, run between two grouped runs (the first also
 * raises the alerts, which the later runs find standing). PostgreSQL server (BENCH_DATABASE_URL).
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { loadConfig } from '@skywater/core/config/config';
import { createPgDb } from '@skywater/core/db/pg-db';
import { migrate } from '@skywater/core/db/migrate';
import { createLogger } from '@skywater/core/log/logger';
import { outboxJob } from '@skywater/core/jobs/outbox-job';
import { scoreSeriesJob } from '@skywater/core/jobs/scoring-jobs';
import { enqueueAllInTransaction, type OutboxJob } from '@skywater/core/outbox/outbox';
import { createQueues, processors, startOutboxRelay, startWorkers } from '@skywater/workers';
import { seedReferenceData } from '../../server/src/reference/seed-reference-data';
import { scoringJobs, type TouchedSeries } from '../../server/src/wastewater/scoring-jobs';
import { BENCH_DATABASE_URL, ensureBenchDatabase, report } from './bench-database';
import { syntheticSeriesSql } from './synthetic-series';

const url = BENCH_DATABASE_URL;
const SITES = Number(process.env.BENCH_SITES ?? '250');
const ANALYTES = 20;
const ROUNDS = 6;

async function main() {
  await ensureBenchDatabase(url);
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const setup = createPgDb({ connectionString: url, max: 1 });
  await setup.exec(`create schema ${schema}`);
  await setup.close();
  const config = loadConfig({
    DATABASE_URL: url,
    REDIS_URL: process.env.REDIS_URL,
    LOG_LEVEL: 'warn',
    QUEUE_PREFIX: `{bench-${randomBytes(3).toString('hex')}}`,
    WORKER_CONCURRENCY: process.env.WORKER_CONCURRENCY ?? '2',
  });
  const db = createPgDb({ connectionString: url, schema, max: 2 * config.workerConcurrency + 4 });
  try {
    await migrate(db);
    await seedReferenceData(db);
    await db.exec(syntheticSeriesSql({ sites: SITES, rounds: ROUNDS, analytes: ANALYTES }));
    const { rows: touched } = await db.query<TouchedSeries>(
      `select distinct s.site_id::int as "siteId", m.analyte_code as "analyteCode"
         from measurements m join samples s on s.id = m.sample_id order by 1, 2`,
    );
    const log = createLogger(config.logLevel);
    const queues = createQueues(config, config.queuePrefix);
    const workers = await startWorkers(
      { db, log, config },
      queues,
      { scoring: processors.scoring, hotspots: processors.hotspots },
      [],
    );
    const relay = startOutboxRelay(db, queues, log, 200);

    /** Seconds from the jobs' commit to the scoring queue drained, starting with no stored score. */
    const timed = async (jobs: OutboxJob[]) => {
      await db.exec('delete from series_scores');
      const started = performance.now();
      await db.transaction((tx) => enqueueAllInTransaction(tx, jobs));
      for (;;) {
        await new Promise((r) => setTimeout(r, 100));
        const counts = await queues
          .get('scoring')
          .getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed');
        if (counts.failed) throw new Error(`${counts.failed} scoring jobs failed`);
        const { rows } = await db.query<{ n: number }>(
          `select count(*)::int as n from outbox where relayed_at is null`,
        );
        if (
          rows[0]!.n === 0 &&
          counts.waiting! + counts.active! + counts.delayed! + counts.prioritized! === 0
        )
          break;
      }
      const seconds = (performance.now() - started) / 1000;
      const scored = (await db.query<{ n: number }>(`select count(*)::int as n from series_scores`)).rows[0]!
        .n;
      if (scored !== touched.length) throw new Error(`${scored} series scored of ${touched.length}`);
      return seconds;
    };
    const grouped = (cause: string) => scoringJobs(touched, [], 1, cause);
    const perSeries = (cause: string) =>
      touched.map(({ siteId, analyteCode }) =>
        outboxJob(
          scoreSeriesJob,
          { siteId, analyteCode, batchId: 1 },
          {
            jobId: `score-series-${siteId}-${analyteCode}-${cause}`,
            dedupId: `series:${siteId}:${analyteCode}`,
          },
        ),
      );
    const jobsGrouped = grouped('g0').length;
    const first = await timed(grouped('g1'));
    const before = await timed(perSeries('s1'));
    const after = await timed(grouped('g2'));
    await relay.stop();
    await workers.close(10_000);
    await queues.close();
    console.log(
      `${touched.length.toLocaleString('en')} series (${SITES} sites × ${ANALYTES} analytes, ${ROUNDS} rounds each), ` +
        `${config.workerConcurrency} jobs at a time; first grouped run (raising the alerts) ${first.toFixed(1)} s`,
    );
    report(
      `scored in ${jobsGrouped} score-sites jobs (an import's jobs now)`,
      `${after.toFixed(1)} s`,
      `${touched.length.toLocaleString('en')} score-series jobs, one per series (an import's jobs before)`,
      `${before.toFixed(1)} s`,
      after / before,
    );
    console.log(
      `  load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} on ${os.cpus().length} cores`,
    );
  } finally {
    if (!process.env.BENCH_KEEP) await db.exec(`drop schema ${schema} cascade`).catch(() => undefined);
    await db.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
