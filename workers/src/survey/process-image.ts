import type { Db } from '@skywater/core/db/db';
import { ValidationError } from '@skywater/core/errors/app-error';
import { derivedImageKey } from '@skywater/core/storage/object-storage';
import { imageryStorage } from '@skywater/core/storage/imagery-storage';
import type { CameraModel } from '@skywater/core/survey/cameras';
import { analyseSurveyImage } from '@skywater/core/survey/image-analysis';
import { readImageMetadata } from '@skywater/core/survey/image-metadata';
import type { Processor } from '../processor';
import { makeThumbnail } from './image-derivatives';
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
 * Queue `images`, job `process-image` `{ imageId }`: reads the photo's EXIF/XMP, finds its
 * camera (the flight's, else the one whose EXIF Model matches), computes footprint, GSD and QC
 * flags, writes the 256 px thumbnail (1/8-scale decode), stores the result (`done`) (the
 * images trigger records the coverage change and queues the areas' coverage jobs) and in the
 * same transaction queues the photo's 1280 px preview (job `make-preview`, lower priority, see make-preview.ts). An
 * unreadable photo is marked `failed` with the reason (not retried); a storage or database
 * hiccup throws and BullMQ retries. Idempotent: a re-run computes the same values into the
 * same row, overwrites the same derived keys.
 */
export const processImage: Processor = async (job, { db, log, config }) => {
  const imageId = Number((job.data as { imageId?: unknown }).imageId);
  const image = await loadImage(db, imageId);
  if (!image) {
    log.warn({ imageId }, 'image to process not found');
    return { skipped: true };
  }
  const storage = imageryStorage(config);
  const original = await storage.getBuffer(image.storage_key);
  try {
    const thumbnail = await makeThumbnail(original, config.imageMaxPixels, image.original_name);
    const metadata = await readImageMetadata(original, { fileName: image.original_name });
    const camera =
      (image.flight_camera ? await cameraByModel(db, image.flight_camera) : null) ??
      (metadata.model ? await cameraByExifModel(db, metadata.model) : null);
    const duplicate = await hasEarlierCopyInArea(db, image);
    const flatAnalysis = analyseSurveyImage(metadata, {
      camera,
      maxGsdCm: image.max_gsd_cm ?? 10,
      flight: { startedAt: image.started_at, endedAt: image.ended_at },
      duplicate,
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

    const areaIds = await db.transaction(async (tx) => {
      await tx.query(
        `update images set status = 'done', error = null, captured_at = $2,
           position = case when $3::float8 is null then null else st_setsrid(st_makepoint($3, $4), 4326) end,
           absolute_altitude_m = $5, relative_altitude_m = $6, height_above_ground_m = $7,
           gimbal_pitch_deg = $8, gimbal_yaw_deg = $9, flight_yaw_deg = $10, rtk_flag = $11, gsd_cm = $12,
           footprint = case when $13::text is null then null else st_setsrid(st_geomfromgeojson($13), 4326) end,
           qc_flags = $14, camera_model = $15, image_width_px = $16, image_height_px = $17, corners = $18,
           thumbnail_key = $19, processed_at = coalesce(processed_at, now())
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
          analysis.qcFlags,
          camera?.id ?? null,
          metadata.imageWidthPx,
          metadata.imageHeightPx,
          analysis.corners ? JSON.stringify(analysis.corners) : null,
          thumbnailKey,
        ],
      );
      await recordTerrain(tx, image.id, terrain);
      if (!image.preview_key) await enqueuePreview(tx, image.id);
      // The coverage change and its job were recorded by the images trigger (sql/010).
      const { rows } = await tx.query<{ area_id: number }>(
        `select area_id from coverage_pending where image_id = $1 order by area_id`,
        [image.id],
      );
      return rows.map((r) => r.area_id);
    });
    return { imageId, status: 'done', qcFlags: analysis.qcFlags, areaIds };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    await db.query(`update images set status = 'failed', error = $2, processed_at = now() where id = $1`, [
      image.id,
      error.message,
    ]);
    log.info({ imageId, err: error.message }, 'image failed');
    return { imageId, status: 'failed', error: error.message };
  }
};

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
