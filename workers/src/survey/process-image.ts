import type { Db, Queryable } from '@skywater/core/db/db';
import { ValidationError } from '@skywater/core/errors/app-error';
import { derivedImageKey } from '@skywater/core/storage/object-storage';
import { imageryStorage } from '@skywater/core/storage/imagery-storage';
import { cameraForPhoto, type CameraModel } from '@skywater/core/survey/cameras';
import { HOVER_LIMITS, hoverRelations, type HoverCandidate } from '@skywater/core/survey/hovering-duplicate';
import { analyseSurveyImage } from '@skywater/core/survey/image-analysis';
import {
  assertAnglesInRange,
  readImageMetadata,
  type ImageMetadata,
} from '@skywater/core/survey/image-metadata';
import { coverageExclusionReasons, type ImageQcFlag } from '@skywater/core/survey/image-qc';
import { MetadataRangeError } from '@skywater/core/survey/metadata-range-error';
import { notifySurveyProgress } from '@skywater/core/survey/survey-progress-channel';
import type { JobData } from '@skywater/core/jobs/job-contract';
import type { processImageJob } from '@skywater/core/jobs/survey-jobs';
import type { Processor } from '../processor';
import { makeThumbnailWithQuality } from './image-derivatives';
import { enqueuePreview } from './make-preview';
import { recordTerrain, terrainUnder } from './terrain-under-photo';

interface ImageToProcess {
  id: number;
  flight_id: number;
  sha256: string;
  original_name: string;
  storage_key: string;
  area_id: number | null;
  flight_camera: string | null;
  started_at: Date | null;
  ended_at: Date | null;
  max_gsd_cm: number | null;
  preview_key: string | null;
}

const CAMERA_COLUMNS = `model as id, name, exif_models as "exifModels", sensor_width_mm as "sensorWidthMm",
  sensor_height_mm as "sensorHeightMm", focal_length_mm as "focalLengthMm",
  image_width_px as "imageWidthPx", image_height_px as "imageHeightPx"`;

/**
 * Queue `images`, job `process-image` `{ imageId }`, in three steps:
 * 1. metadata: EXIF/XMP (the XMP segment and Exif tag 0x02BC), the camera (the one whose EXIF
 *    Model matches, unless the flight's agrees with it: cameraForPhoto), and the 256 px thumbnail with its sharpness and exposure
 *    (one 1/8-scale decode). An angle out of range refuses the photo here.
 * 2. footprint and per-photo QC: pose, footprint, GSD and flags (analyseSurveyImage).
 * 3. flight-level QC and storage, in one transaction: hovering duplicates against the flight's
 *    other photos (serialised per flight), the row (`done`, with `coverage_excluded` and its
 *    reasons), the photo's 1280 px preview job (make-preview.ts), and the terrain under the photo; the images trigger (sql/010)
 *    records the coverage change and queues the areas' coverage jobs; the flight's progress is
 *    notified on commit (survey-progress-channel.ts).
 * An unreadable photo, or one whose values break a database check, is marked `failed` with the
 * reason (not retried); a storage or database hiccup throws and BullMQ retries. Idempotent: a
 * re-run computes the same values into the same row, overwrites the same derived keys.
 */
