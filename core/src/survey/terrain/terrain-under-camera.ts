import type { CameraModel } from '../cameras';
import { DEFAULT_FOOTPRINT_OPTIONS, groundSampleDistanceCm } from '../footprint';
import { cameraAltitude, type HeightSource } from './camera-altitude';
import type { DemWindowReader } from './dem-raster';
import { terrainFootprint, type TerrainFallbackReason, type TerrainFootprint } from './terrain-footprint';
import { readTerrainSurface } from './terrain-surface';

export interface PhotoOverTerrain {
  camera: CameraModel;
  lon: number;
  lat: number;
  gimbalPitchDeg: number;
  gimbalYawDeg: number;
  gimbalRollDeg?: number;
  absoluteAltitudeM: number | null;
  relativeAltitudeM: number | null;
  /** The flight log's altitude above sea level at the capture time, if it has one. */
  logAltitudeM?: number | null;
  /** Where the flight took off (first point of its log, else its first photo). */
  takeoff: { lon: number; lat: number } | null;
  maxGsdCm?: number;
  maxGroundDistanceM?: number;
}

/**
 * Why the terrain could not place a photo: the DEM does not reach it, a NoData hole lies under
 * it, the camera would be under ground, or neither a trustworthy AbsoluteAltitude, nor a
 * trustworthy log altitude, nor a take-off point on the DEM gives the camera's altitude.
 */
export type TerrainFallback = TerrainFallbackReason | 'no_camera_altitude';

export type PhotoTerrain =
  | {
      ok: true;
      heightSource: HeightSource;
      groundElevationM: number;
      footprint: Extract<TerrainFootprint, { ok: true }>;
      /** Why AbsoluteAltitude was not used, when the photo had one. */
      absoluteRejected: string | null;
    }
  | { ok: false; fallback: TerrainFallback; groundElevationM: number | null };

/**
 * Ground elevation under a photo, the camera's height above it and its footprint on the
 * terrain (see camera-altitude.ts for which height is trusted, terrain-footprint.ts for the ray
 * march). Reads two small windows of the DEM: around the camera (as far as the footprint may
 * reach) and around the take-off point.
 */
export async function terrainUnderCamera(
  dem: DemWindowReader,
  photo: PhotoOverTerrain,
): Promise<PhotoTerrain> {
  const maxGsdCm = photo.maxGsdCm ?? DEFAULT_FOOTPRINT_OPTIONS.maxGsdCm;
  const maxGroundDistanceM = photo.maxGroundDistanceM ?? DEFAULT_FOOTPRINT_OPTIONS.maxGroundDistanceM;
  const maxRangeM = maxGsdCm / groundSampleDistanceCm(photo.camera, 1);
  const surface = await readTerrainSurface(dem, photo, Math.min(maxGroundDistanceM, maxRangeM) + 100);
  if (!surface || !surface.coversM(0, 0))
    return { ok: false, fallback: 'dem_not_covering', groundElevationM: null };
  const groundM = surface.elevationAtM(0, 0);
  if (Number.isNaN(groundM)) return { ok: false, fallback: 'dem_nodata', groundElevationM: null };

  const altitude = cameraAltitude({
    absoluteAltitudeM: photo.absoluteAltitudeM,
    relativeAltitudeM: photo.relativeAltitudeM,
    groundElevationM: groundM,
    takeoffGroundElevationM: photo.takeoff ? await groundElevationAt(dem, photo.takeoff) : null,
    logAltitudeM: photo.logAltitudeM ?? null,
  });
  if (!altitude) return { ok: false, fallback: 'no_camera_altitude', groundElevationM: groundM };
  const footprint = terrainFootprint(
    photo.camera,
    {
      lon: photo.lon,
      lat: photo.lat,
      altitudeM: altitude.altitudeM,
      gimbalPitchDeg: photo.gimbalPitchDeg,
      gimbalYawDeg: photo.gimbalYawDeg,
      gimbalRollDeg: photo.gimbalRollDeg ?? 0,
    },
    surface,
    { maxGsdCm, maxGroundDistanceM },
  );
  if (!footprint.ok) return { ok: false, fallback: footprint.reason, groundElevationM: groundM };
  return {
    ok: true,
    heightSource: altitude.heightSource,
    groundElevationM: groundM,
    footprint,
    absoluteRejected: altitude.absoluteRejected,
  };
}

/** Bilinear DEM elevation at a point; null off the DEM or in a NoData hole. */
export async function groundElevationAt(
  dem: DemWindowReader,
  point: { lon: number; lat: number },
): Promise<number | null> {
  const surface = await readTerrainSurface(dem, point, 1);
  if (!surface) return null;
  const elevation = surface.elevationAtM(0, 0);
  return Number.isNaN(elevation) ? null : elevation;
}
