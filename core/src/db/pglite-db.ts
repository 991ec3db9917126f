import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Db, NotificationHandlers, Queryable, QueryResult } from './db';
import {
  deserializeError,
  type ThreadEnvelope,
  type ThreadLane,
  type ThreadMessage,
  type ThreadRequest,
  type ThreadResult,
  type ThreadStart,
} from './pglite-thread-messages';
import { type StatementClass, StatementTimeoutError } from './statement-timeout';

export class EmbeddedDatabaseInUseError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `The embedded database in ${dir} is in use by process ${pid}: stop that process, or set DATABASE_URL to use a PostgreSQL server.`,
    );
  }
}

/** `copyFrom` hands PGlite this much text per COPY (its blob is held in memory whole). */
const COPY_BATCH_CHARS = 4 * 1024 * 1024;

/** Answered to every request once the database's thread has stopped: the server maps it to 503. */
const THREAD_GONE = { code: '57P01', message: 'The embedded database thread has stopped' };

type Send = <Op extends ThreadRequest['op']>(
  request: Extract<ThreadRequest, { op: Op }>,
  timeoutMs?: number,
  lane?: ThreadLane,
) => Promise<ThreadResult[Op]>;

/**
 * Embedded PGlite with PostGIS, run in a worker thread (pglite-thread.ts) so a slow query never
 * blocks this process's event loop. `dataDir` undefined → in memory (tests; `loadDataDir` starts
 * it from a dump). PGlite lives in one process, so a lock file stops a second process from
 * opening the same directory.
 *
 * `withStatementTimeout(ms, class)`: PGlite cannot interrupt a running statement (no signals in
 * its WebAssembly build), so the caller stops waiting at the deadline and gets
 * StatementTimeoutError; a statement still queued is withdrawn, one already running finishes in
 * the thread and its answer is dropped. The `jobs` class queues behind the others.
 */
export async function createPgliteDb(
  dataDir?: string,
  options: { loadDataDir?: Blob } = {},
): Promise<Db & { dump(): Promise<Blob> }> {
  const release = dataDir ? lockDataDir(dataDir) : () => undefined;
  let thread: ReturnType<typeof startThread>;
  try {
    const loadDataDir = options.loadDataDir ? await options.loadDataDir.arrayBuffer() : undefined;
    thread = startThread({ dataDir, loadDataDir });
    await thread.ready;
  } catch (error) {
    release();
    throw error;
  }
  const { send } = thread;

  const asQueryable = (timeoutMs: number, lane: ThreadLane, txId?: number): Queryable => ({
    async query<T>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
      const result = await send({ op: 'query', sql, params, txId }, timeoutMs, lane);
      return result as QueryResult<T>;
    },
    async exec(sql: string) {
      await send({ op: 'exec', sql, txId }, timeoutMs, lane);
    },
    // A bulk load's length is the size of its file, not the cost of a query: no timeout.
    async copyFrom(sql: string, source: AsyncIterable<string | Uint8Array>): Promise<number> {
      const fromBlob = sql.replace(/\bfrom\s+stdin\b/i, "FROM '/dev/blob'");
      let parts: (string | Uint8Array)[] = [];
      let length = 0;
      let copied = 0;
      const flush = async () => {
        if (length === 0) return;
        // Posting copies the bytes, so the caller may reuse its buffers once this resolves.
        copied += await send({ op: 'copy', sql: fromBlob, parts, txId }, 0, lane);
        parts = [];
        length = 0;
      };
      for await (const chunk of source) {
        parts.push(chunk);
        length += chunk.length;
        if (length >= COPY_BATCH_CHARS) await flush();
      }
      await flush();
      return copied;
    },
  });

  const view = (timeoutMs: number, lane: ThreadLane): Db & { dump(): Promise<Blob> } => ({
    backend: 'embedded',
    ...asQueryable(timeoutMs, lane),
    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      const txId = await send({ op: 'begin' }, timeoutMs, lane);
      let result: T;
      try {
        result = await work(asQueryable(timeoutMs, lane, txId));
      } catch (error) {
        await send({ op: 'end', txId, commit: false }).catch(() => undefined);
        throw error;
      }
      await send({ op: 'end', txId, commit: true });
      return result;
    },
    async listen(channel: string, handlers: NotificationHandlers) {
      const listenId = await send({ op: 'listen', channel });
      thread.listeners.set(listenId, handlers);
      handlers.onListening(true);
      return async () => {
        thread.listeners.delete(listenId);
        await send({ op: 'unlisten', listenId }).catch(() => undefined);
      };
    },
    withStatementTimeout: (ms: number, statementClass: StatementClass = 'api') =>
      view(ms, statementClass === 'jobs' ? 'background' : 'interactive'),
    foreground: () => thread.lease(),
    /** The whole database as a tarball (tests start from a migrated template). */
    dump: async () => new Blob([await send({ op: 'dump' })]),
    async close() {
      await send({ op: 'close' }).catch(() => undefined);
      await thread.stop();
      release();
    },
  });
  return view(0, 'interactive');
}

