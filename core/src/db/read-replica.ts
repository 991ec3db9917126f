import type { Logger } from '../log/logger';
import type { Db, Queryable } from './db';
import { redactUrl } from './open-db';
import { createPgDb } from './pg-db';

/**
 * Pure reads (tiles, series) on a PostgreSQL streaming replica, everything else on the primary.
 *
 * Read-your-writes: a user's state-changing request marks the user; when it ends, the primary's
 * WAL position (`pg_current_wal_lsn()`) is kept for them, and their reads stay on the primary
 * until the replica has replayed past it (`pg_last_wal_replay_lsn()`, polled). Other users may
 * read the replica's state, at most DATABASE_READ_MAX_LAG_BYTES of WAL behind. The marks live in
 * this process: several server processes need sticky sessions for a user to keep them.
 *
 * A replica that does not answer, is not in recovery, or lags beyond the ceiling is left aside
 * (reads on the primary, readiness says "degraded") until the next poll finds it well; a read
 * that fails on it for a connection reason is run again on the primary.
 */
export interface ReadRouting {
  /** The database for a pure read by this user (undefined: anonymous), with the primary's ceilings. */
  forRead(userId: number | undefined): Db;
  /** A state-changing request by this user starts; `writeFinished` when its reply is sent. */
  writeStarted(userId: number): void;
  writeFinished(userId: number): Promise<void>;
  /** Null without a replica. */
  status(): ReplicaStatus | null;
  close(): Promise<void>;
}

export interface ReplicaStatus {
  state: 'streaming' | 'lagging' | 'down';
  /** WAL bytes the replica had still to replay at the last poll; null when it did not answer. */
  lagBytes: number | null;
  error?: string;
}

/** Every read on the primary: no replica configured, or the embedded database. */
export function primaryOnly(primary: Db): ReadRouting {
  return {
    forRead: () => primary,
    writeStarted: () => undefined,
    writeFinished: async () => undefined,
    status: () => null,
    close: async () => undefined,
  };
}

/**
 * The routing the configuration asks for. `schema`: the search path's first schema (tests).
 * The embedded database has no replica: DATABASE_READ_URL is ignored, with a line in the log.
 */
export function openReadRouting(opts: {
  primary: Db;
  readUrl: string | undefined;
  maxLagBytes: number;
  /** The replica's ceiling per statement: the primary view's (the API's). */
  statementTimeoutMs: number;
  log: Logger;
  schema?: string;
  pollMs?: number;
}): ReadRouting {
  if (!opts.readUrl) return primaryOnly(opts.primary);
  if (opts.primary.backend === 'embedded') {
    opts.log.warn(
      'DATABASE_READ_URL is ignored: the embedded database has no replica, every read goes to it',
    );
    return primaryOnly(opts.primary);
  }
  opts.log.info({ replica: redactUrl(opts.readUrl) }, 'pure reads go to the read replica');
  const replica = createPgDb({
    connectionString: opts.readUrl,
    schema: opts.schema,
    max: 10,
  }).withStatementTimeout(opts.statementTimeoutMs, 'api');
  return createReadRouting({ ...opts, replica });
}

