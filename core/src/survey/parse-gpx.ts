import { gpx } from '@tmcw/togeojson';
import { ValidationError } from '../errors/app-error';
import { buildFlightTrack, type FlightTrack } from './flight-log';
import { segmentsFromFeatures } from './parse-geojson-log';
import { xmlRootName } from './detect-flight-log-format';
import { parseXmlDocument } from './xml-document';

/**
 * Reads a GPX 1.0/1.1 flight log through togeojson: each `trkseg` (and each `rte`) is a
 * segment; `ele` is height above sea level; points without lat/lon are skipped, missing
 * times allowed (a segment whose times are incomplete keeps none, see segmentsFromFeatures).
 * Waypoints count only when the file has no track or route.
 * Throws ValidationError for XML that is not GPX, no points, or coordinates out of range.
 */
export function parseGpx(buffer: Buffer): FlightTrack {
  const text = buffer.toString('utf8');
  const root = xmlRootName(text);
  if (root?.toLowerCase() !== 'gpx') {
    throw new ValidationError(`GPX flight log: the XML root element is <${root ?? '?'}>, not <gpx>`);
  }
  const document = parseXmlDocument(text, 'GPX flight log');
  const collection = gpx(document);
  return buildFlightTrack(segmentsFromFeatures(collection.features), 'above_sea_level', 'GPX flight log');
}
