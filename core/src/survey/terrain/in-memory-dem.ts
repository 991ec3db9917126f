import { lonLatToOffset, type LocalOrigin } from '../local-tangent-plane';
import { crsForEpsg } from './dem-crs';
import type { DemGeoreference, DemWindowReader } from './dem-raster';

/** A DEM held in an array (tests, generated terrain): the same reader interface as a GeoTIFF's. */
export function inMemoryDem(georeference: DemGeoreference, values: ArrayLike<number>): DemWindowReader {
  return {
    georeference,
    async readWindow(x0, y0, x1, y1) {
      const width = x1 - x0;
      const out = new Float32Array(width * (y1 - y0));
      for (let y = y0; y < y1; y++)
        for (let x = x0; x < x1; x++)
          out[(y - y0) * width + (x - x0)] = values[y * georeference.widthPx + x]!;
      return { x0, y0, width, height: y1 - y0, values: out };
    },
  };
}

/**
 * A WGS84 (EPSG:4326) grid of `cells` × `cells` centred on `origin`, `cellDeg` degrees a side,
 * whose cell centres take `elevationM(eastM, northM)` (metres from the origin, as
 * local-tangent-plane.ts measures them). Local metres are linear in longitude and latitude, so
 * a plane in metres stays a plane in the grid and bilinear sampling reproduces it exactly.
 */
export function wgs84GridDem(
  origin: LocalOrigin,
  cells: number,
  cellDeg: number,
  elevationM: (eastM: number, northM: number) => number,
  noData: number | null = null,
): { georeference: DemGeoreference; values: Float32Array } {
  const originX = origin.lon - (cells / 2) * cellDeg;
  const originY = origin.lat + (cells / 2) * cellDeg;
  const values = new Float32Array(cells * cells);
  for (let row = 0; row < cells; row++) {
    for (let col = 0; col < cells; col++) {
      const { eastM, northM } = lonLatToOffset(
        origin,
        originX + (col + 0.5) * cellDeg,
        originY - (row + 0.5) * cellDeg,
      );
      values[row * cells + col] = elevationM(eastM, northM);
    }
  }
  return {
    georeference: {
      crs: crsForEpsg(4326)!,
      widthPx: cells,
      heightPx: cells,
      originX,
      originY,
      cellSizeX: cellDeg,
      cellSizeY: cellDeg,
      noData,
    },
    values,
  };
}
