import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import proj4 from 'proj4';
import { afterAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../errors/app-error';
import { CAMERA_MODELS } from '../cameras';
import { lonLatToOffset } from '../local-tangent-plane';
import { crsForEpsg } from './dem-crs';
import { describeDem, openGeoTiffDem } from './geotiff-dem';
import { terrainUnderCamera } from './terrain-under-camera';
import { writeDemGeoTiff } from './write-dem-geotiff';

const FIXTURES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../test/fixtures/terrain',
);
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'skywater-dem-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
const writeScratch = (name: string, bytes: Buffer) => {
  const file = path.join(scratch, name);
  fs.writeFileSync(file, bytes);
  return file;
};

describe("a real DEM: pysheds' data/dem.tif (HydroSHEDS, 3″, Int16, 16 px tiles)", () => {
  it('reads the georeference, NoData and the corner values its documentation prints', async () => {
    const dem = await openGeoTiffDem(path.join(FIXTURES, 'pysheds-dem.tif'));
    try {
      const g = dem.georeference;
      // pysheds' docs/raster.md: shape (359, 367), nodata −32768, crs +proj=longlat +datum=WGS84,
      // Affine(0.0008333333333333, 0, −97.4849999999961, 0, −0.0008333333333333, 32.82166666666536).
      expect([g.heightPx, g.widthPx]).toEqual([359, 367]);
      expect(g.noData).toBe(-32768);
      expect(g.crs.epsg).toBe(4326);
      expect(g.originX).toBeCloseTo(-97.4849999999961, 10);
      expect(g.originY).toBeCloseTo(32.82166666666536, 10);
      expect(g.cellSizeX).toBeCloseTo(0.0008333333333333, 13);
      // The extent from that affine and shape: 367 × 359 cells from the top-left corner. (The
      // docs' dem.bbox, (−97.4849999999961, 32.52166666666537, −97.17833333332945, 32.82166666666536),
      // spans 368 × 360 cells: pysheds' bbox reaches one cell past the raster's far edges.)
      const { bboxWgs84, resolutionM } = describeDem(g);
      const c = 0.0008333333333333;
      const expectedBbox = [
        -97.4849999999961,
        32.82166666666536 - 359 * c,
        -97.4849999999961 + 367 * c,
        32.82166666666536,
      ];
      bboxWgs84.forEach((value, i) => expect(value).toBeCloseTo(expectedBbox[i]!, 9));
      // 3″ of latitude ≈ 92.4 m (the coarser side; 3″ of longitude at 32.7° N ≈ 78 m).
      expect(resolutionM).toBeGreaterThan(91.5);
      expect(resolutionM).toBeLessThan(93);
      // The printed array: first rows [214, 212, 210, …, 177, 177, 175], [214, 210, 207, …, 176, 176, 174],
      // last row [268, 267, 266, …, 216, 217, 216].
      const rows = async (y: number) => {
        const left = await dem.readWindow(0, y, 3, y + 1);
        const right = await dem.readWindow(364, y, 367, y + 1);
        return [...Array.from(left.values), ...Array.from(right.values)];
      };
      expect(await rows(0)).toEqual([214, 212, 210, 177, 177, 175]);
      expect(await rows(1)).toEqual([214, 210, 207, 176, 176, 174]);
      expect(await rows(358)).toEqual([268, 267, 266, 216, 217, 216]);
    } finally {
      await dem.close();
    }
  });

  it('gives the ground under a point as the bilinear mean of the four cells around it', async () => {
    const dem = await openGeoTiffDem(path.join(FIXTURES, 'pysheds-dem.tif'));
    try {
      const { groundElevationAt } = await import('./terrain-under-camera');
      const cell = 0.0008333333333333;
      // The corner shared by cells (0,0) 214, (1,0) 212, (0,1) 214, (1,1) 210: mean 212.5.
      const corner = { lon: -97.4849999999961 + cell, lat: 32.82166666666536 - cell };
      expect(await groundElevationAt(dem, corner)).toBeCloseTo(212.5, 6);
      // The centre of cell (0,0): its own value.
      expect(
        await groundElevationAt(dem, { lon: corner.lon - cell / 2, lat: corner.lat + cell / 2 }),
      ).toBeCloseTo(214, 6);
      expect(await groundElevationAt(dem, { lon: -90, lat: 32.7 })).toBeNull();
    } finally {
      await dem.close();
    }
  });
});

