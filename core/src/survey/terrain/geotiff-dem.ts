import { fromFile, type GeoTIFF, type GeoTIFFImage } from 'geotiff';
import proj4 from 'proj4';
import { ValidationError } from '../../errors/app-error';
import { crsForEpsg, epsgFromGeoKeys, type CrsGeoKeys } from './dem-crs';
import type { DemGeoreference, DemWindow, DemWindowReader } from './dem-raster';

/**
 * A GeoTIFF DEM on disk, read by windows: geotiff.js fetches only the byte ranges of the tiles
 * (or strips) a window touches. Decoded blocks are kept in a small LRU cache (`cacheBytes`,
 * default 32 MB) because the photos of one flight fall on the same few blocks; the raster as a
 * whole is never held in memory.
 */
export interface GeoTiffDem extends DemWindowReader {
  /** Bytes of the file's largest tile or strip: what one window read may have to decode. */
  blockBytes: number;
  close(): Promise<void>;
}

/**
 * A DEM whose tiles or strips are larger than this is refused: a window read would decode a whole
 * block (e.g. a raster written as one strip). GDAL writes 256 px tiles with `-co TILED=YES`.
 */
export const MAX_DEM_BLOCK_BYTES = 64 * 1024 * 1024;

/** What a DEM is, for the listing: extent (WGS84), ground resolution, CRS, size. */
export interface DemDescription {
  georeference: DemGeoreference;
  /** [minLon, minLat, maxLon, maxLat] of the raster's outline, WGS84. */
  bboxWgs84: [number, number, number, number];
  /** Ground size of a cell at the raster's centre, metres (the coarser of its two sides). */
  resolutionM: number;
}

const GT_RASTER_PIXEL_IS_POINT = 2;
const WGS84 = '+proj=longlat +datum=WGS84 +no_defs';

/** Opens a GeoTIFF DEM; ValidationError when the file is not a TIFF, not georeferenced or in an unknown CRS. */
export async function openGeoTiffDem(
  filePath: string,
  options: { cacheBytes?: number; maxBlockBytes?: number } = {},
): Promise<GeoTiffDem> {
  let tiff: GeoTIFF;
  let image: GeoTIFFImage;
  try {
    tiff = await fromFile(filePath);
    image = await tiff.getImage(0);
  } catch (error) {
    throw new ValidationError(`Not a GeoTIFF file: ${(error as Error).message}`);
  }
  try {
    const georeference = georeferenceOf(image);
    const blockBytes = image.getTileWidth() * image.getTileHeight() * image.getBytesPerPixel();
    const maxBlockBytes = options.maxBlockBytes ?? MAX_DEM_BLOCK_BYTES;
    if (blockBytes > maxBlockBytes)
      throw new ValidationError(
        `The GeoTIFF stores its cells in blocks of ${blockBytes} bytes (more than ${maxBlockBytes}), which cannot be read by windows: rewrite it tiled (gdal_translate -co TILED=YES)`,
      );
    return {
      ...blockCachedReader(tiff, image, georeference, options.cacheBytes ?? 32 * 1024 * 1024),
      blockBytes,
    };
  } catch (error) {
    await tiff.close();
    throw error;
  }
}

/** The raster's georeference from its GeoTIFF tags (ModelTiepoint + ModelPixelScale, or ModelTransformation). */
export function georeferenceOf(image: GeoTIFFImage): DemGeoreference {
  const directory = image.getFileDirectory();
  const tiepoint = directory.getValue('ModelTiepoint') as number[] | undefined;
  const scale = directory.getValue('ModelPixelScale') as number[] | undefined;
  const transformation = directory.getValue('ModelTransformation') as number[] | undefined;
  let originX: number;
  let originY: number;
  let cellSizeX: number;
  let cellSizeY: number;
  if (tiepoint && tiepoint.length >= 6 && scale && scale.length >= 2) {
    [cellSizeX, cellSizeY] = [scale[0]!, scale[1]!];
    originX = tiepoint[3]! - tiepoint[0]! * cellSizeX;
    originY = tiepoint[4]! + tiepoint[1]! * cellSizeY;
  } else if (transformation && transformation.length >= 16) {
    if (transformation[1] !== 0 || transformation[4] !== 0)
      throw new ValidationError(
        'The GeoTIFF is rotated (ModelTransformation with shear): warp it north-up first',
      );
    [originX, cellSizeX, originY, cellSizeY] = [
      transformation[3]!,
      transformation[0]!,
      transformation[7]!,
      -transformation[5]!,
    ];
  } else {
    throw new ValidationError(
      'The GeoTIFF has no georeference (no ModelTiepoint + ModelPixelScale or ModelTransformation tags)',
    );
  }
  if (!(cellSizeX > 0) || !(cellSizeY > 0))
    throw new ValidationError(`The GeoTIFF's cell size is not positive (${cellSizeX} × ${cellSizeY})`);
  const geoKeys = (image.getGeoKeys() ?? {}) as CrsGeoKeys & { GTRasterTypeGeoKey?: number };
  const epsg = epsgFromGeoKeys(geoKeys);
  if (epsg === null)
    throw new ValidationError('The GeoTIFF names no coordinate reference system in its GeoKeys');
  const crs = crsForEpsg(epsg);
  if (!crs)
    throw new ValidationError(
      `The GeoTIFF's CRS EPSG:${epsg} is not supported: reproject it to EPSG:4326, a UTM zone (326xx/327xx), CGCS2000 (4490) or a CGCS2000 Gauss-Krüger zone (4491-4554)`,
    );
  if (geoKeys.GTRasterTypeGeoKey === GT_RASTER_PIXEL_IS_POINT) {
    // The tie point is the centre of the first cell, not its corner.
    originX -= cellSizeX / 2;
    originY += cellSizeY / 2;
  }
  const noDataValue = image.getGDALNoData();
  return {
    crs,
    widthPx: image.getWidth(),
    heightPx: image.getHeight(),
    originX,
    originY,
    cellSizeX,
    cellSizeY,
    noData: noDataValue === null || Number.isNaN(noDataValue) ? null : noDataValue,
  };
}

