import { ValidationError } from '../errors/app-error';
import { detectFlightLogFormat } from './detect-flight-log-format';
import type { FlightLogFormat, FlightTrack } from './flight-log';
import { parseCsvLog } from './parse-csv-log';
import { parseGeoJsonLog } from './parse-geojson-log';
import { parseGpx } from './parse-gpx';
import { parseKml, parseKmz } from './parse-kml';

/**
 * Reads a flight log of any supported format, detected from its content.
 * Throws ValidationError (with a message naming the file) for anything unreadable.
 */
export async function parseFlightLog(
  buffer: Buffer,
  fileName: string,
): Promise<{ format: FlightLogFormat; track: FlightTrack }> {
  const format = detectFlightLogFormat(buffer, fileName);
  try {
    return { format, track: await parseByFormat(format, buffer) };
  } catch (error) {
    if (error instanceof ValidationError)
      throw new ValidationError(`${fileName}: ${error.message}`, error.details);
    throw error;
  }
}

async function parseByFormat(format: FlightLogFormat, buffer: Buffer): Promise<FlightTrack> {
  switch (format) {
    case 'gpx':
      return parseGpx(buffer);
    case 'kml':
      return parseKml(buffer);
    case 'kmz':
      return parseKmz(buffer);
    case 'csv':
      return parseCsvLog(buffer);
    case 'geojson':
      return parseGeoJsonLog(buffer);
  }
}
