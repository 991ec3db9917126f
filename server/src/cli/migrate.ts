import { loadConfig } from '@skywater/core/config/config';
import { openDb } from '@skywater/core/db/open-db';
import { enableAppRoleLogin, migrate } from '@skywater/core/db/migrate';

/**
 * `npm run migrate`: apply pending migrations and exit (deployments run it before the servers,
 * as the database's owner). With APP_DB_PASSWORD, the application's role `skywater_app`
 * (sql/009: data, no ownership, append-only tables kept so) may log in with that password.
 */
const config = loadConfig();
try {
  const db = await openDb(config);
  const applied = await migrate(db);
  if (config.appDbPassword) await enableAppRoleLogin(db, config.appDbPassword);
  await db.close();
  process.stdout.write(applied.length ? `Applied ${applied.join(', ')}\n` : 'The database is up to date.\n');
  if (config.appDbPassword) process.stdout.write('The role skywater_app may log in.\n');
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
