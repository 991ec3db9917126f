import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { migrate, readMigrations, SQL_DIR } from '@skywater/core/db/migrate';
import { createPgliteDb } from '@skywater/core/db/pglite-db';
import { createLogger } from '@skywater/core/log/logger';
import { loadDemoData } from '../../server/src/demo/load-demo';
import { seedReferenceData } from '../../server/src/reference/seed-reference-data';
import { ensureBenchDatabase, freshSchema, report, timePsql } from './bench-database';

/**
 * Migration + seed time on both backends. Anchors: on the server, the same migration files
 * applied raw with `psql -f`; embedded, a bare PGlite opened with PostGIS (its fixed cost).
 */
const log = createLogger('silent');
const seconds = (since: number) => (performance.now() - since) / 1000;

await ensureBenchDatabase();
const server = await freshSchema();
let t = performance.now();
await migrate(server.db);
const serverMigrate = seconds(t);
t = performance.now();
await seedReferenceData(server.db);
await loadDemoData(server.db, log);
const serverSeed = seconds(t);
await server.db.close();
await server.drop();

const raw = await freshSchema();
const rawSeconds = timePsql(
  readMigrations().flatMap((m) => ['-f', `${SQL_DIR}/${m.version}_${m.name}.sql`]),
  raw.schema,
);
await raw.db.close();
await raw.drop();
report(
  'server: migrate',
  `${serverMigrate.toFixed(2)} s (+ seed and demo data ${serverSeed.toFixed(2)} s)`,
  'psql -f of the same migrations',
  `${rawSeconds.toFixed(2)} s`,
  serverMigrate / rawSeconds,
  'overhead small',
);

t = performance.now();
const bare = await PGlite.create({ extensions: { postgis } });
await bare.exec('create extension postgis');
const bareSeconds = seconds(t);
await bare.close();
t = performance.now();
const embedded = await createPgliteDb();
await migrate(embedded);
const embeddedMigrate = seconds(t);
t = performance.now();
await seedReferenceData(embedded);
await loadDemoData(embedded, log);
const embeddedSeed = seconds(t);
await embedded.close();
report(
  'embedded: open + migrate',
  `${embeddedMigrate.toFixed(2)} s (+ seed and demo data ${embeddedSeed.toFixed(2)} s)`,
  'bare PGlite + create extension postgis',
  `${bareSeconds.toFixed(2)} s`,
  embeddedMigrate / bareSeconds,
);
