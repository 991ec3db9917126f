import piexif from 'piexifjs';
import sharp from 'sharp';
import type { CameraModel } from '@skywater/core/survey/cameras';
import { djiXmpPacket, insertXmpSegment, type DjiXmpValues } from './dji-xmp';
import type { SeededRandom } from '../seeded-random';

export const PHOTO_WIDTH_PX = 640;
export const PHOTO_HEIGHT_PX = 427;

// Hainan farmland and hill forest seen from 100 m: rubber and betel-nut plantations, rice,
// bare red laterite soil, scrub.
const FIELD_COLOURS: [number, number, number][] = [
  [74, 112, 52],
  [96, 134, 62],
  [58, 88, 44],
  [128, 146, 78],
  [142, 104, 70],
  [160, 122, 84],
  [110, 128, 66],
  [44, 72, 38],
];

/** Boundaries of `count` strips of uneven width (70-260 px) starting well before 0. */
function unevenBoundaries(prng: SeededRandom, count: number): number[] {
  const bounds = [-600];
  for (let i = 0; i < count; i++) bounds.push(bounds[bounds.length - 1]! + prng.between(70, 260));
  return bounds;
}

function stripIndex(bounds: number[], value: number): number {
  let i = 0;
  while (i < bounds.length - 2 && value >= bounds[i + 1]!) i++;
  return i;
}

/**
 * A plausible aerial texture: fields of uneven size in a rotated frame, each with its own
 * colour and crop rows, darker bunds between them, a few tree crowns, and a slow brightness
 * drift; smooth enough to keep a 640×427 JPEG around 10-20 kB.
 */
async function renderFieldTexture(prng: SeededRandom, quality: number): Promise<Buffer> {
  const angle = prng.between(-0.6, 0.6);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const uBounds = unevenBoundaries(prng, 14);
  const vBounds = unevenBoundaries(prng, 14);
  const fields = Array.from({ length: uBounds.length * vBounds.length }, () => ({
    colour: prng.pick(FIELD_COLOURS),
    rowPeriodPx: prng.between(5, 12),
    rowDepth: prng.next() < 0.6 ? prng.between(0.04, 0.12) : 0,
    alongU: prng.next() < 0.5,
  }));
  const crowns = Array.from({ length: Math.floor(prng.between(0, 40)) }, () => ({
    x: prng.between(0, PHOTO_WIDTH_PX),
    y: prng.between(0, PHOTO_HEIGHT_PX),
    radiusPx: prng.between(5, 14),
  }));
  const drift = { ax: prng.between(-0.08, 0.08), ay: prng.between(-0.08, 0.08) };
  const raw = Buffer.alloc(PHOTO_WIDTH_PX * PHOTO_HEIGHT_PX * 3);
  for (let y = 0; y < PHOTO_HEIGHT_PX; y++) {
    for (let x = 0; x < PHOTO_WIDTH_PX; x++) {
      const u = (x - PHOTO_WIDTH_PX / 2) * cos - (y - PHOTO_HEIGHT_PX / 2) * sin;
      const v = (x - PHOTO_WIDTH_PX / 2) * sin + (y - PHOTO_HEIGHT_PX / 2) * cos;
      const iu = stripIndex(uBounds, u);
      const iv = stripIndex(vBounds, v);
      const field = fields[iv * uBounds.length + iu]!;
      const along = field.alongU ? u : v;
      const stripe = 1 - field.rowDepth * (0.5 + 0.5 * Math.sin((2 * Math.PI * along) / field.rowPeriodPx));
      const edge = Math.min(u - uBounds[iu]!, uBounds[iu + 1]! - u, v - vBounds[iv]!, vBounds[iv + 1]! - v);
      const border = edge < 3 ? 0.72 : 1;
      const light = 1 + drift.ax * (x / PHOTO_WIDTH_PX - 0.5) + drift.ay * (y / PHOTO_HEIGHT_PX - 0.5);
      const grain = 1 + (prng.next() - 0.5) * 0.05;
      let colour = field.colour;
      let k = stripe * border * light * grain;
      for (const crown of crowns) {
        const d = Math.hypot(x - crown.x, y - crown.y) / crown.radiusPx;
        if (d < 1) {
          colour = [40, 70, 34];
          k = light * grain * (0.8 + 0.3 * (1 - d));
          break;
        }
      }
      const i = (y * PHOTO_WIDTH_PX + x) * 3;
      raw[i] = Math.min(255, colour[0] * k);
      raw[i + 1] = Math.min(255, colour[1] * k);
      raw[i + 2] = Math.min(255, colour[2] * k);
    }
  }
  return sharp(raw, { raw: { width: PHOTO_WIDTH_PX, height: PHOTO_HEIGHT_PX, channels: 3 } })
    .blur(0.6)
    .jpeg({ quality, chromaSubsampling: '4:2:0', mozjpeg: true })
    .toBuffer();
}

