import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import {
  Compression,
  type DirectoryEntry,
  encodeHeader,
  PMTILES_HEADER_BYTES,
  PMTILES_ROOT_BYTES,
  serializeDirectory,
  type TileType,
  zxyToTileId,
} from './pmtiles-format';

export interface PmtilesTile {
  z: number;
  x: number;
  y: number;
  /** The tile's bytes as made (an MVT, a PNG…), not yet compressed. */
  data: Uint8Array;
}

export interface PmtilesArchiveOptions {
  tileType: TileType;
  /** Gzip for vector tiles (what planetiler and tippecanoe write), None for PNG/JPEG/WebP. */
  tileCompression: Compression.Gzip | Compression.None;
  /** West, south, east, north (degrees). */
  bounds: [number, number, number, number];
  center?: [number, number, number];
  /** The archive's JSON metadata: name, attribution, vector_layers… */
  metadata: Record<string, unknown>;
}

/**
 * Writes a PMTiles v3 archive in memory: tiles in tile-id order (clustered), identical contents
 * stored once and runs of them written as one entry, directories and metadata gzipped, the root
 * directory within the first 16 KiB and leaf directories when it would not fit. For packs of a
 * few thousand tiles (the demo's); a province-size pack is made with planetiler or tippecanoe.
 */
export function writePmtiles(tiles: readonly PmtilesTile[], options: PmtilesArchiveOptions): Buffer {
  const ordered = tiles
    .filter((tile) => tile.data.length > 0)
    .map((tile) => ({ ...tile, tileId: zxyToTileId(tile.z, tile.x, tile.y) }))
    .sort((a, b) => a.tileId - b.tileId);
  if (ordered.length === 0) throw new Error('a PMTiles archive needs at least one tile');
  const chunks: Buffer[] = [];
  const offsetByHash = new Map<string, { offset: number; length: number }>();
  const entries: DirectoryEntry[] = [];
  let tileDataLength = 0;
  for (const tile of ordered) {
    const stored =
      options.tileCompression === Compression.Gzip ? gzipSync(tile.data) : Buffer.from(tile.data);
    const hash = createHash('sha256').update(stored).digest('hex');
    let place = offsetByHash.get(hash);
    if (!place) {
      place = { offset: tileDataLength, length: stored.length };
      offsetByHash.set(hash, place);
      chunks.push(stored);
      tileDataLength += stored.length;
    }
    const last = entries.at(-1);
    if (last && last.offset === place.offset && last.tileId + last.runLength === tile.tileId)
      last.runLength++;
    else entries.push({ tileId: tile.tileId, offset: place.offset, length: place.length, runLength: 1 });
  }
  const zooms = ordered.map((tile) => tile.z);
  const head = archiveHead(entries, options, {
    tileDataLength,
    addressedTilesCount: ordered.length,
    tileContentsCount: offsetByHash.size,
    clustered: true,
    minZoom: Math.min(...zooms),
    maxZoom: Math.max(...zooms),
  });
  return Buffer.concat([head, ...chunks]);
}

export interface ArchiveCounts {
  tileDataLength: number;
  addressedTilesCount: number;
  tileContentsCount: number;
  /** The tile data in tile-id order. */
  clustered: boolean;
  minZoom: number;
  maxZoom: number;
}

/**
 * Everything of an archive before its tile data: header, root directory, metadata and leaf
 * directories, for `entries` in tile-id order addressing a tile data section as `counts` says.
 */
export function archiveHead(
  entries: DirectoryEntry[],
  options: PmtilesArchiveOptions,
  counts: ArchiveCounts,
): Buffer {
  const { root, leaves } = directories(entries);
  const metadata = gzipSync(Buffer.from(JSON.stringify(options.metadata), 'utf8'));
  const rootOffset = PMTILES_HEADER_BYTES;
  const metadataOffset = rootOffset + root.length;
  const leafOffset = metadataOffset + metadata.length;
  const tileDataOffset = leafOffset + leaves.length;
  const [west, south, east, north] = options.bounds;
  const center = options.center ?? [(west + east) / 2, (south + north) / 2, counts.minZoom];
  const header = encodeHeader({
    specVersion: 3,
    rootDirectoryOffset: rootOffset,
    rootDirectoryLength: root.length,
    metadataOffset,
    metadataLength: metadata.length,
    leafDirectoryOffset: leafOffset,
    leafDirectoryLength: leaves.length,
    tileDataOffset,
    tileDataLength: counts.tileDataLength,
    addressedTilesCount: counts.addressedTilesCount,
    tileEntriesCount: entries.length,
    tileContentsCount: counts.tileContentsCount,
    clustered: counts.clustered,
    internalCompression: Compression.Gzip,
    tileCompression: options.tileCompression,
    tileType: options.tileType,
    minZoom: counts.minZoom,
    maxZoom: counts.maxZoom,
    bounds: options.bounds,
    centerZoom: center[2],
    center: [center[0], center[1]],
  });
  return Buffer.concat([header, root, metadata, leaves]);
}

/**
 * The root directory, and the leaves when the root would pass the first 16 KiB: leaves of
 * `leafSize` entries, the size doubled until the root (one entry per leaf) fits.
 */
function directories(entries: DirectoryEntry[]): { root: Buffer; leaves: Buffer } {
  const whole = gzipSync(serializeDirectory(entries));
  if (whole.length <= PMTILES_ROOT_BYTES - PMTILES_HEADER_BYTES)
    return { root: whole, leaves: Buffer.alloc(0) };
  for (let leafSize = 4096; ; leafSize *= 2) {
    const leafChunks: Buffer[] = [];
    const rootEntries: DirectoryEntry[] = [];
    let offset = 0;
    for (let start = 0; start < entries.length; start += leafSize) {
      const leaf = gzipSync(serializeDirectory(entries.slice(start, start + leafSize)));
      rootEntries.push({ tileId: entries[start]!.tileId, offset, length: leaf.length, runLength: 0 });
      leafChunks.push(leaf);
      offset += leaf.length;
    }
    const root = gzipSync(serializeDirectory(rootEntries));
    if (root.length <= PMTILES_ROOT_BYTES - PMTILES_HEADER_BYTES)
      return { root, leaves: Buffer.concat(leafChunks) };
  }
}
