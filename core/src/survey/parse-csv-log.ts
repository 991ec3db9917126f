import { parse } from 'csv-parse/sync';
import { ValidationError } from '../errors/app-error';
import { buildFlightTrack, type FlightTrack, type HeightReference, type RawTrackPoint } from './flight-log';

const FEET_TO_M = 0.3048;

/** Header → canonical key: lower case, spaces and quotes removed ("Altitude (m)" → "altitude(m)"). */
function normaliseHeader(header: string): string {
  return header.toLowerCase().replace(/[\s"']/g, '');
}

function findColumn(headers: string[], candidates: string[]): number {
  for (const candidate of candidates) {
    const index = headers.indexOf(candidate);
    if (index >= 0) return index;
  }
  return -1;
}

/** Metres per unit from a header's parenthesised unit: "(feet)"/"(ft)" → 0.3048, else 1. */
function unitFactor(header: string): number {
  return /\((feet|ft)\)/.test(header) ? FEET_TO_M : 1;
}

// Airdata UAV exports (https://airdata.com, "CSV export" of a DJI flight) first, then the
// plainer columns of Litchi, DroneDeploy and hand-made CSVs.
const LAT_COLUMNS = ['latitude', 'lat', 'latitude(deg)', 'gps_lat', 'osd.latitude'];
const LON_COLUMNS = ['longitude', 'lon', 'lng', 'long', 'longitude(deg)', 'gps_lon', 'osd.longitude'];
const TAKEOFF_HEIGHT_COLUMNS = [
  'height_above_takeoff(feet)',
  'height_above_takeoff(meters)',
  'height_above_takeoff(m)',
  'osd.height[ft]',
  'height(m)',
  'height',
];
const SEA_LEVEL_COLUMNS = [
  'altitude_above_sealevel(feet)',
  'altitude_above_sealevel(meters)',
  'altitude_above_sealevel(m)',
  'altitude(feet)',
  'altitude(m)',
  'altitude(meters)',
  'altitude',
  'alt',
  'ele',
  'elevation',
];
const DATETIME_COLUMNS = ['datetime(utc)', 'time(utc)', 'datetime', 'timestamp', 'time', 'date_time', 'utc'];
const ELAPSED_MS_COLUMN = 'time(millisecond)';

/**
 * A time cell: ISO 8601, "YYYY-MM-DD HH:MM:SS[.sss]" (taken as UTC, as Airdata writes
 * `datetime(utc)`), or a Unix epoch in seconds or milliseconds.
 */
function parseTimeCell(cell: string | undefined): Date | undefined {
  const value = cell?.trim();
  if (!value) return undefined;
  if (/^\d{9,13}(\.\d+)?$/.test(value)) {
    const number = Number(value);
    return new Date(number < 1e11 ? number * 1000 : number);
  }
  const isoLike = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)
    ? `${value.replace(' ', 'T')}Z`
    : value;
  const date = new Date(isoLike);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function parseNumberCell(cell: string | undefined): number | undefined {
  const value = cell?.trim();
  if (!value) return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

function detectDelimiter(headerLine: string): string {
  const counts = [',', ';', '\t'].map((d) => ({ d, n: headerLine.split(d).length }));
  return counts.sort((a, b) => b.n - a.n)[0]!.d;
}

/**
 * Reads a CSV flight log. Airdata-style columns: `latitude`, `longitude`,
 * `height_above_takeoff(feet)` (preferred: a drone's height above its take-off point),
 * else `altitude_above_seaLevel(feet)` / `altitude(feet)`, converted to metres; times from
 * `datetime(utc)` refined by `time(millisecond)` (elapsed ms, finer than the seconds of
 * datetime: time = first row's datetime + elapsed). Simpler CSVs: lat/lon/alt/time columns,
 * comma, semicolon or tab separated. Rows without a position are skipped.
 * Throws ValidationError without latitude/longitude columns, no points, or out-of-range values.
 */
export function parseCsvLog(buffer: Buffer): FlightTrack {
  const text = buffer.toString('utf8').replace(/^\uFEFF/, '');
  const headerLine = text.split(/\r?\n/, 1)[0] ?? '';
  let rows: string[][];
  try {
    rows = parse(text, {
      delimiter: detectDelimiter(headerLine),
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as string[][];
  } catch (error) {
    throw new ValidationError(`CSV flight log: unreadable CSV (${(error as Error).message})`);
  }
  const [rawHeaders, ...records] = rows;
  const headers = (rawHeaders ?? []).map(normaliseHeader);
  const latIndex = findColumn(headers, LAT_COLUMNS);
  const lonIndex = findColumn(headers, LON_COLUMNS);
  if (latIndex < 0 || lonIndex < 0) {
    throw new ValidationError(
      'CSV flight log: no latitude and longitude columns (expected e.g. "latitude", "longitude")',
      {
        headers: rawHeaders,
      },
    );
  }
  const takeoffIndex = findColumn(headers, TAKEOFF_HEIGHT_COLUMNS);
  const seaLevelIndex = findColumn(headers, SEA_LEVEL_COLUMNS);
  const heightIndex = takeoffIndex >= 0 ? takeoffIndex : seaLevelIndex;
  const heightReference: HeightReference =
    takeoffIndex >= 0 ? 'above_takeoff' : seaLevelIndex >= 0 ? 'above_sea_level' : 'unknown';
  const heightFactor = heightIndex >= 0 ? unitFactor(headers[heightIndex]!) : 1;
  const timeIndex = findColumn(headers, DATETIME_COLUMNS);
  const elapsedIndex = headers.indexOf(ELAPSED_MS_COLUMN);

  let baseTime: { at: Date; elapsedMs: number } | undefined;
  const points: RawTrackPoint[] = records.map((record) => {
    const lat = parseNumberCell(record[latIndex]);
    const lon = parseNumberCell(record[lonIndex]);
    const height = heightIndex >= 0 ? parseNumberCell(record[heightIndex]) : undefined;
    let time = timeIndex >= 0 ? parseTimeCell(record[timeIndex]) : undefined;
    const elapsedMs = elapsedIndex >= 0 ? parseNumberCell(record[elapsedIndex]) : undefined;
    if (time && elapsedMs !== undefined) {
      baseTime ??= { at: time, elapsedMs };
      time = new Date(baseTime.at.getTime() + elapsedMs - baseTime.elapsedMs);
    }
    // Airdata writes 0,0 before the GPS has a fix: no position, not a point off Africa.
    const noFix = lat === 0 && lon === 0;
    return {
      lat: noFix ? undefined : lat,
      lon: noFix ? undefined : lon,
      heightM: height === undefined ? undefined : height * heightFactor,
      time,
    };
  });
  return buildFlightTrack([points], heightReference, 'CSV flight log');
}
