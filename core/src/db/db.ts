/**
 * The one database interface the application uses, with two backends: a `pg` Pool on a
 * PostgreSQL + PostGIS server, or embedded PGlite + PostGIS in a worker thread of this process.
 *
 * Conventions shared by both backends, so the same SQL returns the same JavaScript values:
 * - bigint (int8) and numeric come back as JavaScript numbers;
 * - timestamptz as Date; json/jsonb as parsed values (pass jsonb parameters as JSON strings);
 * - geometry is never read raw: select `ST_AsGeoJSON(geom)::json`.
 */
import type { StatementClass } from './statement-timeout';

export type Row = Record<string, unknown>;

export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export interface Queryable {
  /** One statement with `$1` parameters. */
  query<T = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
  /** A script of several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Bulk load: `COPY table (columns) FROM STDIN` (text format) fed from `source`, streamed (the
   * server backend) or a few MB at a time (embedded: `COPY ... FROM '/dev/blob'` per batch), so
   * every chunk must end at a line end. Chunks are strings or UTF-8 bytes; a byte chunk is not
   * read after the returned promise settles, so the caller may then reuse its buffer. Returns the
   * number of rows copied.
   */
  copyFrom(sql: string, source: AsyncIterable<string | Uint8Array>): Promise<number>;
}

export interface Db extends Queryable {
  readonly backend: 'server' | 'embedded';
  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Follows `NOTIFY`s on `channel`, from any process on the same database, until the returned
   * function is called. `onListening(false)` says notifications may be missed from now on (the
   * connection was lost; it is re-established and `onListening(true)` called again).
   */
  listen(channel: string, handlers: NotificationHandlers): Promise<() => Promise<void>>;
  /**
   * The same database whose statements fail with StatementTimeoutError (503) beyond `ms`
   * (0: no limit); bulk loads (`copyFrom`) are exempt. Each class of work (API, tiles, jobs)
   * gets its own view; closing a view closes the database. Embedded, the class also picks the
   * queue: `jobs` statements wait behind `api` and `tiles` ones (pglite-thread-queue.ts); a
   * server's pool runs them side by side.
   */
  withStatementTimeout(ms: number, statementClass?: StatementClass): Db;
  /**
   * A person's request began; call the returned function when it ends (once is enough, more is
   * harmless). Embedded, job statements wait while such a request is open, so none starts
   * between two of its statements (bounded: pglite-thread-queue.ts); a server's pool runs them
   * side by side, so there it does nothing.
   */
  foreground(): () => void;
  close(): Promise<void>;
}

export interface NotificationHandlers {
  onNotify(payload: string): void;
  onListening(listening: boolean): void;
}

/** OIDs whose text form becomes a JavaScript number in both backends. */
export const NUMERIC_TYPE_OIDS = { int8: 20, numeric: 1700 } as const;

export function parseNumeric(value: string | null): number | null {
  return value === null ? null : Number(value);
}
