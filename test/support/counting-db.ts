import type { Db } from '@skywater/core/db/db';
import { primaryOnly } from '@skywater/core/db/read-replica';
import { createLogger } from '@skywater/core/log/logger';
import type { AppContext } from '../../server/src/app-context';
import { createApp } from '../../server/src/http/app';
import { buildRoutes } from '../../server/src/routes';
import { listen } from '../bench/bench-http';
import type { TestApp } from './test-app';

/** `inner`, calling `seen` with each statement's text before it is sent (tests count statements). */
export function countingDb(inner: Db, seen: (sql: string) => void): Db {
  return {
    backend: inner.backend,
    query(sql, params) {
      seen(sql);
      return inner.query(sql, params);
    },
    exec: (sql) => inner.exec(sql),
    copyFrom: (sql, source) => inner.copyFrom(sql, source),
    // A transaction's statements are seen too, as they are sent.
    transaction: (work) =>
      inner.transaction((tx) =>
        work({
          query(sql, params) {
            seen(sql);
            return tx.query(sql, params);
          },
          exec: (sql) => tx.exec(sql),
          copyFrom: (sql, source) => tx.copyFrom(sql, source),
        }),
      ),
    listen: (channel, handlers) => inner.listen(channel, handlers),
    withStatementTimeout: (ms, statementClass) =>
      countingDb(inner.withStatementTimeout(ms, statementClass), seen),
    foreground: () => inner.foreground(),
    close: () => inner.close(),
  };
}

/**
 * A second HTTP app on the test app's database, its API statements passing through `seen`
 * (countingDb): the tests that count what the application asks the database.
 */
export async function serveCounting(
  app: TestApp,
  seen: (sql: string) => void,
): Promise<{ url: string; db: Db; close(): Promise<void> }> {
  const db = countingDb(app.db.withStatementTimeout(app.config.statementTimeoutMs.api, 'api'), seen);
  const ctx: AppContext = {
    config: app.config,
    db,
    reads: primaryOnly(db),
    log: createLogger('silent'),
    jobsWritten: () => undefined,
    pingRedis: async () => undefined,
  };
  const served = await listen(createApp(ctx, buildRoutes(ctx)));
  return { url: served.url, db, close: () => served.close() };
}
