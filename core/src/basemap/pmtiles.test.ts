import { gunzipSync } from 'node:zlib';
import { FileSource, PMTiles, tileIdToZxy as oracleTileIdToZxy, zxyToTileId as oracleZxyToTileId } from 'pmtiles';
import { describe, expect, it } from 'vitest';
import { Compression, PMTILES_ROOT_BYTES, TileType, tileIdToZxy, zxyToTileId } from './pmtiles-format';
import { openPmtiles } from './pmtiles-reader';
import { type PmtilesTile, writePmtiles } from './pmtiles-writer';

// The oracle is Protomaps' own reader (the `pmtiles` npm package, BSD-3-Clause): what our writer
// makes must read back through it byte for byte, and our tile ids must equal its.

function bufferSource(archive: Buffer) {
  return async (offset: number, length: number) => archive.subarray(offset, offset + length);
}

/** The oracle reads from a File: the archive wrapped as one. */
function oracle(archive: Buffer, name = 'test.pmtiles') {
  return new PMTiles(new FileSource(new File([new Uint8Array(archive)], name)));
}

function tilesOf(zooms: number[], content: (z: number, x: number, y: number) => Uint8Array): PmtilesTile[] {
  const tiles: PmtilesTile[] = [];
  for (const z of zooms)
    for (let x = 0; x < 2 ** z; x++) for (let y = 0; y < 2 ** z; y++) tiles.push({ z, x, y, data: content(z, x, y) });
  return tiles;
}

/** Contents of scattered lengths, so their directory does not compress below 16 KiB. */
function leafTestContent(x: number, y: number): string {
  return `${x}:${y}`.padEnd(8 + ((Math.imul(x + 1, 2654435761) ^ Math.imul(y + 7, 40503)) >>> 0) % 199, '.');
}

const options = {
  tileType: TileType.Mvt,
  tileCompression: Compression.Gzip as const,
  bounds: [108.3, 17.9, 111.3, 20.3] as [number, number, number, number],
  metadata: { name: '海南测试', attribution: '© test', vector_layers: [{ id: 'places', fields: {} }] },
};

describe('PMTiles tile ids', () => {
  it('number tiles as the reference implementation does, both ways', () => {
    const samples: [number, number, number][] = [
      [0, 0, 0],
      [1, 0, 1],
      [1, 1, 1],
      [3, 5, 2],
      [10, 830, 452],
      [12, 3339, 1808],
      [16, 53427, 28944],
    ];
    for (const [z, x, y] of samples) {
      const id = zxyToTileId(z, x, y);
      expect(id).toBe(oracleZxyToTileId(z, x, y));
      expect(tileIdToZxy(id)).toEqual([z, x, y]);
      expect(oracleTileIdToZxy(id)).toEqual([z, x, y]);
    }
    for (let id = 0; id < 2000; id++) expect(tileIdToZxy(id)).toEqual(oracleTileIdToZxy(id));
  });

  it('refuses a tile off the grid', () => {
    expect(() => zxyToTileId(2, 4, 0)).toThrow(RangeError);
  });
});

describe('PMTiles writer and reader', () => {
  it('write an archive the reference reader reads back: header, metadata and every tile', async () => {
    const tiles = tilesOf([0, 1, 2, 3], (z, x, y) => Buffer.from(`tile ${z}/${x}/${y}`));
    const archive = writePmtiles(tiles, options);
    const reference = oracle(archive);
    const header = await reference.getHeader();
    expect(header).toMatchObject({
      specVersion: 3,
      minZoom: 0,
      maxZoom: 3,
      tileType: 1,
      tileCompression: 2,
      numAddressedTiles: tiles.length,
      clustered: true,
    });
    expect(header.minLon).toBeCloseTo(108.3, 6);
    expect(header.maxLat).toBeCloseTo(20.3, 6);
    expect(await reference.getMetadata()).toEqual(options.metadata);
    for (const tile of tiles) {
      const got = await reference.getZxy(tile.z, tile.x, tile.y);
      expect(Buffer.from(got!.data).toString()).toBe(`tile ${tile.z}/${tile.x}/${tile.y}`);
    }
    const ours = await openPmtiles(bufferSource(archive));
    expect(ours.metadata).toEqual(options.metadata);
    const stored = await ours.getTile(3, 5, 2);
    expect(gunzipSync(stored!).toString()).toBe('tile 3/5/2');
    expect(await ours.getTile(4, 0, 0)).toBeNull();
  });

  it('store identical tiles once, as runs, and still answer each', async () => {
    const tiles = tilesOf([0, 1, 2, 3, 4], () => Buffer.from('the sea'));
    const archive = writePmtiles(tiles, options);
    const header = await oracle(archive).getHeader();
    expect(header.numTileContents).toBe(1);
    expect(header.numTileEntries).toBeLessThan(tiles.length);
    const ours = await openPmtiles(bufferSource(archive));
    expect(gunzipSync((await ours.getTile(4, 9, 13))!).toString()).toBe('the sea');
  });

  it('put a directory that would pass 16 KiB into leaves, which both readers follow', async () => {
    // 4^8 distinct tiles of scattered lengths: their 65,536 entries cannot fit in the first 16 KiB.
    const tiles = tilesOf([8], (z, x, y) => Buffer.from(leafTestContent(x, y)));
    const archive = writePmtiles(tiles, { ...options, tileCompression: Compression.None, tileType: TileType.Png });
    const reference = oracle(archive);
    const header = await reference.getHeader();
    expect(header.leafDirectoryLength).toBeGreaterThan(0);
    expect(header.rootDirectoryOffset + header.rootDirectoryLength).toBeLessThanOrEqual(PMTILES_ROOT_BYTES);
    const ours = await openPmtiles(bufferSource(archive));
    for (const [x, y] of [
      [0, 0],
      [255, 255],
      [17, 201],
      [128, 3],
    ] as const) {
      const expected = leafTestContent(x, y);
      expect(Buffer.from((await reference.getZxy(8, x, y))!.data).toString()).toBe(expected);
      expect(Buffer.from((await ours.getTile(8, x, y))!).toString()).toBe(expected);
    }
  });

  it('refuses bytes that are not a PMTiles archive', async () => {
    await expect(openPmtiles(bufferSource(Buffer.from('SQLite format 3\0'.padEnd(200, ' '))))).rejects.toThrow(
      /not a PMTiles archive/,
    );
  });
});
