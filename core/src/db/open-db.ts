import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/config';
import type { Db } from './db';
import { createPgDb } from './pg-db';
import { createPgliteDb } from './pglite-db';

/** A start-up failure with one line for the operator; the process exits non-zero. */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** Opens the database the configuration names, and proves it answers. */
export async function openDb(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<Db> {
  if (config.databaseUrl) {
    const db = createPgDb({ connectionString: config.databaseUrl });
    try {
      await db.query('select 1');
    } catch (error) {
      await db.close().catch(() => undefined);
      throw new StartupError(
        `Cannot connect to DATABASE_URL (${redactUrl(config.databaseUrl)}): ${(error as Error).message}`,
      );
    }
    return db;
  }
  const dir = path.join(config.dataDir, 'pglite');
  assertWritableDir(config.dataDir);
  return createPgliteDb(dir);
}

export function assertWritableDir(dir: string): void {
  try {
    makeDirectories(dir);
    fs.accessSync(dir, fs.constants.R_OK | fs.constants.W_OK);
  } catch (error) {
    throw new StartupError(
      `DATA_DIR ${dir} is not a readable and writable directory (${(error as NodeJS.ErrnoException).code})`,
    );
  }
}

/**
 * `mkdir -p` one level at a time: Node's recursive mkdirSync never returns on some paths
 * (e.g. under /proc), and a start-up check must fail, not hang.
 */
function makeDirectories(dir: string): void {
  const missing: string[] = [];
  let current = path.resolve(dir);
  while (!fs.existsSync(current)) {
    missing.unshift(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const level of missing) fs.mkdirSync(level);
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
