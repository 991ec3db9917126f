import pg from 'pg';
import type { NotificationHandlers } from './db';
import { quoteIdent } from './pg-db';

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 10_000;

/**
 * `LISTEN` on one dedicated connection, outside the pool (a pooled client is handed to other
 * queries between uses). A lost connection is re-opened after a growing delay; meanwhile every
 * listener is told that notifications may be missed.
 */
export function createPgListener(connectionString: string) {
  const channels = new Map<string, Set<NotificationHandlers>>();
  let client: pg.Client | null = null;
  let listenedOn = new Set<string>();
  let connecting: Promise<void> | null = null;
  let retryMs = FIRST_RETRY_MS;
  let retryTimer: NodeJS.Timeout | undefined;
  let closed = false;

  const everyHandler = (call: (handlers: NotificationHandlers) => void) => {
    for (const set of channels.values()) for (const handlers of set) call(handlers);
  };

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString, connectionTimeoutMillis: 5_000 });
    next.on('error', () => lost(next));
    next.on('end', () => lost(next));
    next.on('notification', (message) => {
      for (const handlers of channels.get(message.channel) ?? []) handlers.onNotify(message.payload ?? '');
    });
    try {
      await next.connect();
      const listened = new Set<string>();
      for (const channel of channels.keys()) {
        await next.query(`listen ${quoteIdent(channel)}`);
        listened.add(channel);
      }
      if (closed) throw new Error('closed');
      client = next;
      listenedOn = listened;
      retryMs = FIRST_RETRY_MS;
    } catch (error) {
      await next.end().catch(() => undefined);
      throw error;
    }
    everyHandler((handlers) => handlers.onListening(true));
  }

  function lost(which: pg.Client) {
    if (client !== which) return;
    client = null;
    everyHandler((handlers) => handlers.onListening(false));
    retryLater();
  }

  function retryLater() {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      ensureConnected().catch(retryLater);
    }, retryMs);
    retryTimer.unref();
    retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
  }

  function ensureConnected(): Promise<void> {
    if (client) return Promise.resolve();
    connecting ??= connect().finally(() => (connecting = null));
    return connecting;
  }

  return {
    async listen(channel: string, handlers: NotificationHandlers): Promise<() => Promise<void>> {
      const set = channels.get(channel) ?? new Set();
      channels.set(channel, set);
      set.add(handlers);
      try {
        await ensureConnected();
        if (client && !listenedOn.has(channel)) {
          await client.query(`listen ${quoteIdent(channel)}`);
          listenedOn.add(channel);
        }
        if (client) handlers.onListening(true);
      } catch {
        retryLater();
      }
      return async () => {
        set.delete(handlers);
        if (set.size) return;
        channels.delete(channel);
        if (client && listenedOn.delete(channel)) {
          await client.query(`unlisten ${quoteIdent(channel)}`).catch(() => undefined);
        }
      };
    },
    async close(): Promise<void> {
      closed = true;
      clearTimeout(retryTimer);
      const open = client;
      client = null;
      await open?.end().catch(() => undefined);
    },
  };
}
