import proj4 from 'proj4';
import { offsetToLonLat, type LocalOrigin } from '../local-tangent-plane';
import {
  bilinearElevation,
  onRaster,
  type DemGeoreference,
  type DemWindow,
  type DemWindowReader,
} from './dem-raster';

/**
 * The ground in a local metric frame around a camera: metres east and north of the point
 * below it, elevations in the DEM's vertical datum. `elevationAtM` is NaN where the DEM has no
 * data (a hole or off the raster); `coversM` tells "off the raster" apart.
 */
export interface ElevationSurface {
  elevationAtM(eastM: number, northM: number): number;
  coversM(eastM: number, northM: number): boolean;
  /** Ground size of one DEM cell (the ray march steps at half of it). */
  cellSizeM: number;
}

/** Affine map from local metres to DEM pixel positions: px = a + b·east + c·north, py = d + e·east + f·north. */
interface LocalToPixel {
  a: number;
  b: number;
  c: number;
  d: number;
  e: number;
  f: number;
}

const converters = new Map<string, proj4.Converter>();

function converterTo(georeference: DemGeoreference): proj4.Converter {
  let converter = converters.get(georeference.crs.proj4);
  if (!converter) {
    converter = proj4('+proj=longlat +datum=WGS84 +no_defs', georeference.crs.proj4);
    converters.set(georeference.crs.proj4, converter);
  }
  return converter;
}

/** Fractional pixel position of a WGS84 lon/lat on the DEM. */
export function lonLatToPixel(georeference: DemGeoreference, lon: number, lat: number): [number, number] {
  const [x, y] = converterTo(georeference).forward([lon, lat]) as [number, number];
  return [
    (x - georeference.originX) / georeference.cellSizeX,
    (georeference.originY - y) / georeference.cellSizeY,
  ];
}

/**
 * The map from local metres to pixels, fitted through the origin and points `spanM` east and
 * north of it. Over a photo's few hundred metres the projection is affine to well under a
 * centimetre (UTM's scale changes by ~1e-8 per km near the central meridian), and one affine
 * map makes a lookup two multiply-adds instead of a projection.
 */
function localToPixel(georeference: DemGeoreference, origin: LocalOrigin, spanM: number): LocalToPixel {
  const [p0x, p0y] = lonLatToPixel(georeference, origin.lon, origin.lat);
  const [eastLon, eastLat] = offsetToLonLat(origin, spanM, 0);
  const [northLon, northLat] = offsetToLonLat(origin, 0, spanM);
  const [pex, pey] = lonLatToPixel(georeference, eastLon, eastLat);
  const [pnx, pny] = lonLatToPixel(georeference, northLon, northLat);
  return {
    a: p0x,
    b: (pex - p0x) / spanM,
    c: (pnx - p0x) / spanM,
    d: p0y,
    e: (pey - p0y) / spanM,
    f: (pny - p0y) / spanM,
  };
}

/**
 * Reads the DEM cells within `radiusM` of `origin` (one window, plus a cell of margin) and
 * returns the ground there as an ElevationSurface; null when the square around the origin
 * lies wholly off the raster.
 */
export async function readTerrainSurface(
  reader: DemWindowReader,
  origin: LocalOrigin,
  radiusM: number,
): Promise<ElevationSurface | null> {
  const georeference = reader.georeference;
  const map = localToPixel(georeference, origin, Math.max(radiusM, 100));
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [east, north] of [
    [-radiusM, -radiusM],
    [radiusM, -radiusM],
    [radiusM, radiusM],
    [-radiusM, radiusM],
  ] as const) {
    xs.push(map.a + map.b * east + map.c * north);
    ys.push(map.d + map.e * east + map.f * north);
  }
  const x0 = Math.max(0, Math.floor(Math.min(...xs)) - 1);
  const y0 = Math.max(0, Math.floor(Math.min(...ys)) - 1);
  const x1 = Math.min(georeference.widthPx, Math.ceil(Math.max(...xs)) + 1);
  const y1 = Math.min(georeference.heightPx, Math.ceil(Math.max(...ys)) + 1);
  if (x1 <= x0 || y1 <= y0) return null;
  const window = await reader.readWindow(x0, y0, x1, y1);
  return surfaceFromWindow(georeference, window, map);
}

function surfaceFromWindow(
  georeference: DemGeoreference,
  window: DemWindow,
  map: LocalToPixel,
): ElevationSurface {
  // Ground size of a cell: the length of one pixel step in metres along x (inverse of the map's scale).
  const metresPerPixelX = 1 / Math.hypot(map.b, map.c);
  const metresPerPixelY = 1 / Math.hypot(map.e, map.f);
  return {
    cellSizeM: Math.min(metresPerPixelX, metresPerPixelY),
    elevationAtM(eastM, northM) {
      const px = map.a + map.b * eastM + map.c * northM;
      const py = map.d + map.e * eastM + map.f * northM;
      return bilinearElevation(window, georeference.noData, px, py);
    },
    coversM(eastM, northM) {
      return onRaster(
        georeference,
        map.a + map.b * eastM + map.c * northM,
        map.d + map.e * eastM + map.f * northM,
      );
    },
  };
}
