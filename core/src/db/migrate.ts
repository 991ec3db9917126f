import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db';
import { StartupError } from './open-db';

export const SQL_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../sql');

export interface Migration {
  version: string;
  name: string;
  sql: string;
}

/** `sql/NNN_name.sql`, in version order. */
export function readMigrations(dir = SQL_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((file) => /^\d{3}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: file.slice(0, 3),
      name: file.slice(4, -4),
      sql: fs.readFileSync(path.join(dir, file), 'utf8'),
    }));
}

/**
 * Applies the migrations not yet recorded in `schema_migrations`, each in its own transaction.
 * Every transaction first takes a transaction-scoped advisory lock, so two processes starting
 * at once apply each migration exactly once: the second waits, then finds it recorded.
 */
export async function migrate(db: Db, migrations = readMigrations()): Promise<string[]> {
  await assertPostgisAvailable(db);
  const lock = `select pg_advisory_xact_lock(hashtext('skywater:migrate:' || current_schema()))`;
  await db.transaction(async (tx) => {
    await tx.query(lock);
    // Looked up first: the application's role (sql/009) may not create tables.
    const { rows } = await tx.query<{ present: boolean }>(
      `select to_regclass('schema_migrations') is not null as present`,
    );
    if (rows[0]?.present) return;
    await tx.exec(`create table if not exists schema_migrations (
      version text primary key,
      name text not null,
      applied_at timestamptz not null default now())`);
  });
  const applied: string[] = [];
  for (const migration of migrations) {
    const didApply = await db.transaction(async (tx) => {
      await tx.query(lock);
      const done = await tx.query('select 1 from schema_migrations where version = $1', [migration.version]);
      if (done.rows.length > 0) return false;
      await tx.exec(migration.sql).catch((error: { code?: string; message: string }) => {
        if (error.code !== '42501') throw error;
        throw new StartupError(
          `Migration ${migration.version}_${migration.name} is pending and this account may not apply it (${error.message}): run \`npm run migrate\` with the database owner's DATABASE_URL first.`,
        );
      });
      await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      return true;
    });
    if (didApply) applied.push(`${migration.version}_${migration.name}`);
  }
  return applied;
}

/** A server without PostGIS gets a message naming the package, before anything is written. */
export async function assertPostgisAvailable(db: Db): Promise<void> {
  const { rows } = await db.query<{ available: boolean }>(
    `select exists (select 1 from pg_available_extensions where name = 'postgis') as available`,
  );
  if (!rows[0]?.available) {
    throw new StartupError(
      'PostGIS is not installed on the database server: install it (Debian: apt-get install postgresql-15-postgis-3; Docker: the postgis/postgis image), then start again.',
    );
  }
}

/** What `/api/ready` checks: every migration recorded, PostGIS answering. */
export async function schemaStatus(db: Db, migrations = readMigrations()) {
  const { rows } = await db.query<{ versions: string[] | null; postgis: string | null }>(
    `select (select array_agg(version order by version) from schema_migrations) as versions, postgis_lib_version() as postgis`,
  );
  const recorded = new Set(rows[0]?.versions ?? []);
  const pending = migrations.filter((m) => !recorded.has(m.version)).map((m) => m.version);
  const latest = migrations.at(-1)?.version ?? '000';
  return {
    migrated: pending.length === 0,
    version: [...recorded].sort().at(-1) ?? null,
    latest,
    pending,
    postgis: rows[0]?.postgis ?? null,
  };
}

/**
 * Grants the application's role (sql/009) on this schema again (it may have been created by an
 * administrator since) and lets it log in with `password` (ALTER ROLE takes no parameters).
 */
export async function enableAppRoleLogin(db: Db, password: string): Promise<void> {
  await db.query('select grant_app_role()');
  const { rows } = await db.query<{ exists: boolean }>(
    `select exists (select from pg_roles where rolname = 'skywater_app') as exists`,
  );
  if (!rows[0]?.exists) {
    throw new StartupError(
      'The role skywater_app does not exist and this account may not create roles: as a database administrator run `create role skywater_app nologin`, then migrate again.',
    );
  }
  const literal = `'${password.replaceAll("'", "''")}'`;
  await db.exec(`alter role skywater_app login password ${literal}`);
}
