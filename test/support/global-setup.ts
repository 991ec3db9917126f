import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPgliteDb } from '@skywater/core/db/pglite-db';
import { migrate, readMigrations } from '@skywater/core/db/migrate';

/**
 * Once per test run. On the embedded backend, migrating a fresh PGlite costs 10-30 s, so the
 * migrated database is dumped once (keyed by the migrations' content) and every test file
 * starts from that dump. On a server (TEST_DATABASE_URL), each file migrates its own schema.
 */
export default async function globalSetup() {
  if (process.env.TEST_DATABASE_URL) return;
  const hash = createHash('sha256');
  for (const m of readMigrations()) hash.update(m.version).update(m.sql);
  const file = path.join(os.tmpdir(), `skywater-pglite-template-${hash.digest('hex').slice(0, 16)}.tar.gz`);
  if (!fs.existsSync(file)) {
    const db = await createPgliteDb();
    await migrate(db);
    const dump = await db.dump();
    fs.writeFileSync(`${file}.tmp`, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(`${file}.tmp`, file);
    await db.close();
  }
  process.env.SKYWATER_PGLITE_TEMPLATE = file;
}
