/**
 * Camera models flown by drone teams, with what the footprint maths needs: sensor size,
 * focal length, image size, and the EXIF `Model` strings the camera writes (to recognise an
 * uploaded photo's camera). Users add their own models in the database; this is the built-in set.
 *
 * Sources (manufacturer specification pages, read 2025):
 * - Phantom 4 RTK: https://www.dji.com/phantom-4-rtk/info — 1" CMOS, FOV 84°, 8.8 mm / 24 mm,
 *   5472×3648 (3:2); 1" sensor = 13.2×8.8 mm. EXIF Model "FC6310R" (docs/design.md §5 check values).
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
 * - Zenmuse H20 / H20T wide camera (Matrice 300/350 RTK): https://enterprise.dji.com/zenmuse-h20-series/specs
 *   — 1/2.3" CMOS 12 MP (6.17×4.55 mm), 4.5 mm (24 mm equivalent), 4056×3040; Model "ZH20" / "ZH20T"
 *   (the exifr fork Sitemark/exifr asserts Model "ZH20T", FocalLength 4.5, 4056×3040 on its H20T photo).
 * - Zenmuse H30 / H30T wide camera: https://enterprise.dji.com/zenmuse-h30-series/specs — 1/1.3" CMOS
 *   48 MP (9.6×7.2 mm), 6.72 mm (24 mm equivalent), 8064×6048. Model strings "ZH30" / "ZH30T" follow
 *   DJI's H20 naming; not yet confirmed on a public H30 photo.
 * - Zenmuse P1 with the DL 24 mm F2.8 and DL 50 mm F2.8 lenses: same P1 page (35.9×24 mm, 8192×5460).
 *   They share the EXIF Model "ZenmuseP1" with the 35 mm lens, so they are picked by hand.
 * - Zenmuse L2 RGB mapping camera: https://enterprise.dji.com/zenmuse-l2/specs — 4/3 CMOS 20 MP
 *   (17.3×13.0 mm), 24 mm equivalent = 12.29 mm (as the Mavic 3E's 4/3 wide camera), 5280×3956.
 * - Mavic 3 Multispectral (M3M) RGB camera: https://ag.dji.com/mavic-3-m/specs — 4/3 CMOS 20 MP,
 *   24 mm equivalent = 12.29 mm, 5280×3956; Model "M3M".
 * - Mini 4 Pro: https://www.dji.com/mini-4-pro/specs — 1/1.3" CMOS (9.6×7.2 mm), 24 mm equivalent
 *   = 6.72 mm, 12 MP photos 4032×3024 (the default; 48 MP mode writes 8064×6048); Model "FC8482".
 * - Phantom 4 Multispectral: https://www.dji.com/p4-multispectral/specs — six 1/2.9" CMOS
 *   (4.87×3.96 mm), 5.74 mm, 1600×1300; Model "FC6360".
 * - Zenmuse XT2 visible camera: https://www.dji.com/zenmuse-xt2/specs — 1/1.7" CMOS 12 MP
 *   (7.6×5.7 mm), 8 mm, 4000×3000; Model "XT2" (Sitemark/exifr's XT2 test photo asserts Model
 *   "XT2", FocalLength 8, 4000×3000).
 * - Zenmuse X4S: https://www.dji.com/zenmuse-x4s/info — 1" CMOS 20 MP (13.2×8.8 mm), 8.8 mm,
 *   5472×3648; Model "FC6510".
 * - Zenmuse X5S: https://www.dji.com/zenmuse-x5s/info — Micro Four Thirds 20.8 MP (17.3×13.0 mm),
 *   with the DJI MFT 15 mm F1.7 lens, 5280×3956; Model "FC6520".
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
  {
    id: 'zenmuse-h20-wide',
    name: 'DJI Matrice 300/350 RTK + Zenmuse H20 / H20T (wide)',
    sensorWidthMm: 6.17,
    sensorHeightMm: 4.55,
    focalLengthMm: 4.5,
    imageWidthPx: 4056,
    imageHeightPx: 3040,
    exifModels: ['ZH20', 'ZH20T'],
  },
  {
    id: 'zenmuse-h30-wide',
    name: 'DJI Matrice 350 RTK + Zenmuse H30 / H30T (wide)',
    sensorWidthMm: 9.6,
    sensorHeightMm: 7.2,
    focalLengthMm: 6.72,
    imageWidthPx: 8064,
    imageHeightPx: 6048,
    exifModels: ['ZH30', 'ZH30T'],
  },
  {
    id: 'matrice-350-p1-24mm',
    name: 'DJI Matrice 350 RTK + Zenmuse P1 (24 mm)',
    sensorWidthMm: 35.9,
    sensorHeightMm: 24.0,
    focalLengthMm: 24,
    imageWidthPx: 8192,
    imageHeightPx: 5460,
    exifModels: [],
  },
  {
    id: 'matrice-350-p1-50mm',
    name: 'DJI Matrice 350 RTK + Zenmuse P1 (50 mm)',
    sensorWidthMm: 35.9,
    sensorHeightMm: 24.0,
    focalLengthMm: 50,
    imageWidthPx: 8192,
    imageHeightPx: 5460,
    exifModels: [],
  },
  {
    id: 'matrice-350-l2-rgb',
    name: 'DJI Matrice 350 RTK + Zenmuse L2 (RGB mapping camera)',
    sensorWidthMm: 17.3,
    sensorHeightMm: 13.0,
    focalLengthMm: 12.29,
    imageWidthPx: 5280,
    imageHeightPx: 3956,
    exifModels: [],
  },
  {
    id: 'mavic-3m-rgb',
    name: 'DJI Mavic 3 Multispectral (RGB)',
    sensorWidthMm: 17.3,
    sensorHeightMm: 13.0,
    focalLengthMm: 12.29,
    imageWidthPx: 5280,
    imageHeightPx: 3956,
    exifModels: ['M3M'],
  },
  {
    id: 'mini-4-pro',
    name: 'DJI Mini 4 Pro (12 MP)',
    sensorWidthMm: 9.6,
    sensorHeightMm: 7.2,
    focalLengthMm: 6.72,
    imageWidthPx: 4032,
    imageHeightPx: 3024,
    exifModels: ['FC8482'],
  },
  {
    id: 'phantom-4-multispectral',
    name: 'DJI Phantom 4 Multispectral',
    sensorWidthMm: 4.87,
    sensorHeightMm: 3.96,
    focalLengthMm: 5.74,
    imageWidthPx: 1600,
    imageHeightPx: 1300,
    exifModels: ['FC6360'],
  },
  {
    id: 'zenmuse-xt2-visible',
    name: 'DJI Zenmuse XT2 (visible camera)',
    sensorWidthMm: 7.6,
    sensorHeightMm: 5.7,
    focalLengthMm: 8,
    imageWidthPx: 4000,
    imageHeightPx: 3000,
    exifModels: ['XT2'],
  },
  {
    id: 'zenmuse-x4s',
    name: 'DJI Zenmuse X4S',
    sensorWidthMm: 13.2,
    sensorHeightMm: 8.8,
    focalLengthMm: 8.8,
    imageWidthPx: 5472,
    imageHeightPx: 3648,
    exifModels: ['FC6510'],
  },
  {
    id: 'zenmuse-x5s-15mm',
    name: 'DJI Zenmuse X5S (15 mm)',
    sensorWidthMm: 17.3,
    sensorHeightMm: 13.0,
    focalLengthMm: 15,
    imageWidthPx: 5280,
    imageHeightPx: 3956,
    exifModels: ['FC6520'],
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

/**
 * The camera to use for a photo: the one recognised from its EXIF Model, unless the flight's
 * chosen camera agrees with that Model (or lists no Model, as a P1 with a 24 mm lens that shares
 * the 35 mm lens's "ZenmuseP1"), in which case the pilot's choice stands. So a known camera needs
 * no manual pick, a pick that contradicts the photo (an XT2 photo in a flight set to Phantom 4
 * RTK) does not give it the wrong sensor, and an unknown Model falls back to the flight's camera.
 *
 * @example cameraForPhoto(phantom4Rtk, zenmuseXt2, 'XT2') // zenmuseXt2
 */
export function cameraForPhoto<C extends Pick<CameraModel, 'exifModels'>>(
  flightCamera: C | null,
  exifCamera: C | null,
  exifModel: string | null,
): C | null {
  if (!flightCamera) return exifCamera;
  if (!exifCamera || !exifModel) return flightCamera;
  const wanted = exifModel.replace(/\0/g, '').trim().toLowerCase();
  const agrees =
    flightCamera.exifModels.length === 0 || flightCamera.exifModels.some((m) => m.toLowerCase() === wanted);
  return agrees ? flightCamera : exifCamera;
}
