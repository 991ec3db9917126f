import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request } from 'express';
import { recordAudit, type AuditActor } from '@skywater/core/audit/audit-log';
import { convertMbtilesToPmtiles, NotAnMbtilesError } from '@skywater/core/basemap/mbtiles-to-pmtiles';
import { looksLikePmtiles } from '@skywater/core/basemap/pmtiles-format';
import { looksLikeSqlite } from '@skywater/core/basemap/sqlite-file-reader';
import type { Config } from '@skywater/core/config/config';
import type { Db } from '@skywater/core/db/db';
import { ConflictError, PayloadTooLargeError } from '@skywater/core/errors/app-error';
import { displayFileName, readMultipart } from '../survey/multipart-upload';
import {
  type BasemapPack,
  type BasemapPackStore,
  NotABasemapError,
  openPackFile,
  PACK_NAME,
} from './basemap-packs';

/** What the upload's first bytes say it is: a PMTiles archive or an MBTiles (SQLite) file. */
type PackFormat = 'pmtiles' | 'mbtiles';

/** The first bytes decide: PMTiles and MBTiles go on, anything else stops before the rest is stored. */
function formatOfFirstBytes(first: Buffer): PackFormat {
  if (looksLikePmtiles(first)) return 'pmtiles';
  if (looksLikeSqlite(first)) return 'mbtiles';
  throw new NotABasemapError(
    'Not a basemap pack: a PMTiles archive starts with "PMTiles", an MBTiles file is SQLite',
  );
}

/**
 * The pack's name: what the admin typed, exactly (`a-z 0-9 _ -`), else the file's name made into
 * one (lower case, other characters as "-").
 */
export function packNameFrom(typed: string | undefined, fileName: string): string {
  const wanted = typed?.trim();
  if (wanted) {
    if (!PACK_NAME.test(wanted))
      throw new NotABasemapError(
        `"${wanted}" is not a pack name: use letters a-z, digits, "-" or "_" (up to 64)`,
      );
    return wanted;
  }
  const name = fileName
    .replace(/\.(pmtiles|mbtiles)$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '')
    .slice(0, 64);
  if (!PACK_NAME.test(name))
    throw new NotABasemapError('Give the pack a name of letters a-z, digits, "-" or "_" (field "name")');
  return name;
}

/**
 * An admin installs a pack (multipart field `file`, optional field `name`): streamed to a scratch
 * file in BASEMAP_DIR (refused past BASEMAP_MAX_BYTES, and at its first bytes when it is neither a
 * PMTiles archive nor an MBTiles file), an MBTiles file converted to PMTiles beside it (streaming,
 * core/src/basemap/mbtiles-to-pmtiles.ts), opened and checked (header, metadata, root directory,
 * tile type), then linked into place and audited. Anything refused leaves no file.
 */
export async function installPack(
  store: BasemapPackStore,
  db: Db,
  config: Config,
  req: Request,
  actor: AuditActor | null,
): Promise<BasemapPack> {
  await fs.promises.mkdir(store.dir, { recursive: true });
  const scratch = path.join(store.dir, `.upload-${randomUUID()}.part`);
  const converted = `${scratch}.pmtiles`;
  let fileName: string | null = null;
  let format: PackFormat | null = null;
  try {
    const fields = await readMultipart(req, {
      maxFiles: 1,
      maxFileBytes: config.basemapMaxBytes,
      async onFile(file) {
        if (file.field !== 'file') {
          file.stream.resume();
          return;
        }
        let head = Buffer.alloc(0);
        const firstBytes = new Transform({
          transform(chunk: Buffer, _encoding, done) {
            if (head.length < 16) {
              head = Buffer.concat([head, chunk]);
              if (head.length >= 16) {
                try {
                  format = formatOfFirstBytes(head);
                } catch (error) {
                  done(error as Error);
                  return;
                }
              }
            }
            done(null, chunk);
          },
        });
        await pipeline(file.stream, firstBytes, fs.createWriteStream(scratch));
        if (file.stream.truncated)
          throw new PayloadTooLargeError(
            `The pack is larger than BASEMAP_MAX_BYTES (${config.basemapMaxBytes} bytes): extract a smaller region (pmtiles extract --bbox) or raise the limit`,
          );
        if (head.length < 16) format = formatOfFirstBytes(head);
        fileName = displayFileName(file.fileName);
      },
    });
    const uploaded = fileName as string | null;
    if (uploaded === null)
      throw new NotABasemapError('Send the pack as a .pmtiles file in the multipart field "file"');
    const name = packNameFrom(fields.name, uploaded);
    // An MBTiles file is converted once, here: the server then reads every pack the same way.
    const archive = (format as PackFormat | null) === 'mbtiles' ? converted : scratch;
    if (archive === converted) {
      try {
        await convertMbtilesToPmtiles(scratch, converted, `${scratch}.tiles`);
      } catch (error) {
        if (error instanceof NotAnMbtilesError) throw new NotABasemapError(error.message);
        throw error;
      }
    }
    const checked = await openPackFile(archive);
    await checked.handle.close();
    try {
      // Hard link then unlink: an existing pack of that name is never overwritten, even by a race.
      await fs.promises.link(archive, store.filePath(name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST')
        throw new ConflictError(
          `A basemap named "${name}" is installed: remove it first or choose another name`,
        );
      throw error;
    }
    const pack = await store.describe(name);
    await recordAudit(db, {
      actor,
      action: 'upload',
      entity: 'basemap',
      entityId: name,
      after: {
        name,
        kind: pack.kind,
        tileType: pack.tileType,
        sizeBytes: pack.sizeBytes,
        fileName: uploaded,
      },
      requestId: String(req.id ?? ''),
    });
    return pack;
  } finally {
    await fs.promises.rm(scratch, { force: true });
    await fs.promises.rm(converted, { force: true });
  }
}

/** Removes an installed pack (404 when there is none of that name), audited. */
export async function removePack(
  store: BasemapPackStore,
  db: Db,
  name: string,
  actor: AuditActor | null,
  requestId: string,
): Promise<void> {
  const pack = await store.describe(name);
  await store.close(name);
  await fs.promises.rm(store.filePath(name), { force: true });
  await recordAudit(db, {
    actor,
    action: 'remove',
    entity: 'basemap',
    entityId: name,
    before: { name, kind: pack.kind, tileType: pack.tileType, sizeBytes: pack.sizeBytes },
    requestId,
  });
}
