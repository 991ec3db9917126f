import { createHash } from 'node:crypto';
import type { Db } from '@skywater/core/db/db';
import type { LiveSession } from './sessions';

/** The channel sql/008 and sql/025 notify when sessions end or an account's rights change. */
const SESSION_CHANGES_CHANNEL = 'skywater_sessions';
/** A notification that names the ended sessions: `ended:` and their tokens' hashes, comma-separated. */
const ENDED_PREFIX = 'ended:';
/** Even with every notification arriving, a session is asked again after this long. */
export const SESSION_RECHECK_MS = 15_000;
const MAX_SESSIONS = 10_000;

interface Entry {
  session: LiveSession;
  checkedAt: number;
  /** The database is being asked again in the background. */
  rechecking: boolean;
}

/** The hash the sessions table keeps of a cookie's token (sessions.ts). */
const tokenHashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * The sessions this process checked in the last few seconds, so a request does not pay a
 * database round trip for its cookie. Only while the process follows the database's
 * notifications: a session that ends (logout, the oldest beyond an account's cap) is forgotten by
 * every process at commit (sql/025 names it), an account disabled or its roles changed empties it
 * (sql/008) — in any process, or by the CLI; when notifications may be missed (connection lost),
 * nothing is kept and every request asks the database, as before. A session checked more than
 * SESSION_RECHECK_MS ago is still answered from here while the database is asked again in the
 * background, so a request never waits behind another's statement for a session it already had.
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  private listening = false;
  private generation = 0;
  private started = false;

  constructor(private readonly db: Db) {}

  async lookup(token: string, load: () => Promise<LiveSession | null>): Promise<LiveSession | null> {
    this.follow();
    const key = tokenHashOf(token);
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && this.listening && now < hit.session.expiresAt) {
      if (now - hit.checkedAt >= SESSION_RECHECK_MS && !hit.rechecking) {
        hit.rechecking = true;
        void this.load(key, load).catch(() => {
          hit.rechecking = false;
        });
      }
      return hit.session;
    }
    return this.load(key, load);
  }

  /** Forgets every session (after this process changed an account). */
  forget(): void {
    this.generation++;
    this.entries.clear();
  }

  /** Forgets one session (after this process ended it). */
  forgetToken(token: string): void {
    this.forgetHashes([tokenHashOf(token)]);
  }

  private async load(key: string, load: () => Promise<LiveSession | null>): Promise<LiveSession | null> {
    const generation = this.generation;
    const checkedAt = Date.now();
    const session = await load();
    this.entries.delete(key);
    // Not kept if something changed while it was being read: it may be the old state.
    if (session && this.listening && generation === this.generation) {
      if (this.entries.size >= MAX_SESSIONS) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, { session, checkedAt, rechecking: false });
    }
    return session;
  }

  private forgetHashes(hashes: readonly string[]) {
    this.generation++;
    for (const hash of hashes) this.entries.delete(hash);
  }

  private follow() {
    if (this.started) return;
    this.started = true;
    void (async () => {
      // Notifications name schema.table: those of another schema on the same database are not ours.
      const { rows } = await this.db.query<{ schema: string }>('select current_schema() as schema');
      const ours = `${rows[0]!.schema}.`;
      await this.db.listen(SESSION_CHANGES_CHANNEL, {
        onNotify: (payload) => {
          if (payload.startsWith(ENDED_PREFIX))
            this.forgetHashes(payload.slice(ENDED_PREFIX.length).split(','));
          else if (payload.startsWith(ours)) this.forget();
        },
        onListening: (listening) => {
          this.forget();
          this.listening = listening;
        },
      });
    })().catch(() => {
      this.listening = false;
      this.started = false;
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
