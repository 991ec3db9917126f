/**
 * Camera models flown by drone teams, with what the footprint maths needs: sensor size,
 * focal length, image size, and the EXIF `Model` strings the camera writes (to recognise an
 * uploaded photo's camera). Users add their own models in the database; this is the built-in set.
 *
 * Sources (manufacturer specification pages, read 2025):
 * - Phantom 4 RTK: https://www.dji.com/phantom-4-rtk/info — 1" CMOS, FOV 84°, 8.8 mm / 24 mm,
 *   5472×3648 (3:2); 1" sensor = 13.2×8.8 mm. EXIF Model "FC6310R" (DESIGN.md §5 check values).
 * - Phantom 4 Pro / Pro V2.0: https://www.dji.com/phantom-4-pro-v2/specs — same 1" sensor and
 *   8.8 mm lens, 5472×3648; EXIF Model "FC6310" (V1) and "FC6310S" (V2.0).
 * - Mavic 3 Enterprise (M3E) wide: https://enterprise.dji.com/mavic-3-enterprise/specs — 4/3 CMOS
 *   (17.3×13.0 mm), 24 mm equivalent = 12.29 mm actual (EXIF FocalLength), 5280×3956; Model "M3E".
 * - Mavic 3 Thermal (M3T) wide: same page — 1/2" CMOS 48 MP (6.4×4.8 mm), 24 mm equivalent
 *   ≈ 4.4 mm actual, 8000×6000; Model "M3T".
 * - Matrice 30 / 30T wide: https://enterprise.dji.com/matrice-30/specs — 1/2" CMOS 48 MP,
 *   DFOV 84°, 24 mm equivalent ≈ 4.5 mm actual, 8000×6000; Model "M30" / "M30T".
 * - Zenmuse P1 with DL 35 mm F2.8 LS ASPH on Matrice 350 RTK:
 *   https://enterprise.dji.com/zenmuse-p1/specs — full frame 35.9×24 mm, 8192×5460; Model "ZenmuseP1".
 * - Mavic 2 Pro (Hasselblad L1D-20c): https://www.dji.com/mavic-2/info — 1" CMOS, 28 mm
 *   equivalent = 10.26 mm actual, 5472×3648; Model "L1D-20c".
 * - Zenmuse X3 (Inspire 1 / Matrice 100): https://www.dji.com/zenmuse-x3/info — 1/2.3" CMOS
 *   (6.17×4.55 mm), 20 mm equivalent = 3.61 mm actual (EXIF FocalLength of the oracle photo),
 *   4000×3000 (4:3; 16:9 photos are 4000×2250, see `cameraForImageSize`); Model "FC350".
 */
export interface CameraModel {
  /** Stable key used by the API (`cameraModel` field of a flight). */
  id: string;
  name: string;
  sensorWidthMm: number;
  sensorHeightMm: number;
  focalLengthMm: number;
  imageWidthPx: number;
  imageHeightPx: number;
  /** EXIF `Model` values written by this camera. */
  exifModels: string[];
}

