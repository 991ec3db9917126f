import fs from 'node:fs';
import type { Db, Queryable } from '@skywater/core/db/db';

interface Timing {
  n: number;
  ms: number;
  maxMs: number;
}

/**
 * The same database, timing every statement (wall time from the call to the answer, waits for a
 * connection excluded) by its first words, so a bench can say which statements its time goes to.
 */
export function timedDb(db: Db): { db: Db; top(count: number): string[] } {
  const timings = new Map<string, Timing>();
  const record = (sql: string, ms: number) => {
    const label = statementLabel(sql);
    const t = timings.get(label) ?? { n: 0, ms: 0, maxMs: 0 };
    t.n++;
    t.ms += ms;
    t.maxMs = Math.max(t.maxMs, ms);
    timings.set(label, t);
  };
  const timed = (q: Queryable): Queryable => ({
    async query(sql, params) {
      const started = performance.now();
      try {
        return await q.query(sql, params);
      } finally {
        record(sql, performance.now() - started);
      }
    },
    exec: (sql) => q.exec(sql),
    copyFrom: (sql, source) => q.copyFrom(sql, source),
  });
  const wrap = (inner: Db): Db => ({
    ...timed(inner),
    backend: inner.backend,
    transaction: (work) => inner.transaction((tx) => work(timed(tx))),
    listen: (channel, handlers) => inner.listen(channel, handlers),
    withStatementTimeout: (ms, statementClass) => wrap(inner.withStatementTimeout(ms, statementClass)),
    foreground: () => inner.foreground(),
    close: () => inner.close(),
  });
  return {
    db: wrap(db),
    top: (count) =>
      [...timings]
        .sort((a, b) => b[1].ms - a[1].ms)
        .slice(0, count)
        .map(
          ([label, t]) =>
            `${(t.ms / 1000).toFixed(1).padStart(6)} s ${String(t.n).padStart(5)} × (max ${(t.maxMs / 1000).toFixed(2)} s) ${label}`,
        ),
  };
}

/** A statement's first words after its CTE names, enough to tell the job's statements apart. */
function statementLabel(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  const main = flat.replace(/^with .*?\)\s*(select|insert|update|delete)\b/i, 'with … $1');
  return main.slice(0, 90);
}

/**
 * CPU seconds of the server's backends whose application_name is `name` (read from /proc: the
 * server runs on this machine). Call `sample()` now and then: a backend that ends takes its
 * figure with it, so the last reading of each is kept.
 */
export function backendCpu(db: Queryable, name: string) {
  const ticksPerS = 100;
  const last = new Map<number, number>();
  let fromS = 0;
  const total = () => [...last.values()].reduce((a, b) => a + b, 0) / ticksPerS;
  return {
    async sample(): Promise<void> {
      const { rows } = await db.query<{ pid: number }>(
        `select pid from pg_stat_activity where application_name = $1`,
        [name],
      );
      for (const { pid } of rows) {
        try {
          const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
          last.set(pid, Number(fields[11]) + Number(fields[12]));
        } catch {
          // ended between the query and the read: its last reading stands
        }
      }
    },
    /** Counts from here on (after a `sample()`). */
    mark: () => void (fromS = total()),
    seconds: () => total() - fromS,
  };
}
