/**
 * The PMTiles v3 archive layout (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md):
 * a 127-byte header, a root directory, JSON metadata, leaf directories and the tile data. Tiles
 * are addressed by one number per tile, the count of tiles at lower zooms plus the tile's position
 * on the Hilbert curve of its zoom. Shared by the reader and the writer.
 */

export const PMTILES_HEADER_BYTES = 127;
/** The spec's ceiling for header + root directory, so a client reads both with one request. */
export const PMTILES_ROOT_BYTES = 16_384;

/** Compression of the directories, metadata or tiles (spec: header bytes 97 and 98). */
export enum Compression {
  Unknown = 0,
  None = 1,
  Gzip = 2,
  Brotli = 3,
  Zstd = 4,
}

/** What the tiles are (spec: header byte 99). */
export enum TileType {
  Unknown = 0,
  Mvt = 1,
  Png = 2,
  Jpeg = 3,
  Webp = 4,
  Avif = 5,
}

export interface PmtilesHeader {
  specVersion: number;
  rootDirectoryOffset: number;
  rootDirectoryLength: number;
  metadataOffset: number;
  metadataLength: number;
  leafDirectoryOffset: number;
  leafDirectoryLength: number;
  tileDataOffset: number;
  tileDataLength: number;
  addressedTilesCount: number;
  tileEntriesCount: number;
  tileContentsCount: number;
  clustered: boolean;
  internalCompression: Compression;
  tileCompression: Compression;
  tileType: TileType;
  minZoom: number;
  maxZoom: number;
  /** West, south, east, north in degrees (stored as 10⁻⁷ degree integers). */
  bounds: [number, number, number, number];
  centerZoom: number;
  center: [number, number];
}

/** One directory entry: a run of `runLength` tiles sharing one content, or (runLength 0) a leaf. */
export interface DirectoryEntry {
  tileId: number;
  offset: number;
  length: number;
  runLength: number;
}

const MAGIC = 'PMTiles';

/** True when `bytes` start like a PMTiles archive of any version. */
export function looksLikePmtiles(bytes: Uint8Array): boolean {
  return bytes.length >= 7 && Buffer.from(bytes.subarray(0, 7)).toString('latin1') === MAGIC;
}