describe('a tilted plane written as a GeoTIFF in UTM 49N and read back by windows', () => {
  it('places a nadir photo as the hand-computed footprint (within 1 %)', async () => {
    // A 30 m grid in EPSG:32649 around 111° E (the zone's central meridian, where grid north
    // is true north and a grid metre is 0.9996 ground metres). Elevation rises 1 m per 10 grid
    // metres east: z = 100 + 0.1·(x − 500000).
    const crs = crsForEpsg(32649)!;
    const [centreX, centreY] = proj4('+proj=longlat +datum=WGS84 +no_defs', crs.proj4).forward([111, 19]) as [
      number,
      number,
    ];
    const cells = 200;
    const originX = centreX - (cells / 2) * 30;
    const originY = centreY + (cells / 2) * 30;
    const values = new Float32Array(cells * cells);
    for (let row = 0; row < cells; row++)
      for (let col = 0; col < cells; col++)
        values[row * cells + col] = 100 + 0.1 * (originX + (col + 0.5) * 30 - 500000);
    const file = writeScratch(
      'plane-utm49.tif',
      writeDemGeoTiff({
        widthPx: cells,
        heightPx: cells,
        values,
        epsg: 32649,
        geographic: false,
        originX,
        originY,
        cellSizeX: 30,
        cellSizeY: 30,
        noData: -9999,
      }),
    );
    const dem = await openGeoTiffDem(file);
    try {
      expect(dem.georeference.crs.name).toBe('WGS 84 / UTM zone 49N');
      expect(describeDem(dem.georeference).resolutionM).toBe(30);
      const phantom4Rtk = CAMERA_MODELS.find((c) => c.id === 'phantom-4-rtk')!;
      const result = await terrainUnderCamera(dem, {
        camera: phantom4Rtk,
        lon: 111,
        lat: 19,
        gimbalPitchDeg: -90,
        gimbalYawDeg: 0,
        absoluteAltitudeM: 300,
        relativeAltitudeM: null,
        takeoff: null,
      });
      if (!result.ok) throw new Error(result.fallback);
      // Ground under the camera: x = 500000 → 100 m; height 200 m; corners as in
      // terrain-under-camera.test.ts (slope 0.1 per grid metre ≈ 0.10004 per ground metre).
      expect(result.groundElevationM).toBeCloseTo(100, 2);
      expect(result.footprint.heightAglM).toBeCloseTo(200, 2);
      expect(Math.abs(result.footprint.gsdCm! - 5.4825) / 5.4825).toBeLessThan(0.01);
      const expected = [
        [-162.162, 108.108],
        [139.535, 93.023],
        [139.535, -93.023],
        [-162.162, -108.108],
      ];
      result.footprint.corners!.forEach(([lon, lat], i) => {
        const { eastM, northM } = lonLatToOffset({ lon: 111, lat: 19 }, lon, lat);
        expect(Math.abs(eastM - expected[i]![0]!) / Math.abs(expected[i]![0]!)).toBeLessThan(0.01);
        expect(Math.abs(northM - expected[i]![1]!) / Math.abs(expected[i]![1]!)).toBeLessThan(0.01);
      });
    } finally {
      await dem.close();
    }
  });
});

describe('files that are not usable DEMs are refused with a clear ValidationError', () => {
  const plain = {
    widthPx: 32,
    heightPx: 32,
    values: new Float32Array(32 * 32).fill(5),
    originX: 108,
    originY: 19,
    cellSizeX: 0.001,
    cellSizeY: 0.001,
  };

  it('a file that is not a TIFF', async () => {
    const file = writeScratch('notes.tif', Buffer.from('elevation,lon,lat\n100,108.7,19.1\n'));
    await expect(openGeoTiffDem(file)).rejects.toThrow(ValidationError);
    await expect(openGeoTiffDem(file)).rejects.toThrow(/Not a GeoTIFF/);
  });

  it('a TIFF with no georeference', async () => {
    const file = writeScratch(
      'plain.tif',
      writeDemGeoTiff({ ...plain, epsg: 4326, geographic: true, georeferenced: false }),
    );
    await expect(openGeoTiffDem(file)).rejects.toThrow(/no georeference/);
  });

  it('a GeoTIFF stored as blocks too large to read by windows (one strip, as geotiff.js writes)', async () => {
    const { writeArrayBuffer } = await import('geotiff');
    const oneStrip = writeArrayBuffer(new Float32Array(100 * 100).fill(40), {
      width: 100,
      height: 100,
      ModelPixelScale: [0.001, 0.001, 0],
      ModelTiepoint: [0, 0, 0, 110, 20, 0],
      GeographicTypeGeoKey: 4326,
      GTModelTypeGeoKey: 2,
    });
    const file = writeScratch('one-strip.tif', Buffer.from(oneStrip));
    await expect(openGeoTiffDem(file, { maxBlockBytes: 16_000 })).rejects.toThrow(
      /blocks of 40000 bytes .* rewrite it tiled/,
    );
    const dem = await openGeoTiffDem(file);
    expect(dem.blockBytes).toBe(40_000);
    await dem.close();
  });

  it('a GeoTIFF in a CRS this application does not know', async () => {
    // EPSG:2000 (Anguilla 1957 / British West Indies Grid).
    const file = writeScratch('anguilla.tif', writeDemGeoTiff({ ...plain, epsg: 2000, geographic: false }));
    await expect(openGeoTiffDem(file)).rejects.toThrow(/EPSG:2000 is not supported/);
  });
});
