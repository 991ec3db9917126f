import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { Db } from '@skywater/core/db/db';
import { migrate } from '@skywater/core/db/migrate';
import { createPgDb, quoteIdent } from '@skywater/core/db/pg-db';
import { createPgliteDb } from '@skywater/core/db/pglite-db';

export interface TestDb {
  db: Db;
  /** Schema name on a server; null on PGlite. */
  schema: string | null;
  cleanup(): Promise<void>;
}

/**
 * A migrated, empty database of its own for one test file: a fresh schema on the server in
 * `serverUrl` or TEST_DATABASE_URL (dropped afterwards), or an in-memory PGlite started from
 * the template.
 */
export async function createTestDb(serverUrl?: string): Promise<TestDb> {
  const url = serverUrl ?? process.env.TEST_DATABASE_URL;
  if (url) {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = createPgDb({ connectionString: url, max: 1 });
    await admin.exec(`create schema ${quoteIdent(schema)}`);
    const db = createPgDb({ connectionString: url, schema, max: 5 });
    await migrate(db);
    return {
      db,
      schema,
      async cleanup() {
        await db.close();
        await admin.exec(`drop schema ${quoteIdent(schema)} cascade`);
        await admin.close();
      },
    };
  }
  const template = process.env.SKYWATER_PGLITE_TEMPLATE;
  const loadDataDir = template ? new Blob([fs.readFileSync(template)]) : undefined;
  const db = await createPgliteDb(undefined, { loadDataDir });
  await migrate(db);
  return { db, schema: null, cleanup: () => db.close() };
}

export const testBackend = () => (process.env.TEST_DATABASE_URL ? 'server' : 'embedded');
