import { createHash } from 'node:crypto';
import type { Db } from '@skywater/core/db/db';

/** The channel sql/025 notifies, with the changed table's name, when a tile layer's data changes. */
const TILE_DATA_CHANNEL = 'skywater_tile_data';
/** A tile above this share of the budget is served but not kept (it would push out many). */
const LARGEST_SHARE_OF_BUDGET = 1 / 8;

/** A tile's ETag: a hash of its bytes. */
export function tileEtag(body: Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

export interface CachedTile {
  body: Buffer;
  etag: string;
}

interface Entry extends CachedTile {
  tables: readonly string[];
}

/**
 * The vector tiles this process made, least recently used dropped first beyond a byte budget, so
 * a repeated tile does not touch the database. The key is the tile's whole query text and
 * parameters (layer, z/x/y, the query string the layer reads and the reader's scoping: restricted
 * sites, whose findings), so readers who see different rows never share an entry. Kept only while
 * the process follows the database's notifications: a statement that changes a table a layer reads
 * (any process, the CLI, a job) drops that layer's tiles at commit (sql/025); when notifications
 * may be missed (connection lost), nothing is kept and every tile is made from the database.
 */
export class TileCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  /** Per table, how many changes this process has heard of; a tile made across one is not kept. */
  private readonly versions = new Map<string, number>();
  private generation = 0;
  private listening = false;
  private started = false;
  private readonly listeningWaiters: Array<() => void> = [];
  private readonly changeWaiters: Array<{ table: string; resolve: () => void }> = [];

  constructor(
    private readonly db: Db,
    private readonly maxBytes: number,
  ) {}

  /** The cached tile for `query` (its text and parameters), or `make`'s, kept if nothing changed meanwhile. */
  async get(query: string, tables: readonly string[], make: () => Promise<Buffer>): Promise<CachedTile> {
    this.follow();
    const key = createHash('sha256').update(query).digest('base64url');
    const hit = this.entries.get(key);
    if (hit && this.listening) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const before = this.stamp(tables);
    const body = await make();
    const tile = { body, etag: tileEtag(body) };
    if (
      this.maxBytes > 0 &&
      this.listening &&
      this.stamp(tables) === before &&
      body.length <= this.maxBytes * LARGEST_SHARE_OF_BUDGET
    ) {
      this.drop(key);
      this.entries.set(key, { ...tile, tables });
      this.bytes += body.length + key.length;
      for (const [oldest] of this.entries) {
        if (this.bytes <= this.maxBytes) break;
        this.drop(oldest);
      }
    }
    return tile;
  }

  /** Drops every tile (this process changed data: its next tiles must show it). */
  forgetAll(): void {
    this.changed(null);
  }

  /** Bytes of tiles kept (bodies and keys). */
  get sizeBytes(): number {
    return this.bytes;
  }

  /** Resolves once the cache follows the database's notifications (until then it keeps nothing). */
  following(): Promise<void> {
    this.follow();
    return this.listening ? Promise.resolve() : new Promise((resolve) => this.listeningWaiters.push(resolve));
  }

  /**
   * Resolves when this process next hears that `table` changed (or that notifications were lost
   * or are back, which drops every tile).
   */
  nextChange(table: string): Promise<void> {
    this.follow();
    return new Promise((resolve) => this.changeWaiters.push({ table, resolve }));
  }

  private stamp(tables: readonly string[]): string {
    return `${this.generation}:${tables.map((t) => this.versions.get(t) ?? 0).join(',')}`;
  }

  private drop(key: string) {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.body.length + key.length;
  }

  private changed(table: string | null) {
    if (table === null) {
      this.generation++;
      this.entries.clear();
      this.bytes = 0;
    } else {
      this.versions.set(table, (this.versions.get(table) ?? 0) + 1);
      for (const [key, entry] of this.entries) if (entry.tables.includes(table)) this.drop(key);
    }
    const heard = this.changeWaiters.filter((w) => table === null || w.table === table);
    this.changeWaiters.splice(
      0,
      this.changeWaiters.length,
      ...this.changeWaiters.filter((w) => !heard.includes(w)),
    );
    for (const waiter of heard) waiter.resolve();
  }

  private follow() {
    if (this.started) return;
    this.started = true;
    void (async () => {
      // Notifications name schema.table: those of another schema on the same database are not ours.
      const { rows } = await this.db.query<{ schema: string }>('select current_schema() as schema');
      const ours = `${rows[0]!.schema}.`;
      await this.db.listen(TILE_DATA_CHANNEL, {
        onNotify: (payload) => {
          if (payload.startsWith(ours)) this.changed(payload.slice(ours.length));
        },
        onListening: (listening) => {
          this.listening = listening;
          this.changed(null);
          if (listening) for (const resolve of this.listeningWaiters.splice(0)) resolve();
        },
      });
    })().catch(() => {
      this.listening = false;
      this.started = false;
    });
  }
}

const caches = new WeakMap<Db, TileCache>();

/** The tile cache of a database handle (one per process and database). */
export function tileCacheOf(db: Db, maxBytes: number): TileCache {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new TileCache(db, maxBytes)));
  return cache;
}
