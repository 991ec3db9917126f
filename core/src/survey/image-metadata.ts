import exifr from 'exifr';
import { ValidationError } from '../errors/app-error';
import { MetadataRangeError } from './metadata-range-error';
import { assertJpeg, jpegDimensions } from './jpeg-structure';
import { applicationNotesXmp, parseXmpPacket, type XmpNamespaces } from './xmp-packet';

/**
 * What a drone photo says about itself: EXIF position and time, camera, pixel size, and the
 * attitude DJI records in its XMP namespace `drone-dji` (http://www.dji.com/drone-dji/1.0/),
 * whether in the APP1 XMP segment or in the Exif IFD's ApplicationNotes tag (0x02BC, DJI
 * enterprise cameras such as the Zenmuse XT2). Skydio's `drone-skydio` namespace is read into
 * the same fields (docs/survey.md, "Metadata sources").
 *
 * Heights: `heightAboveTakeoffM` is DJI's RelativeAltitude, height above the **take-off
 * point** (not the ground under the drone: correct with a DEM in hilly terrain). GPS altitude
 * and AbsoluteAltitude are above sea level or the ellipsoid, depend on the barometer, and may
 * even be negative (the Zenmuse X3 oracle photo: −116.63 m with RelativeAltitude +29.40 m):
 * they are never used as height above ground.
 */
export interface DjiXmp {
  /** Whose XMP namespace the values come from. */
  vendor: 'dji' | 'skydio';
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
  /** RTK standard deviations in metres (RtkStdLon/RtkStdLat/RtkStdHgt), when the aircraft has RTK. */
  rtkStdLonM: number | null;
  rtkStdLatM: number | null;
  rtkStdHgtM: number | null;
  /** Position written in the XMP (GpsLatitude/GpsLongitude or Latitude/Longitude), if any. */
  latitude: number | null;
  longitude: number | null;
}

/** Where the drone XMP was found in the file. */
export type XmpLocation = 'app1' | 'application_notes';

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
  /** Where the position came from: EXIF GPS, else the drone XMP (some DJI firmware leaves EXIF GPS empty). */
  positionSource: 'exif' | 'xmp' | null;
  /** Null when the photo carries no drone-dji (or drone-skydio) XMP. */
  dji: DjiXmp | null;
  xmpLocation: XmpLocation | null;
  heightAboveTakeoffM: number | null;
  /**
   * Angles refused as out of range (e.g. "GimbalPitchDegree +200° is outside −180…180°"); the
   * angle itself is set to null. A photo with any is refused by the pipeline with these reasons.
   */
  angleProblems: string[];
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

// Angle limits: a gimbal or aircraft angle beyond a full half-turn (pitch, roll) or full turn
// (yaw, which some firmware writes as 0…360) is a corrupt value, not an attitude.
const ANGLE_LIMITS_DEG = {
  GimbalPitchDegree: 180,
  GimbalRollDegree: 180,
  GimbalYawDegree: 360,
  FlightPitchDegree: 180,
  FlightRollDegree: 180,
  FlightYawDegree: 360,
} as const;
type AngleName = keyof typeof ANGLE_LIMITS_DEG;

function angleInRange(name: AngleName, value: unknown, problems: string[]): number | null {
  const degrees = numberOrNull(value);
  if (degrees === null) return null;
  const limit = ANGLE_LIMITS_DEG[name];
  if (Math.abs(degrees) <= limit) return degrees;
  problems.push(`${name} ${degrees > 0 ? '+' : ''}${degrees}° is outside −${limit}…${limit}°`);
  return null;
}

function latitudeOrNull(value: unknown): number | null {
  const degrees = numberOrNull(value);
  return degrees !== null && Math.abs(degrees) <= 90 ? degrees : null;
}

function longitudeOrNull(value: unknown): number | null {
  const degrees = numberOrNull(value);
  return degrees !== null && Math.abs(degrees) <= 180 ? degrees : null;
}

/** DJI's drone-dji properties (names from DJI's photos; "GpsLongtitude" is DJI's own spelling in some firmware). */
function readDji(xmp: Record<string, unknown>, problems: string[]): DjiXmp {
  return {
    vendor: 'dji',
    relativeAltitudeM: numberOrNull(xmp.RelativeAltitude),
    absoluteAltitudeM: numberOrNull(xmp.AbsoluteAltitude),
    gimbalPitchDeg: angleInRange('GimbalPitchDegree', xmp.GimbalPitchDegree, problems),
    gimbalYawDeg: angleInRange('GimbalYawDegree', xmp.GimbalYawDegree, problems),
    gimbalRollDeg: angleInRange('GimbalRollDegree', xmp.GimbalRollDegree, problems),
    flightYawDeg: angleInRange('FlightYawDegree', xmp.FlightYawDegree, problems),
    flightPitchDeg: angleInRange('FlightPitchDegree', xmp.FlightPitchDegree, problems),
    flightRollDeg: angleInRange('FlightRollDegree', xmp.FlightRollDegree, problems),
    rtkFlag: numberOrNull(xmp.RtkFlag),
    rtkStdLonM: numberOrNull(xmp.RtkStdLon),
    rtkStdLatM: numberOrNull(xmp.RtkStdLat),
    rtkStdHgtM: numberOrNull(xmp.RtkStdHgt),
    latitude: latitudeOrNull(xmp.GpsLatitude ?? xmp.Latitude),
    longitude: longitudeOrNull(xmp.GpsLongitude ?? xmp.GpsLongtitude ?? xmp.Longitude),
  };
}

