import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createPgDb, quoteIdent } from '@skywater/core/db/pg-db';

/** The PostgreSQL server benchmarks use: BENCH_DATABASE_URL, created with PostGIS if missing. */
export const BENCH_DATABASE_URL =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/skywater_bench';

export async function ensureBenchDatabase(url = BENCH_DATABASE_URL): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  const adminUrl = new URL(url);
  adminUrl.pathname = '/postgres';
  const admin = createPgDb({ connectionString: adminUrl.toString(), max: 1 });
  const { rows } = await admin.query('select 1 from pg_database where datname = $1', [name]);
  if (!rows.length) await admin.exec(`create database ${quoteIdent(name)}`);
  await admin.close();
  const db = createPgDb({ connectionString: url, max: 1 });
  await db.exec('create extension if not exists postgis');
  await db.close();
}

/** A fresh schema on the bench database; drop it when done. */
export async function freshSchema(url = BENCH_DATABASE_URL) {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const admin = createPgDb({ connectionString: url, max: 1 });
  await admin.exec(`create schema ${schema}`);
  return {
    schema,
    db: createPgDb({ connectionString: url, schema }),
    async drop() {
      await admin.exec(`drop schema ${schema} cascade`);
      await admin.close();
    },
  };
}

/** Runs psql against the bench database with the given search path; returns seconds taken. */
export function timePsql(args: string[], schema?: string, url = BENCH_DATABASE_URL): number {
  const started = performance.now();
  const result = spawnSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-q', ...args], {
    env: { ...process.env, PGOPTIONS: schema ? `-c search_path=${schema},public` : '' },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`);
  return (performance.now() - started) / 1000;
}

export function report(
  label: string,
  figure: string,
  anchorLabel: string,
  anchor: string,
  ratio: number,
  goal?: string,
) {
  process.stdout.write(
    `${label}: ${figure}\n  anchor (${anchorLabel}): ${anchor}\n  ratio: ${ratio.toFixed(2)}${goal ? `  (goal: ${goal})` : ''}\n`,
  );
}