/** Extent and ground resolution of a DEM from its georeference. */
export function describeDem(georeference: DemGeoreference): DemDescription {
  const toWgs84 = proj4(georeference.crs.proj4, WGS84);
  const { originX, originY, cellSizeX, cellSizeY, widthPx, heightPx } = georeference;
  const xAt = (px: number) => originX + px * cellSizeX;
  const yAt = (py: number) => originY - py * cellSizeY;
  const lons: number[] = [];
  const lats: number[] = [];
  const SAMPLES = 16;
  for (let k = 0; k <= SAMPLES; k++) {
    const f = k / SAMPLES;
    for (const [px, py] of [
      [f * widthPx, 0],
      [f * widthPx, heightPx],
      [0, f * heightPx],
      [widthPx, f * heightPx],
    ] as const) {
      const [lon, lat] = toWgs84.forward([xAt(px), yAt(py)]) as [number, number];
      lons.push(lon);
      lats.push(lat);
    }
  }
  const bbox: [number, number, number, number] = [
    Math.min(...lons),
    Math.min(...lats),
    Math.max(...lons),
    Math.max(...lats),
  ];
  if (!bbox.every(Number.isFinite) || bbox[1] < -90 || bbox[3] > 90 || bbox[0] < -180 || bbox[2] > 180)
    throw new ValidationError('The GeoTIFF georeference puts the raster off the Earth: check its CRS');
  const centreLat = (bbox[1] + bbox[3]) / 2;
  let resolutionM: number;
  if (georeference.crs.geographic) {
    // Metres per degree on the WGS84 ellipsoid (meridian arc and parallel), at the centre latitude.
    const latRad = (centreLat * Math.PI) / 180;
    const metresPerDegLat = 111_132.954 - 559.822 * Math.cos(2 * latRad);
    const metresPerDegLon =
      ((Math.PI / 180) * 6_378_137 * Math.cos(latRad)) / Math.sqrt(1 - 0.00669438 * Math.sin(latRad) ** 2);
    resolutionM = Math.max(cellSizeX * metresPerDegLon, cellSizeY * metresPerDegLat);
  } else {
    resolutionM = Math.max(cellSizeX, cellSizeY);
  }
  return { georeference, bboxWgs84: bbox, resolutionM };
}

function blockCachedReader(
  tiff: GeoTIFF,
  image: GeoTIFFImage,
  georeference: DemGeoreference,
  cacheBytes: number,
): Omit<GeoTiffDem, 'blockBytes'> {
  const tiled = image.getTileWidth() !== image.getWidth() || image.getTileHeight() !== image.getHeight();
  // Blocks follow the file's own tiles when it has small ones, so one block = one decode.
  const blockSize = tiled ? Math.min(Math.max(image.getTileWidth(), 64), 512) : 256;
  const blocks = new Map<string, Promise<Float32Array>>();
  const maxBlocks = Math.max(4, Math.floor(cacheBytes / (blockSize * blockSize * 4)));

  const block = (bx: number, by: number): Promise<Float32Array> => {
    const key = `${bx},${by}`;
    const cached = blocks.get(key);
    if (cached) {
      blocks.delete(key);
      blocks.set(key, cached);
      return cached;
    }
    const x0 = bx * blockSize;
    const y0 = by * blockSize;
    const x1 = Math.min(x0 + blockSize, georeference.widthPx);
    const y1 = Math.min(y0 + blockSize, georeference.heightPx);
    const loading = image
      .readRasters({ window: [x0, y0, x1, y1], samples: [0], interleave: true })
      .then((raster) => Float32Array.from(raster as ArrayLike<number>));
    loading.catch(() => blocks.delete(key));
    blocks.set(key, loading);
    while (blocks.size > maxBlocks) blocks.delete(blocks.keys().next().value!);
    return loading;
  };

  return {
    georeference,
    async readWindow(x0, y0, x1, y1): Promise<DemWindow> {
      const width = x1 - x0;
      const height = y1 - y0;
      const values = new Float32Array(width * height);
      for (let by = Math.floor(y0 / blockSize); by * blockSize < y1; by++) {
        for (let bx = Math.floor(x0 / blockSize); bx * blockSize < x1; bx++) {
          const data = await block(bx, by);
          const blockWidth = Math.min(blockSize, georeference.widthPx - bx * blockSize);
          const fromX = Math.max(x0, bx * blockSize);
          const toX = Math.min(x1, bx * blockSize + blockWidth);
          const fromY = Math.max(y0, by * blockSize);
          const toY = Math.min(y1, by * blockSize + blockSize, georeference.heightPx);
          for (let y = fromY; y < toY; y++) {
            const source = (y - by * blockSize) * blockWidth + (fromX - bx * blockSize);
            values.set(data.subarray(source, source + (toX - fromX)), (y - y0) * width + (fromX - x0));
          }
        }
      }
      return { x0, y0, width, height, values };
    },
    async close() {
      blocks.clear();
      await tiff.close();
    },
  };
}