export const processImage: Processor<JobData<typeof processImageJob>> = async (job, { db, log, config }) => {
  const { imageId } = job.data;
  const image = await loadImage(db, imageId);
  if (!image) {
    log.warn({ imageId }, 'image to process not found');
    return { skipped: true };
  }
  const storage = imageryStorage(config);
  const original = await storage.getBuffer(image.storage_key);
  try {
    // 1. Metadata.
    const { thumbnail, pixelQuality } = await makeThumbnailWithQuality(
      original,
      config.imageMaxPixels,
      image.original_name,
    );
    const metadata = await readImageMetadata(original, { fileName: image.original_name });
    assertAnglesInRange(metadata, image.original_name);
    const camera = cameraForPhoto(
      image.flight_camera ? await cameraByModel(db, image.flight_camera) : null,
      metadata.model ? await cameraByExifModel(db, metadata.model) : null,
      metadata.model,
    );
    const duplicate = await hasEarlierCopyInArea(db, image);

    // 2. Footprint and per-photo QC.
    const flatAnalysis = analyseSurveyImage(metadata, {
      camera,
      maxGsdCm: image.max_gsd_cm ?? 10,
      flight: { startedAt: image.started_at, endedAt: image.ended_at },
      duplicate,
      pixelQuality,
    });
    // Terrain (terrain-under-photo.ts): height, footprint and GSD over the DEM, when one covers the photo.
    const terrain = await terrainUnder(db, config, {
      flightId: image.flight_id,
      metadata,
      camera,
      analysis: flatAnalysis,
      maxGsdCm: image.max_gsd_cm ?? 10,
    });
    const analysis = terrain.analysis;
    const thumbnailKey = derivedImageKey(image.storage_key, 'thumbnail');
    await storage.put(thumbnailKey, thumbnail);

    // 3. Flight-level QC and storage.
    const { areaIds, qcFlags, coverageExcluded } = await db.transaction(async (tx) => {
      const hover = await hoverCheck(tx, image, metadata);
      const qcFlags: ImageQcFlag[] = hover.duplicateOfEarlier
        ? [...analysis.qcFlags, 'hovering_duplicate']
        : analysis.qcFlags;
      const exclusionReasons = coverageExclusionReasons(qcFlags);
      await tx.query(
        `update images set status = 'done', error = null, captured_at = $2,
           position = case when $3::float8 is null then null else st_setsrid(st_makepoint($3, $4), 4326) end,
           absolute_altitude_m = $5, relative_altitude_m = $6, height_above_ground_m = $7,
           gimbal_pitch_deg = $8, gimbal_yaw_deg = $9, flight_yaw_deg = $10, rtk_flag = $11, gsd_cm = $12,
           footprint = case when $13::text is null then null else st_setsrid(st_geomfromgeojson($13), 4326) end,
           qc_flags = $14, camera_model = $15, image_width_px = $16, image_height_px = $17, corners = $18,
           thumbnail_key = $19, processed_at = coalesce(processed_at, now()),
           coverage_excluded = $20, coverage_exclusion_reasons = $21, position_source = $22,
           gimbal_roll_deg = $23, flight_pitch_deg = $24, flight_roll_deg = $25,
           rtk_std_lon_m = $26, rtk_std_lat_m = $27, rtk_std_hgt_m = $28,
           sharpness_laplacian_var = $29, mean_luma = $30, sun_elevation_deg = $31
         where id = $1`,
        [
          image.id,
          metadata.capturedAt,
          metadata.gps?.lon ?? null,
          metadata.gps?.lat ?? null,
          metadata.dji?.absoluteAltitudeM ?? metadata.gps?.altitudeM ?? null,
          metadata.dji?.relativeAltitudeM ?? null,
          analysis.pose?.heightAglM ?? null,
          metadata.dji?.gimbalPitchDeg ?? null,
          metadata.dji?.gimbalYawDeg ?? null,
          metadata.dji?.flightYawDeg ?? null,
          metadata.dji?.rtkFlag ?? null,
          analysis.gsdCm,
          analysis.footprint ? JSON.stringify(analysis.footprint) : null,
          qcFlags,
          camera?.id ?? null,
          metadata.imageWidthPx,
          metadata.imageHeightPx,
          analysis.corners ? JSON.stringify(analysis.corners) : null,
          thumbnailKey,
          exclusionReasons.length > 0,
          exclusionReasons,
          metadata.positionSource,
          metadata.dji?.gimbalRollDeg ?? null,
          metadata.dji?.flightPitchDeg ?? null,
          metadata.dji?.flightRollDeg ?? null,
          metadata.dji?.rtkStdLonM ?? null,
          metadata.dji?.rtkStdLatM ?? null,
          metadata.dji?.rtkStdHgtM ?? null,
          pixelQuality.laplacianVariance,
          pixelQuality.meanLuma,
          analysis.sunElevationDeg,
        ],
      );
      await recordTerrain(tx, image.id, terrain);
      await markHoveringDuplicates(tx, hover.laterDuplicateIds);
      if (!image.preview_key) await enqueuePreview(tx, image.id);
      // The coverage change and its job were recorded by the images trigger (sql/010).
      const coverageExcluded = exclusionReasons.length > 0;
      const { rows } = await tx.query<{ area_id: number }>(
        `select area_id from coverage_pending where image_id = $1 order by area_id`,
        [image.id],
      );
      await notifySurveyProgress(tx, { flightId: image.flight_id });
      return { areaIds: rows.map((r) => r.area_id), qcFlags, coverageExcluded };
    });
    return { imageId, status: 'done', qcFlags, coverageExcluded, areaIds };
  } catch (error) {
    const refusal = refusalOf(error);
    if (!refusal) throw error;
    await db.query(
      `update images set status = 'failed', error = $2, qc_flags = $3::text[],
         coverage_excluded = cardinality($3::text[]) > 0, coverage_exclusion_reasons = $3::text[],
         processed_at = now()
       where id = $1`,
      [image.id, refusal.message, refusal.qcFlags],
    );
    await notifySurveyProgress(db, { flightId: image.flight_id });
    log.info({ imageId, err: refusal.message }, 'image failed');
    return { imageId, status: 'failed', error: refusal.message };
  }
};

/**
 * Why a photo is refused for good, or null for a passing hiccup (retried): a ValidationError
 * (unreadable, angle out of range), or a value the database's checks refuse (SQLSTATE 23514
 * check_violation, 22003 numeric out of range), which retrying would only repeat.
 */
