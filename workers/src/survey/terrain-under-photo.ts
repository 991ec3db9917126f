import type { Config } from '@skywater/core/config/config';
import type { Queryable } from '@skywater/core/db/db';
import { cameraForImageSize, type CameraModel } from '@skywater/core/survey/cameras';
import type { SurveyImageAnalysis } from '@skywater/core/survey/image-analysis';
import type { ImageMetadata } from '@skywater/core/survey/image-metadata';
import type { ImageQcFlag } from '@skywater/core/survey/image-qc';
import type { HeightSource } from '@skywater/core/survey/terrain/camera-altitude';
import { openGeoTiffDem, type GeoTiffDem } from '@skywater/core/survey/terrain/geotiff-dem';
import { demFilePath } from '@skywater/core/survey/terrain/terrain-files';
import { terrainUnderCamera, type TerrainFallback } from '@skywater/core/survey/terrain/terrain-under-camera';

/** What the terrain changed about a photo, and what the image row records of it. */
export interface PhotoTerrainOutcome {
  /** The analysis with height, footprint, corners and GSD over the terrain (or unchanged). */
  analysis: SurveyImageAnalysis;
  groundElevationM: number | null;
  heightSource: HeightSource | null;
  terrainFallback: TerrainFallback | 'no_dem' | 'dem_unreadable' | null;
  demId: number | null;
}

export interface PhotoForTerrain {
  flightId: number;
  metadata: ImageMetadata;
  camera: CameraModel | null;
  /** The flat-ground analysis (analyseSurveyImage), whose pose gives position and gimbal angles. */
  analysis: SurveyImageAnalysis;
  maxGsdCm: number;
}

/**
 * The photo over the finest DEM whose extent holds it: ground elevation, height above it
 * (camera-altitude.ts), footprint by ray march and GSD from the real height. Without a DEM
 * there, or when the DEM cannot place the photo, the flat analysis stands (height above
 * take-off) and `terrainFallback` says why. A photo with no pose (no camera, GPS or height)
 * is left as it is.
 */
export async function terrainUnder(
  db: Queryable,
  config: Config,
  photo: PhotoForTerrain,
): Promise<PhotoTerrainOutcome> {
  const flat = photo.analysis;
  const pose = flat.pose;
  const untouched = {
    analysis: flat,
    groundElevationM: null,
    heightSource: null,
    terrainFallback: null,
    demId: null,
  };
  if (!pose || !photo.camera) return untouched;
  const fallback = (
    reason: PhotoTerrainOutcome['terrainFallback'],
    demId: number | null,
    groundElevationM: number | null = null,
  ) => ({
    ...untouched,
    heightSource: 'takeoff' as const,
    terrainFallback: reason,
    demId,
    groundElevationM,
  });

  const { rows } = await db.query<{ id: number; storage_key: string }>(
    `select id, storage_key from terrain_dems
     where st_intersects(extent, st_setsrid(st_makepoint($1, $2), 4326))
     order by resolution_m, id limit 1`,
    [pose.lon, pose.lat],
  );
  const row = rows[0];
  if (!row) {
    const any = await db.query(`select 1 from terrain_dems limit 1`);
    return fallback(any.rows.length ? 'dem_not_covering' : 'no_dem', null);
  }
  // A DEM file that cannot be opened any more must not hold the photos back: they are placed
  // as without a DEM, and say why.
  const dem = await openDem(config, row.id, row.storage_key).catch(() => null);
  if (!dem) return fallback('dem_unreadable', row.id);
  const camera =
    photo.metadata.imageWidthPx && photo.metadata.imageHeightPx
      ? cameraForImageSize(photo.camera, photo.metadata.imageWidthPx, photo.metadata.imageHeightPx)
      : photo.camera;
  const references = await flightReferences(db, photo.flightId, photo.metadata.capturedAt);
  const result = await terrainUnderCamera(dem, {
    camera,
    lon: pose.lon,
    lat: pose.lat,
    gimbalPitchDeg: pose.gimbalPitchDeg,
    gimbalYawDeg: pose.gimbalYawDeg,
    gimbalRollDeg: pose.gimbalRollDeg ?? 0,
    absoluteAltitudeM: photo.metadata.dji?.absoluteAltitudeM ?? null,
    relativeAltitudeM: photo.metadata.heightAboveTakeoffM,
    takeoff: references.takeoff,
    logAltitudeM: references.logAltitudeM,
    maxGsdCm: photo.maxGsdCm,
  }).catch(() => null);
  if (!result) return fallback('dem_unreadable', row.id);
  if (!result.ok) return fallback(result.fallback, row.id, result.groundElevationM);
  const footprint = result.footprint;
  return {
    analysis: {
      ...flat,
      pose: { ...pose, heightAglM: footprint.heightAglM },
      footprint: footprint.polygon,
      corners: footprint.corners,
      gsdCm: footprint.gsdCm,
      qcFlags: withGsdFlag(flat.qcFlags, footprint.gsdCm === null || footprint.gsdCm > photo.maxGsdCm),
    },
    groundElevationM: result.groundElevationM,
    heightSource: result.heightSource,
    terrainFallback: null,
    demId: row.id,
  };
}