export interface SurveyPhotoSpec {
  camera: CameraModel;
  exifModel: string;
  /** Local time as the drone writes DateTimeOriginal (no zone), "2025:03:10 09:31:05". */
  dateTimeOriginal: string;
  /** null: the photo carries no GPS block (as before a fix). */
  gps: { lat: number; lon: number; altitudeMslM: number } | null;
  xmp: DjiXmpValues;
  quality: number;
}

/** Degrees as EXIF's three rationals, seconds to 1/10000" (≈ 3 mm). */
function degreesToDmsRational(degrees: number): [number, number][] {
  const d = Math.floor(degrees);
  const minutesFloat = (degrees - d) * 60;
  const m = Math.floor(minutesFloat);
  const secondsTenThousandths = Math.round((minutesFloat - m) * 60 * 10000);
  return [
    [d, 1],
    [m, 1],
    [secondsTenThousandths, 10000],
  ];
}

/** A small survey JPEG with DJI-like EXIF (piexifjs) and drone-dji XMP. */
export async function renderSurveyPhoto(spec: SurveyPhotoSpec, prng: SeededRandom): Promise<Buffer> {
  const jpeg = await renderFieldTexture(prng, spec.quality);
  const exif: Parameters<typeof piexif.dump>[0] = {
    '0th': {
      [piexif.ImageIFD.Make!]: 'DJI',
      [piexif.ImageIFD.Model!]: spec.exifModel,
      [piexif.ImageIFD.Software!]: 'Skywater demo generator',
      [piexif.ImageIFD.DateTime!]: spec.dateTimeOriginal,
    },
    Exif: {
      [piexif.ExifIFD.DateTimeOriginal!]: spec.dateTimeOriginal,
      [piexif.ExifIFD.DateTimeDigitized!]: spec.dateTimeOriginal,
      [piexif.ExifIFD.FocalLength!]: [Math.round(spec.camera.focalLengthMm * 100), 100],
      [piexif.ExifIFD.FocalLengthIn35mmFilm!]: 24,
      [piexif.ExifIFD.PixelXDimension!]: PHOTO_WIDTH_PX,
      [piexif.ExifIFD.PixelYDimension!]: PHOTO_HEIGHT_PX,
    },
  };
  if (spec.gps) {
    exif.GPS = {
      [piexif.GPSIFD.GPSVersionID!]: [2, 3, 0, 0],
      [piexif.GPSIFD.GPSLatitudeRef!]: spec.gps.lat >= 0 ? 'N' : 'S',
      [piexif.GPSIFD.GPSLatitude!]: degreesToDmsRational(Math.abs(spec.gps.lat)),
      [piexif.GPSIFD.GPSLongitudeRef!]: spec.gps.lon >= 0 ? 'E' : 'W',
      [piexif.GPSIFD.GPSLongitude!]: degreesToDmsRational(Math.abs(spec.gps.lon)),
      [piexif.GPSIFD.GPSAltitudeRef!]: spec.gps.altitudeMslM >= 0 ? 0 : 1,
      [piexif.GPSIFD.GPSAltitude!]: [Math.round(Math.abs(spec.gps.altitudeMslM) * 1000), 1000],
    };
  }
  const withExif = Buffer.from(piexif.insert(piexif.dump(exif), jpeg.toString('binary')), 'binary');
  return insertXmpSegment(withExif, djiXmpPacket(spec.xmp));
}
