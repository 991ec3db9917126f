import type { ImageMetadata } from './image-metadata';

/**
 * Quality-control flags of one survey photo. A flagged image is kept and shown, but
 * coverage may leave it out (e.g. no footprint without GPS or height).
 * - `no_gps`: no usable position.
 * - `no_height`: no DJI RelativeAltitude, so no footprint height.
 * - `gimbal_missing`: no gimbal angles, or exactly 0/0/0, which DJI writes when it has none
 *   (DESIGN.md §5).
 * - `far_from_nadir`: gimbal pitch more than `maxOffNadirDeg` away from −90°.
 * - `gsd_too_coarse`: centre GSD above the area's threshold, or none (looking at the sky).
 * - `no_capture_time`, `outside_flight_time`: capture time missing, or outside the flight's
 *   start..end widened by `flightTimeMarginS`.
 * - `outside_region`: position outside the expected bounding box (e.g. Hainan), as when a
 *   photo's GPS says it was taken in another country.
 * - `duplicate`: the same SHA-256 was already uploaded.
 * - `unknown_camera`: neither the flight nor the photo's EXIF Model names a known camera (no footprint).
 */
export type ImageQcFlag =
  | 'no_gps'
  | 'no_height'
  | 'gimbal_missing'
  | 'far_from_nadir'
  | 'gsd_too_coarse'
  | 'no_capture_time'
  | 'outside_flight_time'
  | 'outside_region'
  | 'duplicate'
  | 'unknown_camera';

export interface ImageQcContext {
  /** Centre GSD from the footprint; null when it has none, undefined when not computed. */
  gsdCm?: number | null;
  /** The survey area's threshold, cm/px. */
  maxGsdCm?: number;
  maxOffNadirDeg?: number;
  flight?: { startedAt: Date | null; endedAt: Date | null };
  flightTimeMarginS?: number;
  /** [minLon, minLat, maxLon, maxLat] where photos are expected. */
  expectedBounds?: [number, number, number, number];
  sha256?: string;
  /** SHA-256 digests of the images already stored (hex, any case). */
  knownSha256?: ReadonlySet<string>;
}

export const DEFAULT_MAX_OFF_NADIR_DEG = 30;
export const DEFAULT_FLIGHT_TIME_MARGIN_S = 600;

type QcMetadata = Pick<ImageMetadata, 'gps' | 'dji' | 'capturedAt' | 'heightAboveTakeoffM'>;

/**
 * Flags of a photo from its metadata and context; a pure function, flags in a fixed order.
 *
 * @example imageQcFlags(metadata, { gsdCm: 2.7, maxGsdCm: 5, knownSha256: new Set() }) // []
 */
export function imageQcFlags(metadata: QcMetadata, context: ImageQcContext = {}): ImageQcFlag[] {
  const flags: ImageQcFlag[] = [];
  if (!metadata.gps) flags.push('no_gps');
  if (metadata.heightAboveTakeoffM === null) flags.push('no_height');

  const pitch = metadata.dji?.gimbalPitchDeg ?? null;
  const yaw = metadata.dji?.gimbalYawDeg ?? null;
  const roll = metadata.dji?.gimbalRollDeg ?? null;
  const gimbalMissing = pitch === null || (pitch === 0 && (yaw ?? 0) === 0 && (roll ?? 0) === 0);
  if (gimbalMissing) flags.push('gimbal_missing');
  else if (Math.abs(pitch + 90) > (context.maxOffNadirDeg ?? DEFAULT_MAX_OFF_NADIR_DEG))
    flags.push('far_from_nadir');

  if (context.maxGsdCm !== undefined && context.gsdCm !== undefined) {
    if (context.gsdCm === null || context.gsdCm > context.maxGsdCm) flags.push('gsd_too_coarse');
  }

  if (!metadata.capturedAt) {
    flags.push('no_capture_time');
  } else if (context.flight?.startedAt && context.flight.endedAt) {
    const marginMs = (context.flightTimeMarginS ?? DEFAULT_FLIGHT_TIME_MARGIN_S) * 1000;
    const at = metadata.capturedAt.getTime();
    if (
      at < context.flight.startedAt.getTime() - marginMs ||
      at > context.flight.endedAt.getTime() + marginMs
    ) {
      flags.push('outside_flight_time');
    }
  }

  if (metadata.gps && context.expectedBounds) {
    const [minLon, minLat, maxLon, maxLat] = context.expectedBounds;
    const { lon, lat } = metadata.gps;
    if (lon < minLon || lon > maxLon || lat < minLat || lat > maxLat) flags.push('outside_region');
  }

  if (context.sha256 && context.knownSha256) {
    const digest = context.sha256.toLowerCase();
    if ([...context.knownSha256].some((known) => known.toLowerCase() === digest)) flags.push('duplicate');
  }
  return flags;
}