/** Writes what the terrain said of the photo (in the image job's transaction). */
export async function recordTerrain(
  tx: Queryable,
  imageId: number,
  outcome: PhotoTerrainOutcome,
): Promise<void> {
  await tx.query(
    `update images set ground_elevation_m = $2, height_source = $3, terrain_fallback = $4, terrain_dem_id = $5
     where id = $1`,
    [imageId, outcome.groundElevationM, outcome.heightSource, outcome.terrainFallback, outcome.demId],
  );
}

/**
 * What the flight log says for this photo: where the flight took off (the first point of its
 * log, else the position of its earliest photo, whose ground is then taken as the take-off
 * ground), and, when the log's heights are above sea level (GPX, KML), its altitude at the
 * capture time (interpolated along the track's time measure).
 */
async function flightReferences(
  db: Queryable,
  flightId: number,
  capturedAt: Date | null,
): Promise<{ takeoff: { lon: number; lat: number } | null; logAltitudeM: number | null }> {
  const { rows } = await db.query<{ lon: number | null; lat: number | null; log_altitude_m: number | null }>(
    `select coalesce(st_x(s.p), st_x(photo.position)) as lon, coalesce(st_y(s.p), st_y(photo.position)) as lat,
            case when f.height_reference = 'above_sea_level' and $2::float8 is not null
                 then st_z(st_geometryn(st_locatealong(f.track, $2::float8), 1)) end as log_altitude_m
     from flights f
     cross join lateral (select st_pointn(st_geometryn(f.track, 1), 1) as p) s
     left join lateral (select i.position from images i where i.flight_id = f.id and i.position is not null
                        order by i.captured_at nulls last, i.id limit 1) photo on true
     where f.id = $1`,
    [flightId, capturedAt ? capturedAt.getTime() / 1000 : null],
  );
  const row = rows[0];
  const logAltitudeM = row?.log_altitude_m ?? null;
  return {
    takeoff: row && row.lon !== null && row.lat !== null ? { lon: row.lon, lat: row.lat } : null,
    logAltitudeM: logAltitudeM !== null && Number.isFinite(logAltitudeM) ? logAltitudeM : null,
  };
}

/** The GSD flag follows the terrain's GSD; its place in the fixed flag order is after the pose flags. */
function withGsdFlag(flags: ImageQcFlag[], coarse: boolean): ImageQcFlag[] {
  const rest = flags.filter((flag) => flag !== 'gsd_too_coarse');
  if (!coarse) return rest;
  const before: ImageQcFlag[] = ['no_gps', 'no_height', 'gimbal_missing', 'far_from_nadir'];
  const at = rest.filter((flag) => before.includes(flag)).length;
  return [...rest.slice(0, at), 'gsd_too_coarse', ...rest.slice(at)];
}

/** Open DEM files, kept across jobs (a flight's photos read the same few blocks); at most a few. */
const openDems = new Map<number, Promise<GeoTiffDem>>();
const MAX_OPEN_DEMS = 4;

function openDem(config: Config, id: number, key: string): Promise<GeoTiffDem> {
  const open = openDems.get(id);
  if (open) {
    openDems.delete(id);
    openDems.set(id, open);
    return open;
  }
  const opening = openGeoTiffDem(demFilePath(config.dataDir, key));
  opening.catch(() => openDems.delete(id));
  openDems.set(id, opening);
  while (openDems.size > MAX_OPEN_DEMS) {
    const [oldestId, oldest] = openDems.entries().next().value!;
    openDems.delete(oldestId);
    void oldest.then((dem) => dem.close()).catch(() => undefined);
  }
  return opening;
}
