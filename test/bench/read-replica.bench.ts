import { createPgDb } from '@skywater/core/db/pg-db';
import { BENCH_DATABASE_URL, report } from './bench-database';

/**
 * How far behind a hot standby on the same machine reads (test/support/start-pg-replica.sh):
 * BENCH_REPLICA_ROUNDS (default 100) one-row commits on the primary, each followed by reading the
 * standby until the row is there. Figure: p50 / p95 of commit → visible on the standby. Anchor:
 * the commit itself on the primary. BENCH_DATABASE_READ_URL: the standby (default: the primary's
 * URL on port 5433). Nothing of the application's routing is in the figure: it is the floor
 * under the time a writer's reads stay on the primary (that routing polls once a second).
 */
const ROUNDS = Number(process.env.BENCH_REPLICA_ROUNDS ?? '100');
const readUrl =
  process.env.BENCH_DATABASE_READ_URL ??
  Object.assign(new URL(BENCH_DATABASE_URL), { port: '5433' }).toString();

const primary = createPgDb({ connectionString: BENCH_DATABASE_URL, max: 1 });
const standby = createPgDb({ connectionString: readUrl, max: 1 });
const table = `replica_bench_${process.pid}`;
const p = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.ceil(q * values.length) - 1]!;
try {
  await primary.exec(`create table public.${table} (id int primary key)`);
  const commitMs: number[] = [];
  const visibleMs: number[] = [];
  for (let id = 1; id <= ROUNDS; id++) {
    const started = performance.now();
    await primary.query(`insert into public.${table} values ($1)`, [id]);
    commitMs.push(performance.now() - started);
    for (;;) {
      const { rows } = await standby
        .query(`select 1 from public.${table} where id = $1`, [id])
        .catch(() => ({ rows: [] as unknown[] }));
      if (rows.length) break;
    }
    visibleMs.push(performance.now() - started);
  }
  report(
    `commit → visible on the standby, ${ROUNDS} commits`,
    `p50 ${p(visibleMs, 0.5).toFixed(1)} ms, p95 ${p(visibleMs, 0.95).toFixed(1)} ms`,
    'the commit on the primary',
    `p50 ${p(commitMs, 0.5).toFixed(1)} ms, p95 ${p(commitMs, 0.95).toFixed(1)} ms`,
    p(visibleMs, 0.95) / p(commitMs, 0.95),
  );
} finally {
  await primary.exec(`drop table if exists public.${table}`);
  await primary.close();
  await standby.close();
}
