import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { crsForEpsg, epsgFromGeoKeys } from './dem-crs';

const WGS84 = '+proj=longlat +datum=WGS84 +no_defs';

describe('DEM coordinate systems by EPSG code', () => {
  it('knows WGS 84, CGCS2000, the UTM zones and the CGCS2000 Gauss-Krüger zones', () => {
    expect(crsForEpsg(4326)?.geographic).toBe(true);
    expect(crsForEpsg(4490)?.name).toBe('CGCS2000');
    expect(crsForEpsg(32649)?.name).toBe('WGS 84 / UTM zone 49N');
    expect(crsForEpsg(32750)?.proj4).toContain('+south');
    expect(crsForEpsg(4534)?.name).toBe('CGCS2000 / 3-degree Gauss-Kruger CM 75E');
    expect(crsForEpsg(4554)?.name).toBe('CGCS2000 / 3-degree Gauss-Kruger CM 135E');
    expect(crsForEpsg(4526)?.name).toBe('CGCS2000 / 3-degree Gauss-Kruger zone 38');
    expect(crsForEpsg(2000)).toBeNull();
  });

  it('puts the central meridians where the EPSG registry does', () => {
    // CGCS2000 3° zone CM 108E (EPSG:4545): a point on the central meridian has easting 500 000 m.
    const [x] = proj4(WGS84, crsForEpsg(4545)!.proj4).forward([108, 19.1]) as [number, number];
    expect(x).toBeCloseTo(500_000, 6);
    // Zone 36 (EPSG:4524, central meridian 108° E) writes the zone number before the easting.
    const [xZone] = proj4(WGS84, crsForEpsg(4524)!.proj4).forward([108, 19.1]) as [number, number];
    expect(xZone).toBeCloseTo(36_500_000, 6);
    // UTM 49N's central meridian is 111° E: easting 500 000 m, scale 0.9996.
    const [xUtm, yUtm] = proj4(WGS84, crsForEpsg(32649)!.proj4).forward([111, 0]) as [number, number];
    expect(xUtm).toBeCloseTo(500_000, 6);
    expect(yUtm).toBeCloseTo(0, 6);
  });

  it('reads the EPSG code from GeoKeys, including a user-defined CRS on a UTM projection', () => {
    expect(epsgFromGeoKeys({ GTModelTypeGeoKey: 2, GeographicTypeGeoKey: 4326 })).toBe(4326);
    expect(epsgFromGeoKeys({ GTModelTypeGeoKey: 1, ProjectedCSTypeGeoKey: 4545 })).toBe(4545);
    expect(
      epsgFromGeoKeys({ GTModelTypeGeoKey: 1, ProjectedCSTypeGeoKey: 32767, ProjectionGeoKey: 16049 }),
    ).toBe(32649);
    expect(epsgFromGeoKeys({ GTModelTypeGeoKey: 1, ProjectedCSTypeGeoKey: 32767 })).toBeNull();
    expect(epsgFromGeoKeys({})).toBeNull();
  });
});
