/** A camera model as `GET /api/cameras` lists it and `POST /api/cameras` answers it. */
export interface CameraView {
  id: number;
  /** The stable key a flight upload names (`cameraModel`), e.g. `phantom-4-rtk`. */
  model: string;
  name: string;
  /** EXIF `Model` values this camera writes, to recognise an uploaded photo's camera. */
  exifModels: string[];
  sensorWidthMm: number;
  sensorHeightMm: number;
  focalLengthMm: number;
  imageWidthPx: number;
  imageHeightPx: number;
  /** Shipped with the platform (core/src/survey/cameras.ts), not added by a user. */
  builtin: boolean;
}
