import type { Polygon } from 'geojson';
import { cameraForImageSize, type CameraModel } from './cameras';
import { footprintGroundPointsM, imageFootprint, type CameraPose } from './footprint';
import type { ImageMetadata } from './image-metadata';
import { coverageExclusionReasons, imageQcFlags, sunElevationAtCapture, type ImageQcFlag } from './image-qc';
import { offsetToLonLat } from './local-tangent-plane';
import type { PixelQuality } from './pixel-quality';

/**
 * Hainan's bounding box with a margin ([minLon, minLat, maxLon, maxLat]; the island spans
 * 108.6-111.1° E, 18.1-20.2° N): a photo whose GPS falls outside is flagged `outside_region`
 * (e.g. a camera that kept another country's position).
 */
export const HAINAN_BOUNDS: [number, number, number, number] = [108.3, 17.8, 111.4, 20.5];

export interface SurveyImageContext {
  /** The flight's camera, or the one matched from EXIF Model; null when unknown. */
  camera: CameraModel | null;
  /** The survey area's GSD threshold (cm/px); also caps oblique footprints. */
  maxGsdCm: number;
  flight: { startedAt: Date | null; endedAt: Date | null };
  expectedBounds?: [number, number, number, number];
  /** True when an earlier image with the same SHA-256 exists in the same area. */
  duplicate: boolean;
  /** Sharpness and exposure of the decoded thumbnail (pixel-quality.ts). */
  pixelQuality?: PixelQuality;
  /** True when an earlier photo of the flight shows the same scene (hovering-duplicate.ts). */
  hoveringDuplicate?: boolean;
}

export interface SurveyImageAnalysis {
  pose: CameraPose | null;
  footprint: Polygon | null;
  /** Ground corners top-left, top-right, bottom-right, bottom-left ([lon, lat]); null when cut. */
  corners: [number, number][] | null;
  gsdCm: number | null;
  qcFlags: ImageQcFlag[];
  /** The flags that keep this photo out of coverage; empty when it counts. */
  coverageExclusionReasons: ImageQcFlag[];
  /** Sun elevation at capture (degrees), null without time or position. */
  sunElevationDeg: number | null;
  /** Why no footprint was computed, when none was. */
  footprintProblem: string | null;
}

/**
 * From a photo's metadata to its pose, footprint, GSD and QC flags (docs/design.md §5): pure and
 * fast (the image pipeline bench measures it). Height above ground is DJI's RelativeAltitude
 * (height above take-off; no DEM correction yet). Missing gimbal angles (none, or exactly
 * 0/0/0) are taken as nadir with the aircraft's heading, and flagged `gimbal_missing`.
 *
 * @example analyseSurveyImage(metadata, { camera: phantom4Rtk, maxGsdCm: 10, flight, duplicate: false }).gsdCm // 2.74 at 100 m
 */
export function analyseSurveyImage(
  metadata: ImageMetadata,
  context: SurveyImageContext,
): SurveyImageAnalysis {
  let pose: CameraPose | null = null;
  let footprint: Polygon | null = null;
  let corners: [number, number][] | null = null;
  let gsdCm: number | null | undefined;
  let footprintProblem: string | null = null;
  const height = metadata.heightAboveTakeoffM;

  if (!context.camera) footprintProblem = 'unknown camera model';
  else if (!metadata.gps) footprintProblem = 'no GPS position';
  else if (height === null || !(height > 0)) footprintProblem = 'no height above take-off';
  else {
    const dji = metadata.dji;
    const pitch = dji?.gimbalPitchDeg ?? null;
    const gimbalMissing =
      pitch === null || (pitch === 0 && (dji?.gimbalYawDeg ?? 0) === 0 && (dji?.gimbalRollDeg ?? 0) === 0);
    pose = {
      lon: metadata.gps.lon,
      lat: metadata.gps.lat,
      heightAglM: height,
      gimbalPitchDeg: gimbalMissing ? -90 : pitch,
      gimbalYawDeg: gimbalMissing ? (dji?.flightYawDeg ?? 0) : (dji?.gimbalYawDeg ?? dji?.flightYawDeg ?? 0),
      gimbalRollDeg: gimbalMissing ? 0 : (dji?.gimbalRollDeg ?? 0),
    };
    const camera =
      metadata.imageWidthPx && metadata.imageHeightPx
        ? cameraForImageSize(context.camera, metadata.imageWidthPx, metadata.imageHeightPx)
        : context.camera;
    const options = { maxGsdCm: context.maxGsdCm };
    try {
      const result = imageFootprint(camera, pose, options);
      footprint = result.polygon;
      gsdCm = result.gsdCm;
      if (!result.cut) {
        const { points } = footprintGroundPointsM(camera, pose, options);
        corners = points.map((p) => offsetToLonLat(pose!, p.eastM, p.northM));
      }
    } catch (error) {
      footprintProblem = (error as Error).message;
      gsdCm = null;
    }
  }

  const qcFlags = imageQcFlags(metadata, {
    gsdCm,
    maxGsdCm: context.maxGsdCm,
    flight: context.flight,
    expectedBounds: context.expectedBounds ?? HAINAN_BOUNDS,
    pixelQuality: context.pixelQuality,
    hoveringDuplicate: context.hoveringDuplicate,
  });
  if (!context.camera) qcFlags.push('unknown_camera');
  if (context.duplicate) qcFlags.push('duplicate');
  return {
    pose,
    footprint,
    corners,
    gsdCm: gsdCm ?? null,
    qcFlags,
    coverageExclusionReasons: coverageExclusionReasons(qcFlags),
    sunElevationDeg: sunElevationAtCapture(metadata),
    footprintProblem,
  };
}