/**
 * Skydio's drone-skydio properties: the camera's attitude in the NED frame (pitch negative
 * down, as DJI's gimbal pitch), the vehicle's as flight angles. Skydio writes no height above
 * take-off under a documented name, so `relativeAltitudeM` stays null.
 */
function readSkydio(xmp: Record<string, unknown>, problems: string[]): DjiXmp {
  const camera = (xmp.CameraOrientationNED ?? {}) as Record<string, unknown>;
  const vehicle = (xmp.VehicleOrientationNED ?? {}) as Record<string, unknown>;
  return {
    vendor: 'skydio',
    relativeAltitudeM: null,
    absoluteAltitudeM: numberOrNull(xmp.AbsoluteAltitude),
    gimbalPitchDeg: angleInRange('GimbalPitchDegree', camera.Pitch, problems),
    gimbalYawDeg: angleInRange('GimbalYawDegree', camera.Yaw, problems),
    gimbalRollDeg: angleInRange('GimbalRollDegree', camera.Roll, problems),
    flightYawDeg: angleInRange('FlightYawDegree', vehicle.Yaw, problems),
    flightPitchDeg: angleInRange('FlightPitchDegree', vehicle.Pitch, problems),
    flightRollDeg: angleInRange('FlightRollDegree', vehicle.Roll, problems),
    rtkFlag: null,
    rtkStdLonM: null,
    rtkStdLatM: null,
    rtkStdHgtM: null,
    latitude: latitudeOrNull(xmp.Latitude),
    longitude: longitudeOrNull(xmp.Longitude),
  };
}

/**
 * The drone XMP of a photo: the APP1 XMP segment's namespaces, completed by the packet in the
 * Exif ApplicationNotes tag (which DJI enterprise cameras use instead).
 */
function readDroneXmp(
  segments: Segments,
  problems: string[],
): { dji: DjiXmp | null; location: XmpLocation | null } {
  const notesXmp = applicationNotesXmp(segments.exif);
  const notes: XmpNamespaces = notesXmp ? parseXmpPacket(notesXmp) : {};
  const dji =
    segments['drone-dji'] || notes['drone-dji'] ? { ...notes['drone-dji'], ...segments['drone-dji'] } : null;
  if (dji)
    return { dji: readDji(dji, problems), location: segments['drone-dji'] ? 'app1' : 'application_notes' };
  const skydio = segments['drone-skydio'] ?? notes['drone-skydio'];
  if (skydio)
    return {
      dji: readSkydio(skydio, problems),
      location: segments['drone-skydio'] ? 'app1' : 'application_notes',
    };
  return { dji: null, location: null };
}

/**
 * Reads a drone JPEG's metadata with exifr (EXIF IFD0/Exif/GPS and XMP, plus the XMP in Exif
 * tag 0x02BC), from a Buffer. Position from EXIF GPS, else from the drone XMP.
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
  const angleProblems: string[] = [];
  const { dji, location } = readDroneXmp(segments, angleProblems);
  const exifGps = readGps(segments.gps);
  const xmpGps =
    !exifGps && dji?.latitude != null && dji.longitude != null && !(dji.latitude === 0 && dji.longitude === 0)
      ? { lat: dji.latitude, lon: dji.longitude, altitudeM: dji.absoluteAltitudeM }
      : null;
  return {
    make: stringOrNull(ifd0?.Make),
    model: stringOrNull(ifd0?.Model),
    capturedAt,
    capturedAtLocal,
    imageWidthPx: frame?.widthPx ?? numberOrNull(exif?.ExifImageWidth),
    imageHeightPx: frame?.heightPx ?? numberOrNull(exif?.ExifImageHeight),
    focalLengthMm: numberOrNull(exif?.FocalLength),
    gps: exifGps ?? xmpGps,
    positionSource: exifGps ? 'exif' : xmpGps ? 'xmp' : null,
    dji,
    xmpLocation: location,
    heightAboveTakeoffM: dji?.relativeAltitudeM ?? null,
    angleProblems,
  };
}

/**
 * Throws MetadataRangeError naming every angle refused by readImageMetadata (out of range), so
 * the photo is refused with a clear reason rather than stored half-read.
 */
export function assertAnglesInRange(
  metadata: Pick<ImageMetadata, 'angleProblems'>,
  fileName = 'image',
): void {
  if (metadata.angleProblems.length > 0) throw new MetadataRangeError(fileName, metadata.angleProblems);
}