export const CAMERA_MODELS: readonly CameraModel[] = [
  {
    id: 'phantom-4-rtk',
    name: 'DJI Phantom 4 RTK',
    sensorWidthMm: 13.2,
    sensorHeightMm: 8.8,
    focalLengthMm: 8.8,
    imageWidthPx: 5472,
    imageHeightPx: 3648,
    exifModels: ['FC6310R'],
  },
  {
    id: 'phantom-4-pro',
    name: 'DJI Phantom 4 Pro / Pro V2.0',
    sensorWidthMm: 13.2,
    sensorHeightMm: 8.8,
    focalLengthMm: 8.8,
    imageWidthPx: 5472,
    imageHeightPx: 3648,
    exifModels: ['FC6310', 'FC6310S'],
  },
  {
    id: 'mavic-3e-wide',
    name: 'DJI Mavic 3 Enterprise (wide)',
    sensorWidthMm: 17.3,
    sensorHeightMm: 13.0,
    focalLengthMm: 12.29,
    imageWidthPx: 5280,
    imageHeightPx: 3956,
    exifModels: ['M3E'],
  },
  {
    id: 'mavic-3t-wide',
    name: 'DJI Mavic 3 Thermal (wide)',
    sensorWidthMm: 6.4,
    sensorHeightMm: 4.8,
    focalLengthMm: 4.4,
    imageWidthPx: 8000,
    imageHeightPx: 6000,
    exifModels: ['M3T'],
  },
  {
    id: 'matrice-30-wide',
    name: 'DJI Matrice 30 / 30T (wide)',
    sensorWidthMm: 6.4,
    sensorHeightMm: 4.8,
    focalLengthMm: 4.5,
    imageWidthPx: 8000,
    imageHeightPx: 6000,
    exifModels: ['M30', 'M30T'],
  },
  {
    id: 'matrice-350-p1-35mm',
    name: 'DJI Matrice 350 RTK + Zenmuse P1 (35 mm)',
    sensorWidthMm: 35.9,
    sensorHeightMm: 24.0,
    focalLengthMm: 35,
    imageWidthPx: 8192,
    imageHeightPx: 5460,
    exifModels: ['ZenmuseP1'],
  },
  {
    id: 'mavic-2-pro',
    name: 'DJI Mavic 2 Pro',
    sensorWidthMm: 13.2,
    sensorHeightMm: 8.8,
    focalLengthMm: 10.26,
    imageWidthPx: 5472,
    imageHeightPx: 3648,
    exifModels: ['L1D-20c'],
  },
  {
    id: 'zenmuse-x3',
    name: 'DJI Zenmuse X3',
    sensorWidthMm: 6.17,
    sensorHeightMm: 4.55,
    focalLengthMm: 3.61,
    imageWidthPx: 4000,
    imageHeightPx: 3000,
    exifModels: ['FC350'],
  },
];

/** The built-in camera whose id is `id`, or undefined. */
export function findCameraById(id: string): CameraModel | undefined {
  return CAMERA_MODELS.find((camera) => camera.id === id);
}

/**
 * The camera that writes EXIF `Model` = `exifModel` (exact match after trimming; DJI pads
 * some strings with NULs or spaces), or undefined.
 */
export function findCameraByExifModel(
  exifModel: string,
  cameras: readonly CameraModel[] = CAMERA_MODELS,
): CameraModel | undefined {
  const wanted = exifModel.replace(/\0/g, '').trim().toLowerCase();
  return cameras.find((camera) => camera.exifModels.some((model) => model.toLowerCase() === wanted));
}

/**
 * The camera as it was used for a photo of `imageWidthPx`×`imageHeightPx`: an image of another
 * aspect ratio than the sensor (e.g. 16:9 on a 4:3 sensor) is a crop of the sensor's full
 * width, so the used sensor height shrinks in proportion. Pixel counts stay those of the
 * capture at the camera's native width: a downscaled copy (a preview, the demo photos) keeps
 * the GSD of the original capture, which is what coverage and QC are about.
 *
 * @example cameraForImageSize(zenmuseX3, 4000, 2250) // sensorHeightMm 6.17 × 2250/4000 = 3.47, 4000×2250 px
 */
export function cameraForImageSize(
  camera: CameraModel,
  imageWidthPx: number,
  imageHeightPx: number,
): CameraModel {
  const sensorAspect = camera.sensorWidthMm / camera.sensorHeightMm;
  const imageAspect = imageWidthPx / imageHeightPx;
  // Nominal sensor sizes differ from the pixel grid by up to ~2 % (1/2.3": 6.17×4.55 mm vs 4:3).
  const sameAspect = Math.abs(sensorAspect - imageAspect) / sensorAspect < 0.03;
  if (sameAspect) return { ...camera };
  return {
    ...camera,
    sensorHeightMm: camera.sensorWidthMm / imageAspect,
    imageHeightPx: Math.round(camera.imageWidthPx / imageAspect),
  };
}
