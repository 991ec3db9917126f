/**
 * A minimal GeoTIFF writer for DEMs: one band of 32-bit floats (or 16-bit integers, as SRTM
 * stores whole metres), little-endian, uncompressed,
 * in square tiles (so readers fetch windows tile by tile; geotiff.js's own writer stores the
 * raster as one strip, which a window read must decode whole). Tags per TIFF 6.0 (tiles:
 * §15) and OGC GeoTIFF 1.1 (ModelPixelScale, ModelTiepoint, GeoKeyDirectory), NoData as GDAL's
 * GDAL_NODATA ASCII tag. Used by the demo's synthetic DEM and by the tests.
 */
export interface DemGeoTiffInput {
  widthPx: number;
  heightPx: number;
  /** Row-major elevations, top row first. */
  values: ArrayLike<number>;
  /** EPSG code of the CRS: geographic (4326, 4490) or projected (UTM, Gauss-Krüger…). */
  epsg: number;
  geographic: boolean;
  /** Outer corner of the top-left cell, and cell sizes (x east, y south), CRS units. */
  originX: number;
  originY: number;
  cellSizeX: number;
  cellSizeY: number;
  noData?: number;
  /** Tile edge in pixels, a multiple of 16 (TIFF 6.0). */
  tileSize?: number;
  /** False writes a plain TIFF with no georeference tags (for the refusal tests). */
  georeferenced?: boolean;
  /** `int16` rounds to whole metres and halves the file. Default `float32`. */
  sampleType?: 'float32' | 'int16';
}

const SHORT = 3;
const LONG = 4;
const ASCII = 2;
const DOUBLE = 12;
const TYPE_SIZE: Record<number, number> = { [SHORT]: 2, [LONG]: 4, [ASCII]: 1, [DOUBLE]: 8 };

interface Entry {
  tag: number;
  type: number;
  values: number[] | string;
}

/** The GeoTIFF file's bytes. */
export function writeDemGeoTiff(input: DemGeoTiffInput): Buffer {
  const tileSize = input.tileSize ?? 64;
  if (tileSize % 16 !== 0) throw new Error('tileSize must be a multiple of 16');
  const tilesAcross = Math.ceil(input.widthPx / tileSize);
  const tilesDown = Math.ceil(input.heightPx / tileSize);
  const int16 = input.sampleType === 'int16';
  const bytesPerCell = int16 ? 2 : 4;
  const tileBytes = tileSize * tileSize * bytesPerCell;
  const tileCount = tilesAcross * tilesDown;

  const entries: Entry[] = [
    { tag: 256, type: LONG, values: [input.widthPx] },
    { tag: 257, type: LONG, values: [input.heightPx] },
    { tag: 258, type: SHORT, values: [bytesPerCell * 8] },
    { tag: 259, type: SHORT, values: [1] },
    { tag: 262, type: SHORT, values: [1] },
    { tag: 277, type: SHORT, values: [1] },
    { tag: 284, type: SHORT, values: [1] },
    { tag: 322, type: LONG, values: [tileSize] },
    { tag: 323, type: LONG, values: [tileSize] },
    { tag: 324, type: LONG, values: new Array<number>(tileCount).fill(0) },
    { tag: 325, type: LONG, values: new Array<number>(tileCount).fill(tileBytes) },
    // SampleFormat: 3 IEEE float, 2 signed integer.
    { tag: 339, type: SHORT, values: [int16 ? 2 : 3] },
  ];
  if (input.georeferenced !== false) {
    entries.push(
      { tag: 33550, type: DOUBLE, values: [input.cellSizeX, input.cellSizeY, 0] },
      { tag: 33922, type: DOUBLE, values: [0, 0, 0, input.originX, input.originY, 0] },
      {
        tag: 34735,
        type: SHORT,
        values: [
          ...[1, 1, 0, 3],
          ...[1024, 0, 1, input.geographic ? 2 : 1], // GTModelTypeGeoKey
          ...[1025, 0, 1, 1], // GTRasterTypeGeoKey: PixelIsArea
          ...[input.geographic ? 2048 : 3072, 0, 1, input.epsg],
        ],
      },
    );
  }
  if (input.noData !== undefined) entries.push({ tag: 42113, type: ASCII, values: `${input.noData}\0` });

  const ifdOffset = 8;
  const ifdSize = 2 + entries.length * 12 + 4;
  let dataOffset = ifdOffset + ifdSize;
  const external: { entry: Entry; offset: number }[] = [];
  for (const entry of entries) {
    const size = TYPE_SIZE[entry.type]! * entry.values.length;
    if (size > 4) {
      external.push({ entry, offset: dataOffset });
      dataOffset += size + (size % 2);
    }
  }
  const firstTileOffset = dataOffset;
  const tileOffsets = entries.find((e) => e.tag === 324)!.values as number[];
  for (let t = 0; t < tileCount; t++) tileOffsets[t] = firstTileOffset + t * tileBytes;

  const buffer = Buffer.alloc(firstTileOffset + tileCount * tileBytes);
  buffer.write('II', 0, 'latin1');
  buffer.writeUInt16LE(42, 2);
  buffer.writeUInt32LE(ifdOffset, 4);
  buffer.writeUInt16LE(entries.length, ifdOffset);
  entries.forEach((entry, i) => {
    const at = ifdOffset + 2 + i * 12;
    buffer.writeUInt16LE(entry.tag, at);
    buffer.writeUInt16LE(entry.type, at + 2);
    buffer.writeUInt32LE(entry.values.length, at + 4);
    const outside = external.find((x) => x.entry === entry);
    if (outside) buffer.writeUInt32LE(outside.offset, at + 8);
    else writeValues(buffer, at + 8, entry);
  });
  buffer.writeUInt32LE(0, ifdOffset + 2 + entries.length * 12);
  for (const { entry, offset } of external) writeValues(buffer, offset, entry);

  const fill = input.noData ?? 0;
  for (let ty = 0; ty < tilesDown; ty++) {
    for (let tx = 0; tx < tilesAcross; tx++) {
      const base = tileOffsets[ty * tilesAcross + tx]!;
      for (let row = 0; row < tileSize; row++) {
        const y = ty * tileSize + row;
        for (let col = 0; col < tileSize; col++) {
          const x = tx * tileSize + col;
          const value = x < input.widthPx && y < input.heightPx ? input.values[y * input.widthPx + x]! : fill;
          const at = base + (row * tileSize + col) * bytesPerCell;
          if (int16) buffer.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(value))), at);
          else buffer.writeFloatLE(value, at);
        }
      }
    }
  }
  return buffer;
}

function writeValues(buffer: Buffer, at: number, entry: Entry): void {
  if (typeof entry.values === 'string') {
    buffer.write(entry.values, at, 'latin1');
    return;
  }
  entry.values.forEach((value, i) => {
    if (entry.type === SHORT) buffer.writeUInt16LE(value, at + i * 2);
    else if (entry.type === LONG) buffer.writeUInt32LE(value, at + i * 4);
    else buffer.writeDoubleLE(value, at + i * 8);
  });
}
