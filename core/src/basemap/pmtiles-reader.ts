import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import {
  Compression,
  decodeHeader,
  deserializeDirectory,
  type DirectoryEntry,
  findEntry,
  PMTILES_HEADER_BYTES,
  type PmtilesHeader,
  zxyToTileId,
} from './pmtiles-format';

/** Reads `length` bytes at `offset` (a file handle, a test's buffer). */
export type ByteSource = (offset: number, length: number) => Promise<Uint8Array>;

/** Largest directory or metadata block read, compressed or not: a hostile header cannot ask for more. */
const MAX_BLOCK_BYTES = 16 * 1024 * 1024;
/** Root → leaf → leaf: deeper than this is a broken or hostile archive. */
const MAX_DIRECTORY_DEPTH = 4;

export interface PmtilesArchive {
  header: PmtilesHeader;
  metadata: Record<string, unknown>;
  /** The stored bytes of z/x/y (compressed as `header.tileCompression` says), or null when absent. */
  getTile(z: number, x: number, y: number): Promise<Uint8Array | null>;
}

/**
 * Opens a PMTiles v3 archive: its header, metadata and root directory are read at once (and so
 * checked), leaf directories when a tile needs them, each kept for the next tile.
 */
export async function openPmtiles(read: ByteSource): Promise<PmtilesArchive> {
  const header = decodeHeader(await read(0, PMTILES_HEADER_BYTES));
  const internal = header.internalCompression;
  const block = async (offset: number, length: number) => {
    if (length > MAX_BLOCK_BYTES) throw new Error(`directory or metadata of ${length} bytes`);
    const bytes = await read(offset, length);
    if (bytes.length !== length) throw new Error('archive ends before its directories do');
    return decompress(bytes, internal);
  };
  const root = deserializeDirectory(await block(header.rootDirectoryOffset, header.rootDirectoryLength));
  const metadataText = Buffer.from(await block(header.metadataOffset, header.metadataLength)).toString('utf8');
  const parsed: unknown = metadataText.trim() === '' ? {} : JSON.parse(metadataText);
  const metadata = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  const leaves = new Map<number, DirectoryEntry[]>();
  const leaf = async (entry: DirectoryEntry) => {
    let entries = leaves.get(entry.offset);
    if (!entries) {
      entries = deserializeDirectory(await block(header.leafDirectoryOffset + entry.offset, entry.length));
      if (leaves.size > 256) leaves.clear();
      leaves.set(entry.offset, entries);
    }
    return entries;
  };
  return {
    header,
    metadata,
    async getTile(z, x, y) {
      if (z < header.minZoom || z > header.maxZoom) return null;
      const tileId = zxyToTileId(z, x, y);
      let directory = root;
      for (let depth = 0; depth < MAX_DIRECTORY_DEPTH; depth++) {
        const entry = findEntry(directory, tileId);
        if (!entry) return null;
        if (entry.runLength > 0) {
          const bytes = await read(header.tileDataOffset + entry.offset, entry.length);
          return bytes.length === entry.length ? bytes : null;
        }
        directory = await leaf(entry);
      }
      throw new Error('leaf directories nested too deep');
    },
  };
}

/** Undoes the archive's internal compression (zstd is not in Node 20's zlib: refused). */
export function decompress(bytes: Uint8Array, compression: Compression): Uint8Array {
  const options = { maxOutputLength: MAX_BLOCK_BYTES };
  switch (compression) {
    case Compression.None:
    case Compression.Unknown:
      return bytes;
    case Compression.Gzip:
      return gunzipSync(bytes, options);
    case Compression.Brotli:
      return brotliDecompressSync(bytes, options);
    default:
      throw new Error(`compression ${Compression[compression] ?? compression} is not supported (use gzip)`);
  }
}
