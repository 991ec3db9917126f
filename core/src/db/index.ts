export * from './db';
export { createPgDb, quoteIdent } from './pg-db';
export { createPgliteDb, EmbeddedDatabaseInUseError } from './pglite-db';
export { openDb, StartupError, assertWritableDir, redactUrl } from './open-db';
export { migrate, readMigrations, schemaStatus, assertPostgisAvailable, SQL_DIR } from './migrate';
