import type { ImageMetadata } from './image-metadata';
import { PIXEL_QC_LIMITS, type PixelQuality } from './pixel-quality';
import { solarElevationDeg } from './solar-elevation';

/**
 * Quality-control flags of one survey photo. A flagged image is kept and shown, but
 * coverage may leave it out (e.g. no footprint without GPS or height).
 * - `no_gps`: no usable position.
 * - `no_height`: no DJI RelativeAltitude, so no footprint height.
 * - `gimbal_missing`: no gimbal angles, or exactly 0/0/0, which DJI writes when it has none
 *   (docs/design.md §5).
 * - `far_from_nadir`: gimbal pitch more than `maxOffNadirDeg` away from −90°.
 * - `gsd_too_coarse`: centre GSD above the area's threshold, or none (looking at the sky).
 * - `no_capture_time`, `outside_flight_time`: capture time missing, or outside the flight's
 *   start..end widened by `flightTimeMarginS`.
 * - `outside_region`: position outside the expected bounding box (e.g. Hainan), as when a
 *   photo's GPS says it was taken in another country.
 * - `duplicate`: the same SHA-256 was already uploaded.
 * - `unknown_camera`: neither the flight nor the photo's EXIF Model names a known camera (no footprint).
 * - `blurry`: variance of the Laplacian of the 256 px greyscale thumbnail below
 *   PIXEL_QC_LIMITS.minLaplacianVariance (motion blur, focus missed).
 * - `underexposed`, `overexposed`: mean luma or the share of crushed/blown pixels beyond PIXEL_QC_LIMITS.
 * - `low_sun`: the sun under MIN_SUN_ELEVATION_DEG at capture (long shadows, dark ground).
 * - `horizon`: gimbal pitch above HORIZON_PITCH_DEG: the photo shows the horizon, its "footprint"
 *   is mostly sky or far away.
 * - `hovering_duplicate`: an earlier photo of the same flight shows the same scene (HOVER_LIMITS).
 * - `before_takeoff`, `after_landing`: taken before the flight log's first timed point or after
 *   its last, beyond TAKEOFF_LANDING_TOLERANCE_S.
 * - `angle_out_of_range`: an XMP angle outside its range (the photo is refused, see image-metadata.ts).
 * Which of them keep a photo out of coverage: COVERAGE_EXCLUDING_FLAGS.
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
  | 'unknown_camera'
  | 'blurry'
  | 'underexposed'
  | 'overexposed'
  | 'low_sun'
  | 'horizon'
  | 'hovering_duplicate'
  | 'before_takeoff'
  | 'after_landing'
  | 'angle_out_of_range';

/**
 * Flags that keep a photo out of coverage: it stays visible, but what it shows cannot be
 * counted as searched ground (blurred, too dark or bright, low sun, looking at the horizon,
 * not taken in flight), or another photo already counts for it (duplicates). The other flags
 * either leave no footprint anyway (no_gps, no_height, unknown_camera) or are warnings whose
 * footprint is still right (far_from_nadir: oblique footprint; gsd_too_coarse: footprint capped
 * at the area's GSD; outside_region; no_capture_time; gimbal_missing: taken as nadir).
 */
export const COVERAGE_EXCLUDING_FLAGS: readonly ImageQcFlag[] = [
  'duplicate',
  'hovering_duplicate',
  'blurry',
  'underexposed',
  'overexposed',
  'low_sun',
  'horizon',
  'before_takeoff',
  'after_landing',
  'angle_out_of_range',
];

/** The flags among `flags` that keep the photo out of coverage (empty: it counts). */
export function coverageExclusionReasons(flags: readonly ImageQcFlag[]): ImageQcFlag[] {
  return flags.filter((flag) => COVERAGE_EXCLUDING_FLAGS.includes(flag));
}

/** drone-tm's low-sun threshold: under 10° the ground is in long shadows. */
export const MIN_SUN_ELEVATION_DEG = 10;
/** drone-tm's horizon threshold: a gimbal pitch above −20° shows the horizon. */
export const HORIZON_PITCH_DEG = -20;
/** Camera and log clocks are both GPS-disciplined on DJI aircraft; 30 s covers logs that start at take-off rather than at motor start. */
export const TAKEOFF_LANDING_TOLERANCE_S = 30;

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
  /** Sharpness and exposure of the decoded thumbnail; pixel flags are skipped without it. */
  pixelQuality?: PixelQuality;
  /** True when an earlier photo of the flight shows the same scene (see hovering-duplicate.ts). */
  hoveringDuplicate?: boolean;
}

export const DEFAULT_MAX_OFF_NADIR_DEG = 30;
export const DEFAULT_FLIGHT_TIME_MARGIN_S = 600;

type QcMetadata = Pick<ImageMetadata, 'gps' | 'dji' | 'capturedAt' | 'heightAboveTakeoffM'> &
  Partial<Pick<ImageMetadata, 'angleProblems'>>;

/** Sun elevation at the photo's capture time and place, or null without both. */
export function sunElevationAtCapture(metadata: Pick<ImageMetadata, 'gps' | 'capturedAt'>): number | null {
  if (!metadata.gps || !metadata.capturedAt) return null;
  return solarElevationDeg(metadata.capturedAt, metadata.gps.lat, metadata.gps.lon);
}

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

  const pixels = context.pixelQuality;
  if (pixels) {
    if (pixels.laplacianVariance < PIXEL_QC_LIMITS.minLaplacianVariance) flags.push('blurry');
    if (
      pixels.meanLuma < PIXEL_QC_LIMITS.minMeanLuma ||
      pixels.darkFraction > PIXEL_QC_LIMITS.maxClippedFraction
    )
      flags.push('underexposed');
    if (
      pixels.meanLuma > PIXEL_QC_LIMITS.maxMeanLuma ||
      pixels.brightFraction > PIXEL_QC_LIMITS.maxClippedFraction
    )
      flags.push('overexposed');
  }
  const sunElevation = sunElevationAtCapture(metadata);
  if (sunElevation !== null && sunElevation < MIN_SUN_ELEVATION_DEG) flags.push('low_sun');
  if (!gimbalMissing && pitch > HORIZON_PITCH_DEG) flags.push('horizon');
  if (context.hoveringDuplicate) flags.push('hovering_duplicate');
  if (metadata.capturedAt) {
    const at = metadata.capturedAt.getTime();
    const toleranceMs = TAKEOFF_LANDING_TOLERANCE_S * 1000;
    if (context.flight?.startedAt && at < context.flight.startedAt.getTime() - toleranceMs)
      flags.push('before_takeoff');
    if (context.flight?.endedAt && at > context.flight.endedAt.getTime() + toleranceMs)
      flags.push('after_landing');
  }
  if (metadata.angleProblems?.length) flags.push('angle_out_of_range');
  return flags;
}
