import fs from 'node:fs';
import path from 'node:path';
import { Compression, TileType, type PmtilesHeader } from '@skywater/core/basemap/pmtiles-format';
import { openPmtiles, type PmtilesArchive } from '@skywater/core/basemap/pmtiles-reader';
import type { BasemapPack, TileTypeName } from '@skywater/core/basemap/basemap-pack-view';
import { AppError, NotFoundError } from '@skywater/core/errors/app-error';

/** A pack's name: its file is `<name>.pmtiles` in BASEMAP_DIR and its URLs `/basemaps/<name>…`. */
export const PACK_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export type { BasemapPack, TileTypeName };

const tileTypeNames: Partial<Record<TileType, TileTypeName>> = {
  [TileType.Mvt]: 'mvt',
  [TileType.Png]: 'png',
  [TileType.Jpeg]: 'jpeg',
  [TileType.Webp]: 'webp',
  [TileType.Avif]: 'avif',
};

export const tileContentTypes: Record<TileTypeName, string> = {
  mvt: 'application/vnd.mapbox-vector-tile',
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  avif: 'image/avif',
};

/** 400 `not_a_basemap`: the file is not an archive this server can serve; nothing is kept. */
export class NotABasemapError extends AppError {
  constructor(message: string) {
    super(400, 'not_a_basemap', message);
  }
}

/**
 * What the server needs of an archive to serve it, or why it cannot: tiles of a known type, and
 * tile compression a browser undoes itself (none or gzip: sent with `Content-Encoding: gzip`).
 */
export function servableTileType(header: PmtilesHeader): TileTypeName {
  const type = tileTypeNames[header.tileType as TileType];
  if (!type) throw new NotABasemapError('The archive does not say what its tiles are (PMTiles tile type unknown or MLT)');
  if (![Compression.None, Compression.Gzip, Compression.Unknown].includes(header.tileCompression))
    throw new NotABasemapError(
      `Tiles compressed with ${Compression[header.tileCompression] ?? header.tileCompression}: write the pack with gzip (planetiler and pmtiles do by default)`,
    );
  if (header.minZoom > header.maxZoom || header.maxZoom > 30)
    throw new NotABasemapError(`Zoom range ${header.minZoom}-${header.maxZoom} is not a valid one`);
  return type;
}

interface OpenPack {
  archive: PmtilesArchive;
  handle: fs.promises.FileHandle;
  mtimeMs: number;
  sizeBytes: number;
  tileType: TileTypeName;
}

/**
 * The installed packs of one directory: each `<name>.pmtiles` file, opened once (header, metadata
 * and root directory read and checked) and reopened when the file changes.
 */
export class BasemapPackStore {
  private readonly open = new Map<string, Promise<OpenPack>>();

  constructor(readonly dir: string) {}

  filePath(name: string): string {
    return path.join(this.dir, `${name}.pmtiles`);
  }

  /** Every pack, by name. A file that cannot be read is left out (and logged by the caller). */
  async list(onUnreadable: (name: string, error: Error) => void = () => {}): Promise<BasemapPack[]> {
    let files: string[];
    try {
      files = await fs.promises.readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const names = files
      .filter((file) => file.endsWith('.pmtiles'))
      .map((file) => file.slice(0, -'.pmtiles'.length))
      .filter((name) => PACK_NAME.test(name))
      .sort();
    const packs: BasemapPack[] = [];
    for (const name of names) {
      try {
        packs.push(await this.describe(name));
      } catch (error) {
        onUnreadable(name, error as Error);
      }
    }
    return packs;
  }

  async describe(name: string): Promise<BasemapPack> {
    const pack = await this.pack(name);
    const { header, metadata } = pack.archive;
    const text = (key: string) => (typeof metadata[key] === 'string' ? (metadata[key] as string) : '');
    const layers = Array.isArray(metadata.vector_layers) ? (metadata.vector_layers as unknown[]) : [];
    const stat = await pack.handle.stat();
    return {
      name,
      title: text('name') || name,
      kind: pack.tileType === 'mvt' ? 'vector' : 'raster',
      format: 'pmtiles',
      tileType: pack.tileType,
      bounds: header.bounds,
      center: header.center,
      minZoom: header.minZoom,
      maxZoom: header.maxZoom,
      attribution: text('attribution'),
      vectorLayers: layers
        .map((layer) => (layer && typeof layer === 'object' ? (layer as { id?: unknown }).id : undefined))
        .filter((id): id is string => typeof id === 'string'),
      sizeBytes: pack.sizeBytes,
      installedAt: stat.mtime.toISOString(),
      tileUrl: `/basemaps/${name}/{z}/{x}/{y}`,
      archiveUrl: `/basemaps/${name}.pmtiles`,
    };
  }

  /** A tile's stored bytes and how to send them, or null when the pack has no such tile. */
  async tile(name: string, z: number, x: number, y: number) {
    const pack = await this.pack(name);
    const data = await pack.archive.getTile(z, x, y);
    if (!data) return null;
    return { data, tileType: pack.tileType, gzip: pack.archive.header.tileCompression === Compression.Gzip };
  }

  /** The open file of a pack and its size, for range reads of the archive. */
  async file(name: string): Promise<{ handle: fs.promises.FileHandle; sizeBytes: number; mtimeMs: number }> {
    const pack = await this.pack(name);
    return { handle: pack.handle, sizeBytes: pack.sizeBytes, mtimeMs: pack.mtimeMs };
  }

  /** Forgets an open pack (its file removed or replaced). */
  async close(name: string): Promise<void> {
    const opening = this.open.get(name);
    this.open.delete(name);
    if (opening) await opening.then((pack) => pack.handle.close()).catch(() => undefined);
  }

  private async pack(name: string): Promise<OpenPack> {
    if (!PACK_NAME.test(name)) throw new NotFoundError(`Basemap "${name}"`);
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(this.filePath(name));
    } catch {
      await this.close(name);
      throw new NotFoundError(`Basemap "${name}"`);
    }
    const cached = this.open.get(name);
    if (cached) {
      const pack = await cached.catch(() => null);
      if (pack && pack.mtimeMs === stat.mtimeMs && pack.sizeBytes === stat.size) return pack;
      await this.close(name);
    }
    const opening = openPackFile(this.filePath(name));
    this.open.set(name, opening);
    opening.catch(() => this.open.delete(name));
    return opening;
  }
}

/** Opens and checks an archive file (a scratch upload or an installed pack). */
export async function openPackFile(file: string): Promise<OpenPack> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const stat = await handle.stat();
    const archive = await openPmtiles(async (offset, length) => {
      const buffer = Buffer.alloc(Math.max(0, Math.min(length, stat.size - offset)));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
      return buffer.subarray(0, bytesRead);
    });
    const tileType = servableTileType(archive.header);
    return { archive, handle, mtimeMs: stat.mtimeMs, sizeBytes: stat.size, tileType };
  } catch (error) {
    await handle.close();
    if (error instanceof AppError) throw error;
    throw new NotABasemapError(`Not a readable PMTiles archive: ${(error as Error).message}`);
  }
}
