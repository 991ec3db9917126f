import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fromFile } from 'geotiff';
import proj4 from 'proj4';
import { findCameraById } from '@skywater/core/survey/cameras';
import { offsetToLonLat } from '@skywater/core/survey/local-tangent-plane';
import { crsForEpsg } from '@skywater/core/survey/terrain/dem-crs';
import { openGeoTiffDem } from '@skywater/core/survey/terrain/geotiff-dem';
import { lonLatToPixel } from '@skywater/core/survey/terrain/terrain-surface';
import { groundElevationAt, terrainUnderCamera } from '@skywater/core/survey/terrain/terrain-under-camera';
import { writeDemGeoTiff } from '@skywater/core/survey/terrain/write-dem-geotiff';
import { dongfangHillsElevationM } from '../../samples/generate/terrain/dongfang-dem';
import { SeededRandom } from '../../samples/generate/seeded-random';
import { report } from './bench-database';

/**
 * DEM lookups per photo (the goal: ≥ 2,000 photos/s on a 30 m DEM the size of
 * Dongfang's area). The DEM: 1,200 × 1,200 cells of 30 m in UTM 49N (1,296 km², Dongfang's
 * area is 1,130 km²), Float32 in 256 px tiles (as GDAL writes tiled GeoTIFFs), elevations from
 * the demo's synthetic Dongfang hills. The photos: 40 flights of 100 nadir photos (10 lines of 10,
 * 60 m apart) at random places, 100 m above take-off, one after the other as the image jobs
 * take them. Each lookup is what the image job does: the window around the camera, the take-off's
 * ground, which height to trust, the ray-marched footprint (16 rays + centre).
 * Anchor: a bare geotiff.js readRasters of the same window around each photo, on a freshly
 * opened file (what any reader pays for the cells alone). Ratio = our photos/s ÷ the anchor's.
 * Also printed: the same photos in random order (no two neighbours share blocks), for the cache.
 */
const WGS84 = '+proj=longlat +datum=WGS84 +no_defs';
const CELL_M = 30;
const CELLS = 1200;
const camera = findCameraById('phantom-4-rtk')!;
const crs = crsForEpsg(32649)!;
const toUtm = proj4(WGS84, crs.proj4);
const [centreX, centreY] = toUtm.forward([108.95, 19.015]) as [number, number];
const originX = centreX - (CELLS / 2) * CELL_M;
const originY = centreY + (CELLS / 2) * CELL_M;

function buildDem(file: string) {
  const values = new Float32Array(CELLS * CELLS);
  for (let row = 0; row < CELLS; row++)
    for (let col = 0; col < CELLS; col++) {
      const [lon, lat] = toUtm.inverse([originX + (col + 0.5) * CELL_M, originY - (row + 0.5) * CELL_M]) as [
        number,
        number,
      ];
      values[row * CELLS + col] = dongfangHillsElevationM(lon, lat);
    }
  fs.writeFileSync(
    file,
    writeDemGeoTiff({
      widthPx: CELLS,
      heightPx: CELLS,
      values,
      epsg: 32649,
      geographic: false,
      originX,
      originY,
      cellSizeX: CELL_M,
      cellSizeY: CELL_M,
      tileSize: 256,
    }),
  );
}

interface BenchPhoto {
  lon: number;
  lat: number;
  takeoff: { lon: number; lat: number };
  absoluteAltitudeM: number;
}

async function flights(file: string, random: SeededRandom): Promise<BenchPhoto[]> {
  const dem = await openGeoTiffDem(file);
  const photos: BenchPhoto[] = [];
  const [west, north] = toUtm.inverse([originX, originY]) as [number, number];
  const [east, south] = toUtm.inverse([originX + CELLS * CELL_M, originY - CELLS * CELL_M]) as [
    number,
    number,
  ];
  for (let f = 0; f < 40; f++) {
    const takeoff = {
      lon: random.between(west + 0.02, east - 0.03),
      lat: random.between(south + 0.02, north - 0.03),
    };
    const takeoffGroundM = (await groundElevationAt(dem, takeoff))!;
    for (let line = 0; line < 10; line++)
      for (let k = 0; k < 10; k++) {
        const [lon, lat] = offsetToLonLat(takeoff, line % 2 ? (9 - k) * 70 : k * 70, 100 + line * 60);
        photos.push({ lon, lat, takeoff, absoluteAltitudeM: takeoffGroundM + 100 });
      }
  }
  await dem.close();
  return photos;
}

