import { loadConfig } from '@skywater/core/config/config';
import { openDb } from '@skywater/core/db/open-db';
import { migrate } from '@skywater/core/db/migrate';

/** `npm run migrate`: apply pending migrations and exit (deployments run it before the servers). */
const config = loadConfig();
try {
  const db = await openDb(config);
  const applied = await migrate(db);
  await db.close();
  process.stdout.write(applied.length ? `Applied ${applied.join(', ')}\n` : 'The database is up to date.\n');
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
