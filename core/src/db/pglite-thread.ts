import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { NUMERIC_TYPE_OIDS, parseNumeric } from './db';
import {
  serializeError,
  type ThreadEnvelope,
  type ThreadMessage,
  type ThreadRequest,
  type ThreadResult,
  type ThreadStart,
} from './pglite-thread-messages';
import { ANTICIPATION_MS, ThreadQueue } from './pglite-thread-queue';

/**
 * The thread that owns embedded PGlite (started by pglite-db.ts). PGlite runs PostgreSQL as
 * WebAssembly, synchronously: on the main thread a slow query would stop every request, health
 * checks included. Here it stops only this thread; the main thread sends requests and waits.
 * Requests wait in a ThreadQueue (pglite-thread-queue.ts): a person's before a job's.
 */
const port = parentPort!;
const start = workerData as ThreadStart;
const post = (message: ThreadMessage) => port.postMessage(message);

interface OpenTransaction {
  tx: Transaction;
  finish(commit: boolean): void;
  done: Promise<void>;
}

let pglite: PGlite;
try {
  pglite = await PGlite.create(start.dataDir, {
    extensions: { postgis },
    loadDataDir: start.loadDataDir ? new Blob([start.loadDataDir]) : undefined,
    parsers: { [NUMERIC_TYPE_OIDS.int8]: parseNumeric, [NUMERIC_TYPE_OIDS.numeric]: parseNumeric },
  });
} catch (error) {
  post({ kind: 'failed', error: serializeError(error) });
  process.exit(1);
}

const transactions = new Map<number, OpenTransaction>();
const unlistens = new Map<number, () => Promise<void>>();
let nextId = 1;

const target = (txId: number | undefined): PGlite | Transaction => {
  if (txId === undefined) return pglite;
  const open = transactions.get(txId);
  if (!open) throw new Error(`transaction ${txId} is not open`);
  return open.tx;
};

function begin(): Promise<number> {
  return new Promise((started, failed) => {
    const id = nextId++;
    let finish!: (commit: boolean) => void;
    const decided = new Promise<boolean>((resolve) => (finish = resolve));
    const done = pglite
      .transaction(async (tx) => {
        transactions.set(id, { tx, finish, done });
        started(id);
        if (!(await decided)) await tx.rollback();
      })
      .finally(() => transactions.delete(id));
    done.catch(failed);
  });
}

async function handle<Op extends ThreadRequest['op']>(
  request: Extract<ThreadRequest, { op: Op }>,
): Promise<ThreadResult[Op]>;
async function handle(request: ThreadRequest): Promise<unknown> {
  switch (request.op) {
    case 'query': {
      const result = await target(request.txId).query(request.sql, request.params as unknown[]);
      // PGlite reports affectedRows 0 for a SELECT; pg counts the rows returned.
      return { rows: result.rows, rowCount: result.rows.length || (result.affectedRows ?? 0) };
    }
    case 'exec':
      await target(request.txId).exec(request.sql);
      return null;
    case 'copy': {
      const result = await target(request.txId).query(request.sql, [], {
        blob: new Blob(request.parts as BlobPart[]),
      });
      return result.affectedRows ?? 0;
    }
    case 'begin':
      return begin();
    case 'end': {
      const open = transactions.get(request.txId);
      if (!open) throw new Error(`transaction ${request.txId} is not open`);
      open.finish(request.commit);
      await open.done;
      return null;
    }
    case 'listen': {
      const listenId = nextId++;
      const unlisten = await pglite.listen(request.channel, (payload) =>
        post({ kind: 'notify', listenId, payload }),
      );
      unlistens.set(listenId, unlisten);
      return listenId;
    }
    case 'unlisten':
      await unlistens.get(request.listenId)?.();
      unlistens.delete(request.listenId);
      return null;
    case 'dump': {
      const dump = (await pglite.dumpDataDir('gzip')) as Blob;
      return dump.arrayBuffer();
    }
    case 'close':
      await pglite.close();
      return null;
  }
}

const queue = new ThreadQueue();
let running = false;
let anticipating: NodeJS.Timeout | undefined;

/**
 * Runs the queue's next request, one at a time (PGlite has one backend), then the next. A
 * background one waits while a person's request is open (its lease; bounded by the queue), and
 * after any interactive statement ANTICIPATION_MS for the same caller's next statement: without
 * the pause each statement of a login (several, each sent when the last is answered) could find
 * a job statement just started.
 */
function pump(afterInteractive = false): void {
  if (running) return;
  drainPort();
  if (anticipating) return;
  if (queue.nextIsBackground()) {
    const waitMs = Math.max(queue.backgroundHoldMs(Date.now()), afterInteractive ? ANTICIPATION_MS : 0);
    if (waitMs > 0) {
      anticipating = setTimeout(() => {
        anticipating = undefined;
        pump();
      }, waitMs);
      return;
    }
  }
  const next = queue.next();
  if (!next) return;
  running = true;
  const { id, request, lane } = next;
  handle(request)
    .then(
      (result) => {
        if (request.op === 'begin') queue.holdFor(result as number);
        if (request.op === 'end') queue.holdFor(null);
        const transfer = result instanceof ArrayBuffer ? [result] : [];
        port.postMessage({ kind: 'reply', id, ok: true, result } satisfies ThreadMessage, transfer);
      },
      (error) => {
        if (request.op === 'end') queue.holdFor(null);
        post({ kind: 'reply', id, ok: false, error: serializeError(error) });
      },
    )
    .finally(() => {
      running = false;
      pump(lane === 'interactive');
    });
}

/**
 * A request joins the queue; a withdrawn one leaves it (answered, so no table keeps it); a lease
 * opens or closes (a closed one may free the background request waiting for it).
 */
function accept(envelope: ThreadEnvelope): void {
  if (envelope.kind === 'lease') {
    if (envelope.open) return queue.openLease(envelope.leaseId, Date.now());
    queue.closeLease(envelope.leaseId);
    clearTimeout(anticipating);
    anticipating = undefined;
    return;
  }
  if (envelope.kind === 'cancel') {
    if (queue.cancel(envelope.id))
      post({ kind: 'reply', id: envelope.id, ok: false, error: serializeError(new Error('cancelled')) });
    return;
  }
  queue.add(envelope);
  if (anticipating && envelope.lane === 'interactive') {
    clearTimeout(anticipating);
    anticipating = undefined;
  }
}

/**
 * Takes every message that arrived while a statement ran (PGlite blocks this thread's event
 * loop meanwhile, so they wait in the port): the next request is chosen among all of them, a
 * login that came during a job statement included, and a withdrawn one is not started.
 */
function drainPort(): void {
  for (let received = receiveMessageOnPort(port); received; received = receiveMessageOnPort(port))
    accept(received.message as ThreadEnvelope);
}

port.on('message', (envelope: ThreadEnvelope) => {
  accept(envelope);
  pump();
});
post({ kind: 'ready' });
