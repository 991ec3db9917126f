import type { Queryable } from '@skywater/core/db/db';
import type { FlightImage, ImageDetail, ImageStatus } from '@skywater/core/survey/image-view';

const IMAGE_COLUMNS = `i.id, i.flight_id as "flightId", i.office_id::int as "officeId", i.original_name as "name", i.sha256, i.status, i.error,
  i.captured_at as "capturedAt", i.height_above_ground_m as "heightAboveGroundM", i.gsd_cm as "gsdCm",
  i.qc_flags as "qcFlags", i.camera_model as "cameraModel", i.gimbal_pitch_deg as "gimbalPitchDeg",
  i.gimbal_yaw_deg as "gimbalYawDeg", i.rtk_flag as "rtkFlag", i.size_bytes as "sizeBytes",
  i.image_width_px as "imageWidthPx", i.image_height_px as "imageHeightPx", i.processed_at as "processedAt",
  i.preview_key is not null as "previewReady",
  i.ground_elevation_m as "groundElevationM", i.height_source as "heightSource", i.terrain_fallback as "terrainFallback",
  i.coverage_excluded as "coverageExcluded", i.coverage_exclusion_reasons as "coverageExclusionReasons",
  i.position_source as "positionSource", i.gimbal_roll_deg as "gimbalRollDeg", i.rtk_std_lon_m as "rtkStdLonM",
  i.rtk_std_lat_m as "rtkStdLatM", i.rtk_std_hgt_m as "rtkStdHgtM", i.sun_elevation_deg as "sunElevationDeg",
  i.sharpness_laplacian_var as "sharpnessLaplacianVar", i.mean_luma as "meanLuma",
  case when i.position is null then null else json_build_array(st_x(i.position), st_y(i.position)) end as position`;

/** One image as docs/api-contract.md describes it, plus its preview's corners for the map. */
export async function getImage(db: Queryable, id: number): Promise<ImageDetail | null> {
  const { rows } = await db.query<ImageDetail>(
    `select ${IMAGE_COLUMNS}, st_asgeojson(i.footprint, 7)::json as footprint, i.corners,
            i.thumbnail_key is not null as "hasThumbnail"
     from images i where i.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

/** The images of a flight (null when the flight does not exist). */
export async function listFlightImages(db: Queryable, flightId: number): Promise<FlightImage[] | null> {
  const flight = await db.query(`select 1 from flights where id = $1`, [flightId]);
  if (flight.rows.length === 0) return null;
  const { rows } = await db.query<FlightImage>(
    `select ${IMAGE_COLUMNS} from images i where i.flight_id = $1 order by i.id`,
    [flightId],
  );
  return rows;
}

/**
 * Where a photo's thumbnail or preview is stored (`key` null while it is not made), with what
 * tells "not yet" from "never": the photo's status and error (a failed photo has neither copy;
 * the preview, made by its own job after the photo is `done`, may lag behind the thumbnail).
 */
export async function imageDerivativeKey(db: Queryable, id: number, kind: 'thumbnail' | 'preview') {
  const { rows } = await db.query<{
    key: string | null;
    sha256: string;
    status: ImageStatus;
    error: string | null;
  }>(
    `select ${kind === 'thumbnail' ? 'thumbnail_key' : 'preview_key'} as key, sha256, status, error
     from images where id = $1`,
    [id],
  );
  return rows[0] ?? null;
}
