/**
 * Every message between the main thread and the thread that runs embedded PGlite, declared
 * once: a request names its operation and carries an id; the thread answers that id with a
 * result or a plain error (its PostgreSQL fields kept), and pushes notifications on its own.
 */
export type ThreadRequest =
  | { op: 'query'; sql: string; params?: readonly unknown[]; txId?: number }
  | { op: 'exec'; sql: string; txId?: number }
  /** One batch of a COPY ... FROM '/dev/blob' (the main thread cuts the source into batches). */
  | { op: 'copy'; sql: string; parts: (string | Uint8Array)[]; txId?: number }
  | { op: 'begin' }
  | { op: 'end'; txId: number; commit: boolean }
  | { op: 'listen'; channel: string }
  | { op: 'unlisten'; listenId: number }
  | { op: 'dump' }
  | { op: 'close' };

/**
 * Which queue of the thread a request waits in: `interactive` (API and tile statements, a person
 * is waiting) goes before `background` (jobs); see pglite-thread-queue.ts.
 */
export type ThreadLane = 'interactive' | 'background';

/**
 * What the main thread posts: a request, the withdrawal of one whose caller stopped waiting, or
 * a person's request opening or closing its lease (background requests wait while one is open).
 */
export type ThreadEnvelope =
  | { kind: 'request'; id: number; lane: ThreadLane; request: ThreadRequest }
  | { kind: 'cancel'; id: number }
  | { kind: 'lease'; leaseId: number; open: boolean };

export type ThreadResult = {
  query: { rows: unknown[]; rowCount: number };
  exec: null;
  copy: number;
  begin: number;
  end: null;
  listen: number;
  unlisten: null;
  dump: ArrayBuffer;
  close: null;
};

/** An error as it crosses the thread boundary: message, name and PostgreSQL's fields (code, detail…). */
export interface SerializedError {
  message: string;
  name: string;
  fields: Record<string, string | number | boolean>;
}

export type ThreadMessage =
  | { kind: 'ready' }
  | { kind: 'failed'; error: SerializedError }
  | { kind: 'reply'; id: number; ok: true; result: unknown }
  | { kind: 'reply'; id: number; ok: false; error: SerializedError }
  | { kind: 'notify'; listenId: number; payload: string };

export interface ThreadStart {
  dataDir: string | undefined;
  /** A dump (tar.gz) to start an in-memory database from. */
  loadDataDir: ArrayBuffer | undefined;
}

export function serializeError(error: unknown): SerializedError {
  const e = error instanceof Error ? error : new Error(String(error));
  const fields: SerializedError['fields'] = {};
  for (const [key, value] of Object.entries(e)) {
    if (['string', 'number', 'boolean'].includes(typeof value)) fields[key] = value as string;
  }
  return { message: e.message, name: e.name, fields };
}

export function deserializeError(serialized: SerializedError): Error {
  const error = new Error(serialized.message);
  error.name = serialized.name;
  return Object.assign(error, serialized.fields);
}
