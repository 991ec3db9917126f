import fs from 'node:fs';
import path from 'node:path';
import { lonLatToOffset } from '@skywater/core/survey/local-tangent-plane';
import { writeDemGeoTiff } from '@skywater/core/survey/terrain/write-dem-geotiff';

/**
 * A synthetic DEM of Dongfang's survey area (the demo's hills): deterministic, 3″ cells
 * (≈ 88 × 93 m, as SRTM-3 / Copernicus GLO-90), EPSG:4326, whole metres in Int16, written as a
 * tiled GeoTIFF (samples/data/terrain/dongfang-dem.tif, ~0.6 MB).
 *
 * The ground rises from the coast in the west towards the interior (20 m/km north, 10 m/km east,
 * and a 250 m massif north-east), with 35 m ridges 2.4 km apart. It is shaped so the first demo
 * flight's take-off lies at 112 m, the flat ground the flight generator assumed there
 * (samples/generate/survey/demo-areas.ts): its photos' AbsoluteAltitude (212 m) then agrees with
 * take-off + RelativeAltitude and the terrain shows heights between ~45 and 100 m under them.
 */
export const DONGFANG_DEM_TAKEOFF = { lon: 108.9478626, lat: 19.0136436 };
/** The demo Dongfang area's extent (108.773-109.123° E, 18.805-19.225° N) with a margin. */
export const DONGFANG_DEM_BOUNDS = { west: 108.76, south: 18.795, east: 109.135, north: 19.235 };
const CELL_DEG = 1 / 1200; // 3″

/** Elevation of the synthetic Dongfang hills at a point, metres above sea level. */
export function dongfangHillsElevationM(lon: number, lat: number): number {
  const { eastM, northM } = lonLatToOffset(DONGFANG_DEM_TAKEOFF, lon, lat);
  const regionalM = 0.02 * northM + 0.01 * eastM;
  const ridgesM = 35 * Math.sin((2 * Math.PI * northM) / 2400) * Math.cos((2 * Math.PI * eastM) / 3000);
  const massifM = 250 * Math.exp(-((eastM - 9000) ** 2 + (northM - 12000) ** 2) / (2 * 4000 ** 2));
  // At the take-off the massif still adds 250·e^(−(9² + 12²)/(2·4²)) ≈ 0.2 m: 112.2 m there.
  return Math.max(3, 112 + regionalM + ridgesM + massifM);
}

/** The DEM as GeoTIFF bytes. */
export function dongfangDemGeoTiff(): Buffer {
  const { west, south, east, north } = DONGFANG_DEM_BOUNDS;
  const widthPx = Math.round((east - west) / CELL_DEG);
  const heightPx = Math.round((north - south) / CELL_DEG);
  const values = new Float32Array(widthPx * heightPx);
  for (let row = 0; row < heightPx; row++)
    for (let col = 0; col < widthPx; col++)
      values[row * widthPx + col] = dongfangHillsElevationM(
        west + (col + 0.5) * CELL_DEG,
        north - (row + 0.5) * CELL_DEG,
      );
  return writeDemGeoTiff({
    widthPx,
    heightPx,
    values,
    epsg: 4326,
    geographic: true,
    originX: west,
    originY: north,
    cellSizeX: CELL_DEG,
    cellSizeY: CELL_DEG,
    noData: -32768,
    sampleType: 'int16',
  });
}

export function writeDongfangDem(dataDir: string): void {
  const file = path.join(dataDir, 'terrain', 'dongfang-dem.tif');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, dongfangDemGeoTiff());
  process.stdout.write('wrote samples/data/terrain/dongfang-dem.tif\n');
}
