import fs from 'node:fs';
import path from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { NUMERIC_TYPE_OIDS, parseNumeric, type Db, type Queryable, type QueryResult } from './db';

export class EmbeddedDatabaseInUseError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `The embedded database in ${dir} is in use by process ${pid}: stop that process, or set DATABASE_URL to use a PostgreSQL server.`,
    );
  }
}

/** `copyFrom` hands PGlite this much text per COPY (its blob is held in memory whole). */
const COPY_BATCH_CHARS = 4 * 1024 * 1024;

/**
 * Embedded PGlite with PostGIS. `dataDir` undefined → in memory (tests; `loadDataDir` starts it
 * from a dump). PGlite lives in one process, so a lock file stops a second process from opening
 * the same directory.
 */
export async function createPgliteDb(
  dataDir?: string,
  options: { loadDataDir?: Blob } = {},
): Promise<Db & { dump(): Promise<Blob> }> {
  const release = dataDir ? lockDataDir(dataDir) : () => undefined;
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(dataDir, {
      extensions: { postgis },
      loadDataDir: options.loadDataDir,
      parsers: { [NUMERIC_TYPE_OIDS.int8]: parseNumeric, [NUMERIC_TYPE_OIDS.numeric]: parseNumeric },
    });
  } catch (error) {
    release();
    throw error;
  }

  const asQueryable = (target: PGlite | Transaction): Queryable => ({
    async query<T>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
      const result = await target.query<T>(sql, params as unknown[] | undefined);
      // PGlite reports affectedRows 0 for a SELECT; pg counts the rows returned.
      return { rows: result.rows, rowCount: result.rows.length || (result.affectedRows ?? 0) };
    },
    async exec(sql: string) {
      await target.exec(sql);
    },
    async copyFrom(sql: string, source: AsyncIterable<string | Uint8Array>): Promise<number> {
      const fromBlob = sql.replace(/\bfrom\s+stdin\b/i, "FROM '/dev/blob'");
      let parts: (string | Uint8Array)[] = [];
      let length = 0;
      let copied = 0;
      const flush = async () => {
        if (length === 0) return;
        const result = await target.query(fromBlob, [], { blob: new Blob(parts as BlobPart[]) });
        copied += result.affectedRows ?? 0;
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

  return {
    backend: 'embedded',
    ...asQueryable(pglite),
    transaction: (work) => pglite.transaction((tx) => work(asQueryable(tx))),
    async listen(channel, handlers) {
      const unlisten = await pglite.listen(channel, (payload) => handlers.onNotify(payload));
      handlers.onListening(true);
      return () => unlisten();
    },
    /** The whole database as a tarball (tests start from a migrated template). */
    dump: () => pglite.dumpDataDir('gzip') as Promise<Blob>,
    async close() {
      await pglite.close();
      release();
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
