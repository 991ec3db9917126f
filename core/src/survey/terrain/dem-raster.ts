import type { DemCrs } from './dem-crs';

/**
 * Where a DEM's pixels lie: a north-up grid (no rotation) of `widthPx` × `heightPx` cells in
 * `crs`. `originX`, `originY` are the outer corner of the top-left cell (GeoTIFF PixelIsArea;
 * a PixelIsPoint file is shifted by half a cell when read), `cellSizeX` grows east,
 * `cellSizeY` grows south (both positive, CRS units).
 */
export interface DemGeoreference {
  crs: DemCrs;
  widthPx: number;
  heightPx: number;
  originX: number;
  originY: number;
  cellSizeX: number;
  cellSizeY: number;
  /** The value marking "no data" (GDAL_NODATA), if the file declares one. */
  noData: number | null;
}

/** A rectangle of cells read from a DEM: columns x0..x0+width-1, rows y0..y0+height-1, row-major. */
export interface DemWindow {
  x0: number;
  y0: number;
  width: number;
  height: number;
  values: ArrayLike<number>;
}

/**
 * What terrain code needs from a DEM file: its georeference and any window of its cells.
 * Implementations read windows from disk (never the whole raster), see geotiff-dem.ts.
 */
export interface DemWindowReader {
  georeference: DemGeoreference;
  /** Cells [x0, x1) × [y0, y1), clipped by the caller to the raster. */
  readWindow(x0: number, y0: number, x1: number, y1: number): Promise<DemWindow>;
}

/**
 * Elevations outside −11,000 m (the Challenger Deep) .. 9,000 m (Everest) are no data:
 * SRTM's voids (−32768) and files that declare no GDAL_NODATA still mark holes this way.
 */
const LOWEST_ELEVATION_M = -11_000;
const HIGHEST_ELEVATION_M = 9_000;

export function isElevation(value: number, noData: number | null): boolean {
  return (
    Number.isFinite(value) && value !== noData && value >= LOWEST_ELEVATION_M && value <= HIGHEST_ELEVATION_M
  );
}

/** True when the fractional pixel position (0..widthPx, 0..heightPx) lies on the raster. */
export function onRaster(georeference: DemGeoreference, px: number, py: number): boolean {
  return px >= 0 && py >= 0 && px <= georeference.widthPx && py <= georeference.heightPx;
}

/**
 * Bilinear elevation at fractional pixel position (px, py) (0,0 = top-left outer corner), from
 * the four cell centres around it; NaN when the point is off the window or any of the four is
 * no data. Within the raster's outer half cell the edge cells are extended (clamped).
 *
 * @example bilinearElevation({ x0: 0, y0: 0, width: 2, height: 1, values: [10, 20] }, null, 1, 0.5) // 15
 */
export function bilinearElevation(window: DemWindow, noData: number | null, px: number, py: number): number {
  const u = clamp(px - 0.5 - window.x0, 0, window.width - 1);
  const v = clamp(py - 0.5 - window.y0, 0, window.height - 1);
  if (px < window.x0 || py < window.y0 || px > window.x0 + window.width || py > window.y0 + window.height)
    return Number.NaN;
  const i = Math.min(Math.floor(u), Math.max(window.width - 2, 0));
  const j = Math.min(Math.floor(v), Math.max(window.height - 2, 0));
  const fu = u - i;
  const fv = v - j;
  const i1 = Math.min(i + 1, window.width - 1);
  const j1 = Math.min(j + 1, window.height - 1);
  const w = window.width;
  const values = window.values;
  const z00 = values[j * w + i]!;
  const z10 = values[j * w + i1]!;
  const z01 = values[j1 * w + i]!;
  const z11 = values[j1 * w + i1]!;
  if (
    !isElevation(z00, noData) ||
    !isElevation(z10, noData) ||
    !isElevation(z01, noData) ||
    !isElevation(z11, noData)
  )
    return Number.NaN;
  return (z00 * (1 - fu) + z10 * fu) * (1 - fv) + (z01 * (1 - fu) + z11 * fu) * fv;
}

function clamp(value: number, low: number, high: number): number {
  return value < low ? low : value > high ? high : value;
}