export function createReadRouting(opts: {
  primary: Db;
  replica: Db;
  maxLagBytes: number;
  log: Logger;
  pollMs?: number;
}): ReadRouting {
  const { primary, replica, log } = opts;
  let status: ReplicaStatus = { state: 'down', lagBytes: null, error: 'not polled yet' };
  let replayedLsn = -1n;
  /** Per user: state-changing requests under way, and the primary's WAL position after the last one. */
  const writers = new Map<number, { pending: number; lsn: bigint }>();

  async function poll() {
    try {
      const [{ rows: standby }, { rows: primaryWal }] = await Promise.all([
        replica.query<{ recovering: boolean; lsn: string | null }>(
          'select pg_is_in_recovery() as recovering, pg_last_wal_replay_lsn()::text as lsn',
        ),
        primary.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn'),
      ]);
      const { recovering, lsn } = standby[0]!;
      if (!recovering || !lsn) throw new Error('the read database is not a streaming replica');
      replayedLsn = parseLsn(lsn);
      const lagBytes = Number(parseLsn(primaryWal[0]!.lsn) - replayedLsn);
      const state = lagBytes > opts.maxLagBytes ? 'lagging' : 'streaming';
      if (state !== status.state) log.info({ state, lagBytes }, 'read replica');
      status = { state, lagBytes: Math.max(0, lagBytes) };
      for (const [userId, writer] of writers)
        if (writer.pending === 0 && writer.lsn <= replayedLsn) writers.delete(userId);
    } catch (error) {
      if (status.state !== 'down') log.warn({ err: (error as Error).message }, 'read replica down');
      status = { state: 'down', lagBytes: null, error: (error as Error).message };
    }
  }

  let polling: Promise<void> = poll();
  const timer = setInterval(() => {
    polling = poll();
  }, opts.pollMs ?? 1_000);
  timer.unref();

  const replicaFailed = (error: unknown) => {
    status = { state: 'down', lagBytes: null, error: (error as Error).message };
    log.warn({ err: (error as Error).message }, 'read replica failed a read: read again on the primary');
  };

  return {
    forRead(userId) {
      if (status.state !== 'streaming') return primary;
      const writer = userId === undefined ? undefined : writers.get(userId);
      if (writer && (writer.pending > 0 || writer.lsn > replayedLsn)) return primary;
      return withFallback(replica, primary, replicaFailed);
    },
    writeStarted(userId) {
      const writer = writers.get(userId) ?? { pending: 0, lsn: 0n };
      writer.pending++;
      writers.set(userId, writer);
    },
    async writeFinished(userId) {
      const writer = writers.get(userId);
      if (!writer) return;
      try {
        const { rows } = await primary.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn');
        const lsn = parseLsn(rows[0]!.lsn);
        if (lsn > writer.lsn) writer.lsn = lsn;
      } catch {
        // The primary did not answer: keep the user on it until a later write ends well.
        writer.lsn = 1n << 64n;
      } finally {
        writer.pending--;
      }
    },
    status: () => status,
    async close() {
      clearInterval(timer);
      await polling;
      await replica.close();
    },
  };
}

/** `X/Y` (two hexadecimal halves) as one number of bytes. */
export function parseLsn(lsn: string): bigint {
  const [high, low] = lsn.split('/') as [string, string];
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

/**
 * Failures for which a read is run again on the primary: the socket's (ECONNREFUSED,
 * ECONNRESET...), SQLSTATE class 08 connection exceptions, 57P0x the replica shutting down or
 * starting, 40001 a read cancelled by recovery. A statement the replica refuses for what it says
 * (a bad value, a timeout) would be refused by the primary too: it is not run twice.
 */
function isReplicaFailure(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return /^E[A-Z]+$/.test(code) || code.startsWith('08') || /^57P0[1-4]$/.test(code) || code === '40001';
}

/** The replica's view, falling back to the primary's for a read the replica cannot answer. */
function withFallback(replica: Db, primary: Db, onFailure: (error: unknown) => void): Db {
  const retry = async <T>(onReplica: () => Promise<T>, onPrimary: () => Promise<T>): Promise<T> => {
    try {
      return await onReplica();
    } catch (error) {
      if (!isReplicaFailure(error)) throw error;
      onFailure(error);
      return onPrimary();
    }
  };
  return {
    backend: primary.backend,
    query: (sql, params) =>
      retry(
        () => replica.query(sql, params),
        () => primary.query(sql, params),
      ),
    exec: (sql) =>
      retry(
        () => replica.exec(sql),
        () => primary.exec(sql),
      ),
    // A bulk load writes: it has no business on a replica.
    copyFrom: (sql, source) => primary.copyFrom(sql, source),
    transaction: <T>(work: (tx: Queryable) => Promise<T>) =>
      retry(
        () => replica.transaction(work),
        () => primary.transaction(work),
      ),
    listen: (channel, handlers) => primary.listen(channel, handlers),
    foreground: () => primary.foreground(),
    withStatementTimeout: (ms, statementClass) =>
      withFallback(
        replica.withStatementTimeout(ms, statementClass),
        primary.withStatementTimeout(ms, statementClass),
        onFailure,
      ),
    // The routing owns both databases.
    close: async () => undefined,
  };
}
