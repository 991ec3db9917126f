import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import { NUMERIC_TYPE_OIDS, parseNumeric, type Db, type Queryable, type QueryResult } from './db';
import { createPgListener } from './pg-listener';

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

  const asQueryable = (client: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
      const result = await client.query(sql, params as unknown[] | undefined);
      return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 };
    },
    async exec(sql: string) {
      await client.query(sql);
    },
    async copyFrom(sql: string, source: AsyncIterable<string | Uint8Array>): Promise<number> {
      const copy = async (connection: pg.PoolClient) => {
        const stream = connection.query(copyFromStdin(sql));
        await pipeline(Readable.from(source), stream);
        return stream.rowCount;
      };
      if (!(client instanceof pg.Pool)) return copy(client);
      const connection = await client.connect();
      try {
        return await copy(connection);
      } finally {
        connection.release();
      }
    },
  });

  return {
    backend: 'server',
    ...asQueryable(pool),
    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(asQueryable(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    listen: (channel, handlers) => listener.listen(channel, handlers),
    async close() {
      await listener.close();
      await pool.end();
    },
  };
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