function refusalOf(error: unknown): { message: string; qcFlags: ImageQcFlag[] } | null {
  if (error instanceof MetadataRangeError) return { message: error.message, qcFlags: [error.qcFlag] };
  if (error instanceof ValidationError) return { message: error.message, qcFlags: [] };
  const code = (error as { code?: unknown } | null)?.code;
  if (code === '23514' || code === '22003') {
    return { message: `a value of the photo is out of range: ${(error as Error).message}`, qcFlags: [] };
  }
  return null;
}

/**
 * The hovering check of one photo against the flight's other processed photos taken within
 * HOVER_LIMITS.maxSeconds, under a per-flight lock so two photos processed at once see each
 * other (hovering-duplicate.ts decides; the earliest of a group stays).
 */
async function hoverCheck(
  tx: Queryable,
  image: ImageToProcess,
  metadata: ImageMetadata,
): Promise<{ duplicateOfEarlier: boolean; laterDuplicateIds: number[] }> {
  if (!metadata.gps || !metadata.capturedAt) return { duplicateOfEarlier: false, laterDuplicateIds: [] };
  await tx.query(`select pg_advisory_xact_lock(hashtext('skywater:hover:' || $1::text))`, [image.flight_id]);
  const { rows } = await tx.query<{
    id: string;
    captured_at: Date;
    lon: number;
    lat: number;
    height_m: number | null;
    pitch: number | null;
    yaw: number | null;
  }>(
    `select id, captured_at, st_x(position) as lon, st_y(position) as lat, relative_altitude_m as height_m,
            gimbal_pitch_deg as pitch, gimbal_yaw_deg as yaw
     from images
     where flight_id = $1 and id <> $2 and status = 'done' and position is not null
       and captured_at between $3::timestamptz - make_interval(secs => $4) and $3::timestamptz + make_interval(secs => $4)`,
    [image.flight_id, image.id, metadata.capturedAt, HOVER_LIMITS.maxSeconds],
  );
  const candidate = (row: (typeof rows)[number]): HoverCandidate => ({
    id: Number(row.id),
    capturedAt: row.captured_at,
    lon: row.lon,
    lat: row.lat,
    heightM: row.height_m,
    gimbalPitchDeg: row.pitch,
    gimbalYawDeg: row.yaw,
  });
  return hoverRelations(
    {
      id: Number(image.id),
      capturedAt: metadata.capturedAt,
      lon: metadata.gps.lon,
      lat: metadata.gps.lat,
      heightM: metadata.heightAboveTakeoffM,
      gimbalPitchDeg: metadata.dji?.gimbalPitchDeg ?? null,
      gimbalYawDeg: metadata.dji?.gimbalYawDeg ?? null,
    },
    rows.map(candidate),
  );
}

/**
 * Flags photos stored earlier that turn out to repeat this photo's scene later in the flight.
 * They leave coverage from now on (coverage_excluded); what they added before covers the same
 * ground as this photo, within HOVER_LIMITS.maxDistanceM.
 */
async function markHoveringDuplicates(tx: Queryable, imageIds: number[]): Promise<void> {
  if (imageIds.length === 0) return;
  await tx.query(
    `update images set qc_flags = array_append(qc_flags, 'hovering_duplicate'), coverage_excluded = true,
       coverage_exclusion_reasons = array_append(coverage_exclusion_reasons, 'hovering_duplicate')
     where id = any($1::bigint[]) and not ('hovering_duplicate' = any (qc_flags))`,
    [imageIds],
  );
}

async function loadImage(db: Db, imageId: number): Promise<ImageToProcess | undefined> {
  const { rows } = await db.query<ImageToProcess>(
    `select i.id, i.flight_id, i.sha256, i.original_name, i.storage_key, f.area_id,
            f.camera_model as flight_camera, f.started_at, f.ended_at, a.max_gsd_cm,
            i.preview_key
     from images i join flights f on f.id = i.flight_id left join survey_areas a on a.id = f.area_id
     where i.id = $1`,
    [imageId],
  );
  return rows[0];
}

async function cameraByModel(db: Db, model: string): Promise<CameraModel | null> {
  const { rows } = await db.query<CameraModel>(`select ${CAMERA_COLUMNS} from cameras where model = $1`, [
    model,
  ]);
  return rows[0] ?? null;
}

async function cameraByExifModel(db: Db, exifModel: string): Promise<CameraModel | null> {
  const { rows } = await db.query<CameraModel>(
    `select ${CAMERA_COLUMNS} from cameras
     where exists (select 1 from unnest(exif_models) m where lower(m) = lower($1)) order by builtin desc, id limit 1`,
    [exifModel.replace(/\0/g, '').trim()],
  );
  return rows[0] ?? null;
}

/** An earlier upload (lower id) of the same bytes in the same area, or anywhere when the flight has none. */
async function hasEarlierCopyInArea(db: Db, image: ImageToProcess): Promise<boolean> {
  const { rows } = await db.query(
    `select 1 from images i join flights f on f.id = i.flight_id
     where i.sha256 = $1 and i.id < $2 and ($3::bigint is null or f.area_id = $3) limit 1`,
    [image.sha256, image.id, image.area_id],
  );
  return rows.length > 0;
}