/**
 * The thread's first module. From the sources (tsx, vitest) it is pglite-thread-start.mjs,
 * which loads the TypeScript; in the compiled build (server/bin/build.mjs) this code runs from a
 * bundle, and the thread is the bundle `pglite-thread.js` beside it.
 */
function threadEntry(): URL {
  return import.meta.url.endsWith('.ts')
    ? new URL('./pglite-thread-start.mjs', import.meta.url)
    : new URL('./pglite-thread.js', import.meta.url);
}

/** Starts the thread and keeps the table of requests waiting for its answers. */
function startThread(start: ThreadStart) {
  const worker = new Worker(threadEntry(), {
    workerData: start,
    transferList: start.loadDataDir ? [start.loadDataDir] : [],
  });
  const waiting = new Map<number, { resolve(result: unknown): void; reject(error: Error): void }>();
  const listeners = new Map<number, NotificationHandlers>();
  let nextId = 1;
  let gone: Error | null = null;
  // The thread keeps the process alive only while an answer is awaited.
  const holdProcess = () => (waiting.size ? worker.ref() : worker.unref());

  let readyResolve!: () => void;
  let readyReject!: (error: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    readyResolve = resolve;
    readyReject = reject;
  });

  worker.on('message', (message: ThreadMessage) => {
    if (message.kind === 'ready') {
      readyResolve();
      return holdProcess();
    }
    if (message.kind === 'failed') return readyReject(deserializeError(message.error));
    if (message.kind === 'notify') return listeners.get(message.listenId)?.onNotify(message.payload);
    const entry = waiting.get(message.id);
    if (!entry) return; // its caller stopped waiting (statement timeout)
    waiting.delete(message.id);
    holdProcess();
    if (message.ok) entry.resolve(message.result);
    else entry.reject(deserializeError(message.error));
  });
  const fail = (error: Error) => {
    gone = Object.assign(new Error(`${THREAD_GONE.message}: ${error.message}`), { code: THREAD_GONE.code });
    readyReject(gone);
    for (const entry of waiting.values()) entry.reject(gone);
    waiting.clear();
    for (const handlers of listeners.values()) handlers.onListening(false);
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));

  const send: Send = (request, timeoutMs = 0, lane = 'interactive') => {
    if (gone) return Promise.reject(gone);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const settle =
        <V>(action: (value: V) => void) =>
        (value: V) => {
          clearTimeout(timer);
          action(value);
        };
      waiting.set(id, { resolve: settle(resolve as (value: unknown) => void), reject: settle(reject) });
      if (timeoutMs > 0) {
        timer = setTimeout(() => {
          if (!waiting.delete(id)) return;
          holdProcess();
          // Still queued: withdrawn, so abandoned requests do not pile up behind a slow one.
          worker.postMessage({ kind: 'cancel', id } satisfies ThreadEnvelope);
          reject(new StatementTimeoutError(timeoutMs));
        }, timeoutMs);
      }
      holdProcess();
      worker.postMessage({ kind: 'request', id, lane, request } satisfies ThreadEnvelope);
    });
  };

  let nextLeaseId = 1;
  /** Opens a lease in the thread; the returned function closes it (once). */
  const lease = () => {
    const leaseId = nextLeaseId++;
    const post = (open: boolean) => {
      if (!gone) worker.postMessage({ kind: 'lease', leaseId, open } satisfies ThreadEnvelope);
    };
    post(true);
    let closed = false;
    return () => {
      if (closed) return;
      closed = true;
      post(false);
    };
  };

  return {
    ready,
    send,
    lease,
    listeners,
    async stop() {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}

function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true }); // DATA_DIR itself was checked by assertWritableDir
  const lockFile = path.join(dataDir, '..', `${path.basename(dataDir)}.lock`);
  try {
    fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
  } catch {
    const holder = Number(fs.readFileSync(lockFile, 'utf8'));
    if (holder && holder !== process.pid && isAlive(holder))
      throw new EmbeddedDatabaseInUseError(dataDir, holder);
    fs.writeFileSync(lockFile, String(process.pid));
  }
  return () => fs.rmSync(lockFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