async function ours(file: string, photos: BenchPhoto[]) {
  const dem = await openGeoTiffDem(file);
  const started = performance.now();
  let placed = 0;
  for (const photo of photos) {
    const result = await terrainUnderCamera(dem, {
      camera,
      lon: photo.lon,
      lat: photo.lat,
      gimbalPitchDeg: -90,
      gimbalYawDeg: 0,
      absoluteAltitudeM: photo.absoluteAltitudeM,
      relativeAltitudeM: 100,
      takeoff: photo.takeoff,
      maxGsdCm: 10,
    });
    if (result.ok) placed++;
  }
  const seconds = (performance.now() - started) / 1000;
  await dem.close();
  return { photosPerS: photos.length / seconds, placed };
}

/** The same window terrainUnderCamera reads around each photo, as one bare readRasters. */
async function bareWindowReads(file: string, photos: BenchPhoto[]) {
  const tiff = await fromFile(file);
  const image = await tiff.getImage();
  const dem = await openGeoTiffDem(file);
  const radiusCells =
    (0.1 / (camera.sensorWidthMm / (camera.focalLengthMm * camera.imageWidthPx)) + 100) / CELL_M;
  const started = performance.now();
  for (const photo of photos) {
    const [px, py] = lonLatToPixel(dem.georeference, photo.lon, photo.lat);
    const window = [
      Math.max(0, Math.floor(px - radiusCells) - 1),
      Math.max(0, Math.floor(py - radiusCells) - 1),
      Math.min(CELLS, Math.ceil(px + radiusCells) + 1),
      Math.min(CELLS, Math.ceil(py + radiusCells) + 1),
    ];
    await image.readRasters({ window, samples: [0], interleave: true });
  }
  const seconds = (performance.now() - started) / 1000;
  await dem.close();
  await tiff.close();
  return photos.length / seconds;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skywater-terrain-bench-'));
try {
  const file = path.join(dir, 'dongfang-30m.tif');
  buildDem(file);
  const photos = await flights(file, new SeededRandom(20250324));
  const shuffled = [...photos];
  const random = new SeededRandom(7);
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  process.stdout.write(
    `DEM: ${CELLS} × ${CELLS} cells of ${CELL_M} m (${((CELLS * CELL_M) / 1000) ** 2} km²), ${(fs.statSync(file).size / 1e6).toFixed(1)} MB; ${photos.length} photos\n`,
  );
  // One warm-up pass each (JIT), then the measured runs, interleaved.
  await ours(file, photos.slice(0, 200));
  await bareWindowReads(file, photos.slice(0, 200));
  const runs = [];
  for (let run = 0; run < 3; run++) {
    const flightOrder = await ours(file, photos);
    const randomOrder = await ours(file, shuffled);
    const anchor = await bareWindowReads(file, photos);
    runs.push({ flightOrder, randomOrder, anchor });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const flightOrder = median(runs.map((r) => r.flightOrder.photosPerS));
  const randomOrder = median(runs.map((r) => r.randomOrder.photosPerS));
  const anchor = median(runs.map((r) => r.anchor));
  process.stdout.write(
    `photos placed over the terrain: ${runs[0]!.flightOrder.placed} of ${photos.length}\n`,
  );
  report(
    'DEM lookups (window + take-off ground + height + ray-marched footprint), flight order',
    `${Math.round(flightOrder)} photos/s`,
    'bare geotiff.js readRasters of the same windows',
    `${Math.round(anchor)} photos/s`,
    flightOrder / anchor,
    '≥ 2,000 photos/s',
  );
  report(
    'DEM lookups, photos in random order',
    `${Math.round(randomOrder)} photos/s`,
    'bare geotiff.js readRasters of the same windows',
    `${Math.round(anchor)} photos/s`,
    randomOrder / anchor,
  );
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
