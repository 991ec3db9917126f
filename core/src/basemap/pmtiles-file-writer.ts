import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { type DirectoryEntry, zxyToTileId } from './pmtiles-format';
import { archiveHead, type PmtilesArchiveOptions } from './pmtiles-writer';

/** Where one tile content sits in the tile data section. */
export interface ContentPlace {
  offset: number;
  length: number;
}

/**
 * Writes a PMTiles v3 archive to a file from tiles given in any order, for archives too large for
 * memory: each distinct content is appended to a scratch file as it comes (identical contents
 * stored once, told apart by SHA-256); only the directory (tile id, offset, length per tile) is
 * kept in memory. `finish` sorts the directory, writes header, directories and metadata, then
 * copies the tile data after them.
 */
export class PmtilesFileWriter {
  private dataLength = 0;
  private readonly placeByHash = new Map<string, ContentPlace>();
  private tileIds: number[] = [];
  private offsets: number[] = [];
  private lengths: number[] = [];
  private minZoom = Infinity;
  private maxZoom = -Infinity;

  private constructor(
    private readonly scratchPath: string,
    private readonly scratch: fs.promises.FileHandle,
  ) {}

  /** `scratchPath`: a file for the tile data while the archive is made (removed by `finish`). */
  static async create(scratchPath: string): Promise<PmtilesFileWriter> {
    return new PmtilesFileWriter(scratchPath, await fs.promises.open(scratchPath, 'w'));
  }

  /** Stores one tile content (as it goes in the archive: compressed already when tiles are). */
  async addContent(stored: Uint8Array): Promise<ContentPlace> {
    const hash = createHash('sha256').update(stored).digest('base64');
    const known = this.placeByHash.get(hash);
    if (known) return known;
    const place = { offset: this.dataLength, length: stored.length };
    await this.scratch.write(stored, 0, stored.length, this.dataLength);
    this.dataLength += stored.length;
    this.placeByHash.set(hash, place);
    return place;
  }

  /** Addresses tile z/x/y (XYZ, y down) to a content stored by `addContent`. */
  addTile(z: number, x: number, y: number, place: ContentPlace): void {
    if (place.length === 0) return;
    this.tileIds.push(zxyToTileId(z, x, y));
    this.offsets.push(place.offset);
    this.lengths.push(place.length);
    this.minZoom = Math.min(this.minZoom, z);
    this.maxZoom = Math.max(this.maxZoom, z);
  }

  get tileCount(): number {
    return this.tileIds.length;
  }

  /** Gives up: closes and removes the scratch file. */
  async abort(): Promise<void> {
    await this.scratch.close().catch(() => undefined);
    await fs.promises.rm(this.scratchPath, { force: true });
  }

  /** Writes the archive to `file` and removes the scratch file. */
  async finish(file: string, options: PmtilesArchiveOptions): Promise<void> {
    try {
      await this.scratch.close();
      if (this.tileIds.length === 0) throw new Error('a PMTiles archive needs at least one tile');
      const order = Array.from(this.tileIds.keys()).sort((a, b) => this.tileIds[a]! - this.tileIds[b]!);
      const entries: DirectoryEntry[] = [];
      let clustered = true;
      let previousEnd = 0;
      for (const i of order) {
        const [tileId, offset, length] = [this.tileIds[i]!, this.offsets[i]!, this.lengths[i]!];
        const last = entries.at(-1);
        if (last && last.tileId === tileId) continue;
        if (offset < previousEnd && !(last && last.offset === offset)) clustered = false;
        previousEnd = Math.max(previousEnd, offset + length);
        if (last && last.offset === offset && last.tileId + last.runLength === tileId) last.runLength++;
        else entries.push({ tileId, offset, length, runLength: 1 });
      }
      const addressed = entries.reduce((sum, entry) => sum + entry.runLength, 0);
      this.tileIds = [];
      this.offsets = [];
      this.lengths = [];
      const head = archiveHead(entries, options, {
        tileDataLength: this.dataLength,
        addressedTilesCount: addressed,
        tileContentsCount: this.placeByHash.size,
        clustered,
        minZoom: this.minZoom,
        maxZoom: this.maxZoom,
      });
      await fs.promises.writeFile(file, head);
      await pipeline(fs.createReadStream(this.scratchPath), fs.createWriteStream(file, { flags: 'a' }));
    } finally {
      await fs.promises.rm(this.scratchPath, { force: true });
    }
  }
}
