import type { Db } from '@skywater/core/db/db';

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
    transaction: (work) => inner.transaction(work),
    listen: (channel, handlers) => inner.listen(channel, handlers),
    withStatementTimeout: (ms, statementClass) =>
      countingDb(inner.withStatementTimeout(ms, statementClass), seen),
    foreground: () => inner.foreground(),
    close: () => inner.close(),
  };
}
