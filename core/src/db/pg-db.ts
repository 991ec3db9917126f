import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import { NUMERIC_TYPE_OIDS, parseNumeric, type Db, type Queryable } from './db';
import { createPgListener } from './pg-listener';
import { QUERY_CANCELED, StatementTimeoutError } from './statement-timeout';

const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === NUMERIC_TYPE_OIDS.int8 || oid === NUMERIC_TYPE_OIDS.numeric) return parseNumeric;
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

export interface PgDbOptions {
  connectionString: string;
  /** Put this schema first on the search path (tests give each file its own). */
  schema?: string;
  max?: number;
}

/** A `pg` Pool on a PostgreSQL + PostGIS server. */
export function createPgDb(options: PgDbOptions): Db {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    types: typeParsers,
    connectionTimeoutMillis: 5_000,
    // JIT off: the planner's cost estimates of PostGIS queries (a tile's ST_Dump, unions) pass
    // jit_above_cost where compiling takes ~20 ms for a query that then runs in 1 ms; none of the
    // app's queries runs long enough to win it back.
    options: ['-c jit=off', options.schema ? `-c search_path=${quoteIdent(options.schema)},public` : '']
      .join(' ')
      .trim(),
  });
  // An idle client that loses its connection (server restart) must not crash the process.
  pool.on('error', () => undefined);
  const listener = createPgListener(options.connectionString);
  // Each pooled connection's statement_timeout, so it is set only when a class of work with
  // another ceiling takes the connection over.
  const sessionTimeoutMs = new WeakMap<pg.PoolClient, number>();

  /** A pooled connection whose statement_timeout is `timeoutMs` for the length of `use`. */
  async function withClient<T>(timeoutMs: number, use: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect().catch((error: Error) => {
      throw connectionLost(error, CONNECTION_FAILED);
    });
    let broken: Error | undefined;
    // The pool listens to idle connections only: one that dies between two statements of a
    // transaction emits `error` here, and an `error` nobody listens to ends the process.
    const onError = (error: Error) => (broken = error);
    client.on('error', onError);
    try {
      if ((sessionTimeoutMs.get(client) ?? 0) !== timeoutMs) {
        await client.query(`set statement_timeout = ${Math.round(timeoutMs)}`);
        sessionTimeoutMs.set(client, timeoutMs);
      }
      return await use(client);
    } catch (error) {
      // A refused statement leaves the connection usable; anything else (lost, timed out) does not.
      if (!(error instanceof pg.DatabaseError)) broken ??= error as Error;
      if (timeoutMs > 0 && (error as { code?: string }).code === QUERY_CANCELED)
        throw new StatementTimeoutError(timeoutMs);
      if (broken && isConnectionMessage(error)) throw connectionLost(error as Error, CONNECTION_LOST);
      throw error;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  const query = async <T>(client: pg.PoolClient, sql: string, params?: readonly unknown[]) => {
    const result = await client.query(sql, params as unknown[] | undefined);
    return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 };
  };
  const copy = async (client: pg.PoolClient, sql: string, source: AsyncIterable<string | Uint8Array>) => {
    const stream = client.query(copyFromStdin(sql));
    await pipeline(Readable.from(source), stream);
    return stream.rowCount;
  };

  const view = (timeoutMs: number): Db => ({
    backend: 'server',
    query: (sql, params) => withClient(timeoutMs, (client) => query(client, sql, params)),
    exec: (sql) => withClient(timeoutMs, async (client) => void (await client.query(sql))),
    // A bulk load lasts as long as its file takes to arrive, whatever the query costs: no timeout.
    copyFrom: (sql, source) => withClient(0, (client) => copy(client, sql, source)),
    transaction: <T>(work: (tx: Queryable) => Promise<T>): Promise<T> =>
      withClient(timeoutMs, async (client) => {
        const tx: Queryable = {
          query: (sql, params) => query(client, sql, params),
          exec: async (sql) => void (await client.query(sql)),
          async copyFrom(sql, source) {
            if (timeoutMs > 0) await client.query('set local statement_timeout = 0');
            const rows = await copy(client, sql, source);
            if (timeoutMs > 0) await client.query(`set local statement_timeout = ${Math.round(timeoutMs)}`);
            return rows;
          },
        };
        await client.query('BEGIN');
        try {
          const result = await work(tx);
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
      }),
    listen: (channel, handlers) => listener.listen(channel, handlers),
    withStatementTimeout: (ms) => view(ms),
    foreground: () => () => undefined,
    async close() {
      await listener.close();
      await pool.end();
    },
  });
  return view(0);
}

/** SQLSTATE class 08 (connection exception): the server's error handler answers 503 for them. */
const CONNECTION_FAILED = '08001';
const CONNECTION_LOST = '08006';

/** pg's own messages for a connection that ended under a query (they carry no code). */
function isConnectionMessage(error: unknown): boolean {
  return (
    !(error as { code?: string }).code &&
    /connection terminated|not queryable|connection timeout|timeout exceeded when trying to connect/i.test(
      (error as Error).message ?? '',
    )
  );
}

/** The same failure with a SQLSTATE connection code, so it reads as "database down", not a bug. */
function connectionLost(error: Error, code: string): Error {
  if ((error as { code?: string }).code) return error;
  return Object.assign(new Error(`Database connection: ${error.message}`, { cause: error }), { code });
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
