import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openGeoTiffDem } from '@skywater/core/survey/terrain/geotiff-dem';
import { groundElevationAt } from '@skywater/core/survey/terrain/terrain-under-camera';
import { SAMPLES_DATA_DIR } from '../index';
import { DONGFANG_DEM_TAKEOFF, dongfangDemGeoTiff, dongfangHillsElevationM } from './dongfang-dem';

describe("the demo's synthetic DEM of Dongfang's hills", () => {
  it('is deterministic: the generator writes the committed file byte for byte', () => {
    const committed = fs.readFileSync(path.join(SAMPLES_DATA_DIR, 'terrain/dongfang-dem.tif'));
    expect(dongfangDemGeoTiff().equals(committed)).toBe(true);
  });

  it("puts the first Dongfang flight's take-off at 112 m, the ground its photos were generated over", async () => {
    expect(dongfangHillsElevationM(DONGFANG_DEM_TAKEOFF.lon, DONGFANG_DEM_TAKEOFF.lat)).toBeCloseTo(112.2, 1);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'skywater-dongfang-')), 'dem.tif');
    fs.writeFileSync(file, dongfangDemGeoTiff());
    const dem = await openGeoTiffDem(file);
    try {
      expect(dem.georeference).toMatchObject({ widthPx: 450, heightPx: 528, noData: -32768 });
      expect(dem.georeference.crs.epsg).toBe(4326);
      // Whole metres per cell, bilinear between cells: within a metre of the formula.
      const ground = await groundElevationAt(dem, DONGFANG_DEM_TAKEOFF);
      expect(Math.abs(ground! - 112.2)).toBeLessThan(1);
    } finally {
      await dem.close();
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});
