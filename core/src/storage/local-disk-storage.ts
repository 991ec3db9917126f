import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { NotFoundError, ValidationError } from '../errors/app-error';
import { isValidStorageKey, StorageFullError, type ObjectStorage } from './object-storage';

/**
 * ObjectStorage on the local disk under `rootDir` (by default `DATA_DIR/imagery`). A write goes
 * to a temporary file in `rootDir/.tmp`, is fsynced, then renamed into place (rename is atomic
 * on one file system), so a crash mid-upload never leaves a half-written object under its key.
 */
export function createLocalDiskStorage(rootDir: string): ObjectStorage {
  const root = path.resolve(rootDir);
  const tmpDir = path.join(root, '.tmp');

  const pathOf = (key: string): string => {
    if (!isValidStorageKey(key)) throw new ValidationError(`Invalid storage key: ${JSON.stringify(key)}`);
    const full = path.resolve(root, key);
    // Belt and braces: the key pattern already refuses `..`.
    if (!full.startsWith(root + path.sep)) throw new ValidationError('Storage key outside the storage root');
    return full;
  };

  return {
    async put(key, body) {
      const target = pathOf(key);
      await fsp.mkdir(tmpDir, { recursive: true });
      await fsp.mkdir(path.dirname(target), { recursive: true });
      const tmp = path.join(tmpDir, `${randomUUID()}.part`);
      let sizeBytes = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          sizeBytes += chunk.length;
          done(null, chunk);
        },
      });
      const source = Buffer.isBuffer(body) ? Readable.from([body]) : body;
      const sink = fs.createWriteStream(tmp, { flags: 'wx' });
      try {
        await pipeline(source, counter, sink);
        const handle = await fsp.open(tmp, 'r+');
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
      } catch (error) {
        // A source that fails early fails the pipeline while the file is still being opened:
        // removed before the stream has closed, the file would be created after the removal.
        if (!sink.closed) await new Promise<void>((resolve) => sink.once('close', () => resolve()));
        await fsp.rm(tmp, { force: true });
        throw asStorageFull(error);
      }
      try {
        await fsp.rename(tmp, target);
      } catch (error) {
        await fsp.rm(tmp, { force: true });
        throw error;
      }
      return { sizeBytes };
    },
    async get(key, options) {
      const file = pathOf(key);
      try {
        await fsp.access(file, fs.constants.R_OK);
      } catch {
        throw new NotFoundError('Stored object');
      }
      const range = options?.range;
      return fs.createReadStream(file, range ? { start: range.firstByte, end: range.lastByte } : {});
    },
    async getBuffer(key) {
      try {
        return await fsp.readFile(pathOf(key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError('Stored object');
        throw error;
      }
    },
    async delete(key) {
      await fsp.rm(pathOf(key), { force: true });
    },
    async exists(key) {
      const file = pathOf(key);
      try {
        await fsp.access(file);
        return true;
      } catch {
        return false;
      }
    },
  };
}

function asStorageFull(error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' ? new StorageFullError() : error;
}