/** Reads the 127-byte header; throws when the magic or version is wrong. */
export function decodeHeader(bytes: Uint8Array): PmtilesHeader {
  if (bytes.length < PMTILES_HEADER_BYTES || !looksLikePmtiles(bytes))
    throw new Error('not a PMTiles archive (no "PMTiles" magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u64 = (at: number) => Number(view.getBigUint64(at, true));
  const degrees = (at: number) => view.getInt32(at, true) / 1e7;
  const header: PmtilesHeader = {
    specVersion: view.getUint8(7),
    rootDirectoryOffset: u64(8),
    rootDirectoryLength: u64(16),
    metadataOffset: u64(24),
    metadataLength: u64(32),
    leafDirectoryOffset: u64(40),
    leafDirectoryLength: u64(48),
    tileDataOffset: u64(56),
    tileDataLength: u64(64),
    addressedTilesCount: u64(72),
    tileEntriesCount: u64(80),
    tileContentsCount: u64(88),
    clustered: view.getUint8(96) === 1,
    internalCompression: view.getUint8(97),
    tileCompression: view.getUint8(98),
    tileType: view.getUint8(99),
    minZoom: view.getUint8(100),
    maxZoom: view.getUint8(101),
    bounds: [degrees(102), degrees(106), degrees(110), degrees(114)],
    centerZoom: view.getUint8(118),
    center: [degrees(119), degrees(123)],
  };
  if (header.specVersion !== 3)
    throw new Error(`PMTiles version ${header.specVersion}: only version 3 is read (convert with pmtiles convert)`);
  return header;
}

export function encodeHeader(header: PmtilesHeader): Buffer {
  const bytes = Buffer.alloc(PMTILES_HEADER_BYTES);
  bytes.write(MAGIC, 0, 'latin1');
  bytes.writeUInt8(3, 7);
  const u64 = (at: number, value: number) => bytes.writeBigUInt64LE(BigInt(value), at);
  const degrees = (at: number, value: number) => bytes.writeInt32LE(Math.round(value * 1e7), at);
  u64(8, header.rootDirectoryOffset);
  u64(16, header.rootDirectoryLength);
  u64(24, header.metadataOffset);
  u64(32, header.metadataLength);
  u64(40, header.leafDirectoryOffset);
  u64(48, header.leafDirectoryLength);
  u64(56, header.tileDataOffset);
  u64(64, header.tileDataLength);
  u64(72, header.addressedTilesCount);
  u64(80, header.tileEntriesCount);
  u64(88, header.tileContentsCount);
  bytes.writeUInt8(header.clustered ? 1 : 0, 96);
  bytes.writeUInt8(header.internalCompression, 97);
  bytes.writeUInt8(header.tileCompression, 98);
  bytes.writeUInt8(header.tileType, 99);
  bytes.writeUInt8(header.minZoom, 100);
  bytes.writeUInt8(header.maxZoom, 101);
  header.bounds.forEach((value, i) => degrees(102 + 4 * i, value));
  bytes.writeUInt8(header.centerZoom, 118);
  degrees(119, header.center[0]);
  degrees(123, header.center[1]);
  return bytes;
}

/** Tiles at zooms below `z`: 1 + 4 + … + 4^(z−1) = (4^z − 1) / 3. */
function tilesBelowZoom(z: number): number {
  return (4 ** z - 1) / 3;
}

/**
 * The tile id of z/x/y: the tiles of every lower zoom, then the Hilbert index of (x, y) at z
 * (the usual xy → d walk, quadrant by quadrant from the largest).
 * @example zxyToTileId(1, 0, 1) // 2
 */
export function zxyToTileId(z: number, x: number, y: number): number {
  if (z > 26) throw new RangeError('zoom above 26');
  const n = 2 ** z;
  if (x < 0 || y < 0 || x >= n || y >= n) throw new RangeError(`tile ${z}/${x}/${y} off the grid`);
  let tx = x;
  let ty = y;
  let d = 0;
  for (let s = n / 2; s >= 1; s /= 2) {
    const rx = (tx & s) > 0 ? 1 : 0;
    const ry = (ty & s) > 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    [tx, ty] = rotate(s, tx, ty, rx, ry);
  }
  return tilesBelowZoom(z) + d;
}

/** z/x/y of a tile id (the inverse of zxyToTileId). */
export function tileIdToZxy(tileId: number): [number, number, number] {
  let z = 0;
  while (tilesBelowZoom(z + 1) <= tileId) z++;
  const n = 2 ** z;
  let t = tileId - tilesBelowZoom(z);
  let x = 0;
  let y = 0;
  for (let s = 1; s < n; s *= 2) {
    const rx = Math.floor(t / 2) % 2;
    const ry = (t % 2) ^ rx;
    [x, y] = rotate(s, x, y, rx, ry);
    x += s * rx;
    y += s * ry;
    t = Math.floor(t / 4);
  }
  return [z, x, y];
}

function rotate(s: number, x: number, y: number, rx: number, ry: number): [number, number] {
  if (ry !== 0) return [x, y];
  if (rx === 1) return [s - 1 - y, s - 1 - x];
  return [y, x];
}

/** Unsigned LEB128, as the directories store every number (safe up to 2⁵³). */
export function writeVarint(out: number[], value: number): void {
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  out.push(rest);
}

export function readVarint(bytes: Uint8Array, cursor: { at: number }): number {
  let value = 0;
  let factor = 1;
  for (;;) {
    if (cursor.at >= bytes.length) throw new Error('directory ends inside a number');
    const byte = bytes[cursor.at++]!;
    value += (byte & 0x7f) * factor;
    if (byte < 0x80) return value;
    factor *= 0x80;
    if (factor > 2 ** 56) throw new Error('directory number too long');
  }
}

/**
 * A directory, uncompressed: the count, then each column in turn (tile id deltas, run lengths,
 * lengths, offsets; an offset is written 0 when it follows the previous entry's bytes).
 */
export function serializeDirectory(entries: readonly DirectoryEntry[]): Buffer {
  const out: number[] = [];
  writeVarint(out, entries.length);
  let lastId = 0;
  for (const entry of entries) {
    writeVarint(out, entry.tileId - lastId);
    lastId = entry.tileId;
  }
  for (const entry of entries) writeVarint(out, entry.runLength);
  for (const entry of entries) writeVarint(out, entry.length);
  entries.forEach((entry, i) => {
    const previous = entries[i - 1];
    if (previous && entry.offset === previous.offset + previous.length) writeVarint(out, 0);
    else writeVarint(out, entry.offset + 1);
  });
  return Buffer.from(out);
}

export function deserializeDirectory(bytes: Uint8Array): DirectoryEntry[] {
  const cursor = { at: 0 };
  const count = readVarint(bytes, cursor);
  if (count > bytes.length) throw new Error('directory claims more entries than it has bytes');
  const entries: DirectoryEntry[] = [];
  let lastId = 0;
  for (let i = 0; i < count; i++) {
    lastId += readVarint(bytes, cursor);
    entries.push({ tileId: lastId, offset: 0, length: 0, runLength: 1 });
  }
  for (const entry of entries) entry.runLength = readVarint(bytes, cursor);
  for (const entry of entries) entry.length = readVarint(bytes, cursor);
  entries.forEach((entry, i) => {
    const value = readVarint(bytes, cursor);
    const previous = entries[i - 1];
    if (value === 0 && previous) entry.offset = previous.offset + previous.length;
    else entry.offset = value - 1;
  });
  return entries;
}

/**
 * The entry that holds `tileId`: an exact match, a run that covers it, or the leaf directory
 * (runLength 0) whose range starts at or before it; null when there is none.
 */
export function findEntry(entries: readonly DirectoryEntry[], tileId: number): DirectoryEntry | null {
  let low = 0;
  let high = entries.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const id = entries[middle]!.tileId;
    if (id < tileId) low = middle + 1;
    else if (id > tileId) high = middle - 1;
    else return entries[middle]!;
  }
  const before = entries[high];
  if (!before) return null;
  if (before.runLength === 0) return before;
  return tileId - before.tileId < before.runLength ? before : null;
}
