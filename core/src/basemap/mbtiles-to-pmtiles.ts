import { gzipSync } from 'node:zlib';
import { Compression, TileType } from './pmtiles-format';
import { type ContentPlace, PmtilesFileWriter } from './pmtiles-file-writer';
import { SqliteFileReader, SqliteFormatError, type SqliteValue } from './sqlite-file-reader';

/**
 * Converts an MBTiles file (https://github.com/mapbox/mbtiles-spec, 1.3: SQLite with a `tiles`
 * table or view of zoom_level, tile_column, tile_row (TMS: y up), tile_data, and a `metadata`
 * table of name/value) to a PMTiles archive, streaming: the SQLite file is read page by page
 * (sqlite-file-reader.ts) and the tiles written to the archive as they come
 * (pmtiles-file-writer.ts). The deduplicated layout mbutil and tilemaker write (`tiles` a view
 * of `map` and `images` joined on tile_id) is read from its two tables. Vector tiles are stored
 * gzipped (as MBTiles writers store them; one not gzipped is gzipped), images as they are.
 */

export class NotAnMbtilesError extends Error {}

const tileTypes: Record<string, TileType> = {
  pbf: TileType.Mvt,
  mvt: TileType.Mvt,
  png: TileType.Png,
  jpg: TileType.Jpeg,
  jpeg: TileType.Jpeg,
  webp: TileType.Webp,
};

export interface MbtilesConversion {
  tileType: TileType;
  tileCount: number;
  metadata: Record<string, unknown>;
}

function bytesOf(value: SqliteValue): Uint8Array | null {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  return null;
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function numbers(text: unknown, count: number): number[] | null {
  if (typeof text !== 'string') return null;
  const parts = text.split(',').map((part) => Number(part.trim()));
  return parts.length === count && parts.every(Number.isFinite) ? parts : null;
}

/** The metadata table as the archive's JSON metadata (its `json` row's keys merged in). */
async function readMetadata(reader: SqliteFileReader): Promise<Record<string, string>> {
  const metadata: Record<string, string> = {};
  for await (const row of reader.table('metadata'))
    if (row.name !== null && row.value !== null) metadata[String(row.name)] = String(row.value);
  return metadata;
}

export async function convertMbtilesToPmtiles(
  mbtilesFile: string,
  pmtilesFile: string,
  scratchFile: string,
): Promise<MbtilesConversion> {
  let reader: SqliteFileReader;
  try {
    reader = await SqliteFileReader.open(mbtilesFile);
  } catch (error) {
    throw new NotAnMbtilesError(`Not a readable MBTiles file: ${(error as Error).message}`);
  }
  const writer = await PmtilesFileWriter.create(scratchFile);
  let finished = false;
  try {
    const schema = await reader.schema();
    const has = (type: string, name: string) => schema.some((row) => row.type === type && row.name === name);
    if (!has('table', 'metadata')) throw new NotAnMbtilesError('Not an MBTiles file: no metadata table');
    const raw = await readMetadata(reader);
    const tileType = tileTypes[(raw.format ?? '').toLowerCase()];
    if (tileType === undefined)
      throw new NotAnMbtilesError(
        `MBTiles format "${raw.format ?? ''}" is not served (pbf, png, jpg or webp)`,
      );
    const vector = tileType === TileType.Mvt;
    const stored = (data: Uint8Array) => (vector && !isGzip(data) ? gzipSync(data) : data);
    const add = (z: number, column: number, row: number, place: ContentPlace) =>
      writer.addTile(z, column, (1 << z) - 1 - row, place);

    if (has('table', 'tiles')) {
      for await (const row of reader.table('tiles')) {
        const data = bytesOf(row.tile_data ?? null);
        if (!data || data.length === 0) continue;
        add(
          Number(row.zoom_level),
          Number(row.tile_column),
          Number(row.tile_row),
          await writer.addContent(stored(data)),
        );
      }
    } else if (has('table', 'map') && has('table', 'images')) {
      // Each image stored once, then every map row pointing at one.
      const places = new Map<string, ContentPlace>();
      for await (const row of reader.table('images')) {
        const data = bytesOf(row.tile_data ?? null);
        if (data && data.length > 0) places.set(String(row.tile_id), await writer.addContent(stored(data)));
      }
      for await (const row of reader.table('map')) {
        const place = places.get(String(row.tile_id));
        if (place) add(Number(row.zoom_level), Number(row.tile_column), Number(row.tile_row), place);
      }
    } else throw new NotAnMbtilesError('Not an MBTiles file: no tiles table (nor map and images)');
    if (writer.tileCount === 0) throw new NotAnMbtilesError('The MBTiles file holds no tiles');

    const bounds = (numbers(raw.bounds, 4) ?? [-180, -85.05112878, 180, 85.05112878]) as [
      number,
      number,
      number,
      number,
    ];
    const center = numbers(raw.center, 3) as [number, number, number] | null;
    const { json, ...rest } = raw;
    let layers: Record<string, unknown> = {};
    try {
      layers = json ? (JSON.parse(json) as Record<string, unknown>) : {};
    } catch {
      layers = {};
    }
    const metadata: Record<string, unknown> = { ...rest, ...layers };
    const tileCount = writer.tileCount;
    await writer.finish(pmtilesFile, {
      tileType,
      tileCompression: vector ? Compression.Gzip : Compression.None,
      bounds,
      center: center ?? undefined,
      metadata,
    });
    finished = true;
    return { tileType, tileCount, metadata };
  } catch (error) {
    if (error instanceof SqliteFormatError)
      throw new NotAnMbtilesError(`Not a readable MBTiles file: ${error.message}`);
    throw error;
  } finally {
    if (!finished) await writer.abort();
    await reader.close();
  }
}
