import exifr from 'exifr';
import { ValidationError } from '../errors/app-error';
import { assertJpeg, jpegDimensions } from './jpeg-structure';

/**
 * What a drone photo says about itself: EXIF position and time, camera, pixel size, and the
 * attitude DJI records in its XMP namespace `drone-dji` (http://www.dji.com/drone-dji/1.0/).
 *
 * Heights: `heightAboveTakeoffM` is DJI's RelativeAltitude, height above the **take-off
 * point** (not the ground under the drone: correct with a DEM in hilly terrain). GPS altitude
 * and AbsoluteAltitude are above sea level or the ellipsoid, depend on the barometer, and may
 * even be negative (the Zenmuse X3 oracle photo: −116.63 m with RelativeAltitude +29.40 m):
 * they are never used as height above ground.
 */
export interface DjiXmp {
  relativeAltitudeM: number | null;
  absoluteAltitudeM: number | null;
  gimbalPitchDeg: number | null;
  gimbalYawDeg: number | null;
  gimbalRollDeg: number | null;
  flightYawDeg: number | null;
  flightPitchDeg: number | null;
  flightRollDeg: number | null;
  /** 0 no RTK, 16 single point, 34 float, 50 fixed (DJI Phantom 4 RTK user manual). */
  rtkFlag: number | null;
}

export interface ImageMetadata {
  make: string | null;
  model: string | null;
  /** Capture time in UTC (from DateTimeOriginal and its offset; see readImageMetadata). */
  capturedAt: Date | null;
  /** DateTimeOriginal as written, ISO form without zone: "2017-03-14T14:15:40". */
  capturedAtLocal: string | null;
  imageWidthPx: number | null;
  imageHeightPx: number | null;
  focalLengthMm: number | null;
  /** Null when the photo has no usable GPS fix (missing, or DJI's 0/0 before a fix). */
  gps: { lat: number; lon: number; altitudeM: number | null } | null;
  /** Null when the photo carries no drone-dji XMP. */
  dji: DjiXmp | null;
  heightAboveTakeoffM: number | null;
}

export interface ReadImageMetadataOptions {
  /**
   * UTC offset of DateTimeOriginal when the photo has no OffsetTimeOriginal. DJI cameras
   * write the controller's local time without a zone; Hainan is UTC+8 (China Standard Time).
   */
  defaultUtcOffsetMinutes?: number;
  fileName?: string;
}

type Segments = Record<string, Record<string, unknown> | undefined>;

function numberOrNull(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const number = Number(value.trim());
    return Number.isFinite(number) ? number : null;
  }
  return null;
}

function stringOrNull(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.replace(/\0/g, '').trim();
  return text === '' ? null : text;
}

function parseOffsetMinutes(value: unknown): number | null {
  const match = typeof value === 'string' ? /^([+-])(\d{2}):?(\d{2})$/.exec(value.trim()) : null;
  if (!match) return null;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/** "2017:03:14 14:15:40" (EXIF) → "2017-03-14T14:15:40", or null. */
function exifDateToIso(value: unknown): string | null {
  const match =
    typeof value === 'string'
      ? /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value.trim())
      : null;
  if (!match || match[1] === '0000') return null;
  return `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}`;
}

function readGps(gps: Record<string, unknown> | undefined): ImageMetadata['gps'] {
  const lat = numberOrNull(gps?.latitude);
  const lon = numberOrNull(gps?.longitude);
  if (lat === null || lon === null || (lat === 0 && lon === 0)) return null;
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  const altitude = numberOrNull(gps?.GPSAltitude);
  const ref = gps?.GPSAltitudeRef;
  const belowSeaLevel = (ref instanceof Uint8Array ? ref[0] : numberOrNull(ref)) === 1;
  return { lat, lon, altitudeM: altitude === null ? null : belowSeaLevel ? -altitude : altitude };
}

function readDji(xmp: Record<string, unknown> | undefined): DjiXmp | null {
  if (!xmp) return null;
  return {
    relativeAltitudeM: numberOrNull(xmp.RelativeAltitude),
    absoluteAltitudeM: numberOrNull(xmp.AbsoluteAltitude),
    gimbalPitchDeg: numberOrNull(xmp.GimbalPitchDegree),
    gimbalYawDeg: numberOrNull(xmp.GimbalYawDegree),
    gimbalRollDeg: numberOrNull(xmp.GimbalRollDegree),
    flightYawDeg: numberOrNull(xmp.FlightYawDegree),
    flightPitchDeg: numberOrNull(xmp.FlightPitchDegree),
    flightRollDeg: numberOrNull(xmp.FlightRollDegree),
    rtkFlag: numberOrNull(xmp.RtkFlag),
  };
}

/**
 * Reads a drone JPEG's metadata with exifr (EXIF IFD0/Exif/GPS and XMP), from a Buffer.
 * Capture time: DateTimeOriginal shifted by OffsetTimeOriginal, else by
 * `defaultUtcOffsetMinutes` (480). Pixel size from the JPEG frame header, else EXIF.
 * Throws ValidationError when the buffer is not a JPEG or its metadata cannot be read.
 *
 * @example (await readImageMetadata(photo)).dji?.gimbalPitchDeg // -90
 */
export async function readImageMetadata(
  buffer: Buffer,
  options: ReadImageMetadataOptions = {},
): Promise<ImageMetadata> {
  const fileName = options.fileName ?? 'image';
  assertJpeg(buffer, fileName);
  let segments: Segments;
  try {
    segments =
      ((await exifr.parse(buffer, {
        tiff: true,
        exif: true,
        gps: true,
        xmp: true,
        ifd1: false,
        interop: false,
        icc: false,
        iptc: false,
        jfif: false,
        mergeOutput: false,
        translateValues: false,
        reviveValues: false,
      })) as Segments | undefined) ?? {};
  } catch (error) {
    throw new ValidationError(`${fileName}: unreadable image metadata (${(error as Error).message})`);
  }
  const ifd0 = segments.ifd0;
  const exif = segments.exif;
  const capturedAtLocal = exifDateToIso(exif?.DateTimeOriginal) ?? exifDateToIso(exif?.CreateDate);
  const offsetMinutes =
    parseOffsetMinutes(exif?.OffsetTimeOriginal) ?? options.defaultUtcOffsetMinutes ?? 480;
  const capturedAt = capturedAtLocal
    ? new Date(Date.parse(`${capturedAtLocal}Z`) - offsetMinutes * 60_000)
    : null;
  const frame = jpegDimensions(buffer);
  const dji = readDji(segments['drone-dji']);
  return {
    make: stringOrNull(ifd0?.Make),
    model: stringOrNull(ifd0?.Model),
    capturedAt,
    capturedAtLocal,
    imageWidthPx: frame?.widthPx ?? numberOrNull(exif?.ExifImageWidth),
    imageHeightPx: frame?.heightPx ?? numberOrNull(exif?.ExifImageHeight),
    focalLengthMm: numberOrNull(exif?.FocalLength),
    gps: readGps(segments.gps),
    dji,
    heightAboveTakeoffM: dji?.relativeAltitudeM ?? null,
  };
}
