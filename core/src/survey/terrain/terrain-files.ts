import { randomUUID } from 'node:crypto';
import path from 'node:path';

/**
 * Where uploaded DEMs live: plain GeoTIFF files under `DATA_DIR/terrain`, read in place by
 * windows (geotiff.js needs random access to a file, which the imagery object store does not
 * give). Keys are generated here, never taken from the client.
 */
export function terrainDir(dataDir: string): string {
  return path.join(dataDir, 'terrain');
}

export function newDemKey(): string {
  return `${randomUUID()}.tif`;
}

const DEM_KEY = /^[0-9a-f-]{36}\.tif$/;

/** The file of a stored DEM; throws on a key this application did not make. */
export function demFilePath(dataDir: string, key: string): string {
  if (!DEM_KEY.test(key)) throw new Error(`Not a DEM key: ${key}`);
  return path.join(terrainDir(dataDir), key);
}
