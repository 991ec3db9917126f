import { createHash } from 'node:crypto';
import type { Db } from '@skywater/core/db/db';
import type { LiveSession } from './sessions';

/** The channel sql/008 notifies when a session ends or an account's rights change. */
const SESSION_CHANGES_CHANNEL = 'skywater_sessions';
/** Even with every notification arriving, a session is asked again after this long. */
export const SESSION_RECHECK_MS = 15_000;
const MAX_SESSIONS = 10_000;

interface Entry {
  session: LiveSession;
  checkedAt: number;
}

/**
 * The sessions this process checked in the last few seconds, so a request does not pay a
 * database round trip for its cookie. Only while the process follows the database's
 * notifications: a logout, an account disabled or its roles changed — in any process, or by
 * the CLI — empties it at commit (sql/008); when notifications may be missed (connection lost),
 * nothing is kept and every request asks the database, as before.
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  private listening = false;
  private generation = 0;
  private started = false;

  constructor(private readonly db: Db) {}

  async lookup(token: string, load: () => Promise<LiveSession | null>): Promise<LiveSession | null> {
    this.follow();
    const key = createHash('sha256').update(token).digest('base64');
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && this.listening && now - hit.checkedAt < SESSION_RECHECK_MS && now < hit.session.expiresAt) {
      return hit.session;
    }
    const generation = this.generation;
    const session = await load();
    this.entries.delete(key);
    // Not kept if something changed while it was being read: it may be the old state.
    if (session && this.listening && generation === this.generation) {
      if (this.entries.size >= MAX_SESSIONS) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, { session, checkedAt: now });
    }
    return session;
  }

  /** Forgets every session (after this process ended one or changed an account). */
  forget(): void {
    this.generation++;
    this.entries.clear();
  }

  private follow() {
    if (this.started) return;
    this.started = true;
    this.db
      .listen(SESSION_CHANGES_CHANNEL, {
        onNotify: () => this.forget(),
        onListening: (listening) => {
          this.forget();
          this.listening = listening;
        },
      })
      .catch(() => {
        this.listening = false;
      });
  }
}

const caches = new WeakMap<Db, SessionCache>();

/** The session cache of a database handle (one per process and database). */
export function sessionCacheOf(db: Db): SessionCache {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new SessionCache(db)));
  return cache;
}
