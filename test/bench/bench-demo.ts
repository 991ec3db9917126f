import { migrate } from '@skywater/core/db/migrate';
import type { Logger } from '@skywater/core/log/logger';
import { createUserIfMissing } from '../../server/src/auth/users';
import { loadDemoData } from '../../server/src/demo/load-demo';
import { seedReferenceData } from '../../server/src/reference/seed-reference-data';
import { ensureBenchDatabase, freshSchema } from './bench-database';

/** The analyst the HTTP benchmarks log in as. */
export const BENCH_ANALYST = { username: 'analyst', password: 'Bench-password-1' } as const;

/**
 * A fresh schema on the bench database, migrated, seeded, with the demo data and the bench
 * analyst: what the HTTP benchmarks serve. Drop it when done (`drop()`).
 */
export async function demoSchemaWithAnalyst(log: Logger) {
  await ensureBenchDatabase();
  const bench = await freshSchema();
  await migrate(bench.db);
  await seedReferenceData(bench.db);
  await loadDemoData(bench.db, log);
  await createUserIfMissing(bench.db, { ...BENCH_ANALYST, roles: ['analyst'] });
  return bench;
}

/** Logs the bench analyst in on the app at `url`; their session cookie (`name=value`). */
export async function benchAnalystCookie(url: string): Promise<string> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(BENCH_ANALYST),
  });
  return login.headers.get('set-cookie')!.split(';')[0]!;
}
