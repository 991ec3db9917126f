import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileSource, PMTiles } from 'pmtiles';
import { afterAll, describe, expect, it } from 'vitest';
import { Compression, TileType } from './pmtiles-format';
import { PmtilesFileWriter } from './pmtiles-file-writer';
import { columnNamesOf, readSqliteVarint } from './sqlite-file-reader';

// The streaming writer's archive read back by Protomaps' own reader (the oracle of pmtiles.test.ts):
// tiles given out of order, repeated contents, and enough tiles for leaf directories.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skywater-pmtiles-file-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('PmtilesFileWriter', () => {
  it('writes tiles given in any order as an archive Protomaps reads back tile for tile', async () => {
    const tiles: { z: number; x: number; y: number; data: Buffer }[] = [];
    for (let x = 0; x < 128; x++)
      for (let y = 0; y < 128; y++)
        // One content in five repeats (the sea); the rest are their own.
        tiles.push({ z: 7, x, y, data: Buffer.from((x + y) % 5 === 0 ? 'sea' : `tile ${x}/${y}`) });
    tiles.push({ z: 0, x: 0, y: 0, data: Buffer.from('world') });
    // A fixed shuffle: the writer may not rely on the order tiles come in.
    const shuffled = tiles
      .map((tile, i) => ({ tile, key: (i * 7919) % tiles.length }))
      .sort((a, b) => a.key - b.key);
    const writer = await PmtilesFileWriter.create(path.join(dir, 'tiles.part'));
    for (const { tile } of shuffled)
      writer.addTile(tile.z, tile.x, tile.y, await writer.addContent(tile.data));
    const file = path.join(dir, 'out.pmtiles');
    await writer.finish(file, {
      tileType: TileType.Png,
      tileCompression: Compression.None,
      bounds: [-180, -85, 180, 85],
      metadata: { name: 'shuffled' },
    });
    expect(fs.existsSync(path.join(dir, 'tiles.part'))).toBe(false);
    const bytes = fs.readFileSync(file);
    const archive = new PMTiles(new FileSource(new File([new Uint8Array(bytes)], 'out.pmtiles')));
    const header = await archive.getHeader();
    expect(header.minZoom).toBe(0);
    expect(header.maxZoom).toBe(7);
    expect(header.numAddressedTiles).toBe(tiles.length);
    expect(header.numTileContents).toBe(
      tiles.length - tiles.filter((t) => t.data.toString() === 'sea').length + 1,
    );
    expect(header.leafDirectoryLength).toBeGreaterThan(0);
    expect(((await archive.getMetadata()) as { name: string }).name).toBe('shuffled');
    for (const tile of tiles.filter((_, i) => i % 37 === 0 || i === tiles.length - 1)) {
      const read = await archive.getZxy(tile.z, tile.x, tile.y);
      expect(Buffer.from(read!.data).toString()).toBe(tile.data.toString());
    }
  });
});

describe('SQLite file format pieces', () => {
  it('reads varints of one to nine bytes', () => {
    expect(readSqliteVarint(Uint8Array.of(0x7f), 0)).toEqual({ value: 127n, next: 1 });
    expect(readSqliteVarint(Uint8Array.of(0x81, 0x00), 0)).toEqual({ value: 128n, next: 2 });
    const nine = readSqliteVarint(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), 0);
    expect(nine).toEqual({ value: 2n ** 64n - 1n, next: 9 });
  });

  it('names the columns of the CREATE TABLE statements MBTiles writers store', () => {
    expect(
      columnNamesOf(
        'CREATE TABLE tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob)',
      ),
    ).toEqual(['zoom_level', 'tile_column', 'tile_row', 'tile_data']);
    expect(
      columnNamesOf(
        'CREATE TABLE "map" ("zoom_level" INTEGER, tile_column INTEGER, [tile_row] INTEGER, tile_id TEXT, PRIMARY KEY (zoom_level, tile_column, tile_row))',
      ),
    ).toEqual(['zoom_level', 'tile_column', 'tile_row', 'tile_id']);
    expect(
      columnNamesOf('CREATE TABLE metadata (name text, value text, CONSTRAINT n UNIQUE (name))'),
    ).toEqual(['name', 'value']);
  });
});
