import type { Polygon } from 'geojson';

/** What `POST /api/flights/:id/images` answers: the photos kept (queued for the workers) and those refused. */
export interface ImageUploadReply {
  accepted: { id: number; name: string }[];
  /** Each refused file with why (`not_jpeg`, `truncated`, `too_large`, `duplicate`, ...). */
  rejected: { name: string; code: string; message: string }[];
}

/** Where a photo is in the workers' processing: queued, read (footprint, QC, thumbnail), or failed with its error. */
export type ImageStatus = 'pending' | 'done' | 'failed';

/** One photo of a flight as `GET /api/flights/:id/images` lists it. */
export interface FlightImage {
  id: number;
  flightId: number;
  name: string;
  sha256: string;
  status: ImageStatus;
  error: string | null;
  capturedAt: Date | null;
  heightAboveGroundM: number | null;
  gsdCm: number | null;
  /** Empty until the workers have read the photo. */
  qcFlags: string[];
  cameraModel: string | null;
  gimbalPitchDeg: number | null;
  gimbalYawDeg: number | null;
  rtkFlag: number | null;
  sizeBytes: number | null;
  imageWidthPx: number | null;
  imageHeightPx: number | null;
  processedAt: Date | null;
  /** False until the workers have made the 1280 px preview (the preview route answers 409). */
  previewReady: boolean;
  groundElevationM: number | null;
  heightSource: 'dem' | 'takeoff' | 'log' | null;
  terrainFallback: string | null;
  coverageExcluded: boolean;
  coverageExclusionReasons: string[];
  positionSource: 'exif' | 'xmp' | null;
  gimbalRollDeg: number | null;
  rtkStdLonM: number | null;
  rtkStdLatM: number | null;
  rtkStdHgtM: number | null;
  sunElevationDeg: number | null;
  sharpnessLaplacianVar: number | null;
  meanLuma: number | null;
  /** [lon, lat] where the photo was taken, or null without GPS. */
  position: [number, number] | null;
}

/** One photo (`GET /api/images/:id`): the listed fields with its footprint and preview corners. */
export interface ImageDetail extends FlightImage {
  footprint: Polygon | null;
  /** Ground corners [[lon, lat] × 4] of the preview (top-left, top-right, bottom-right, bottom-left), or null. */
  corners: [number, number][] | null;
  hasThumbnail: boolean;
}
