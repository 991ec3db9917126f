import { kml } from '@tmcw/togeojson';
import { ValidationError } from '../errors/app-error';
import { xmlRootName } from './detect-flight-log-format';
import { buildFlightTrack, type FlightTrack } from './flight-log';
import { DEFAULT_KMZ_LIMITS, readKmlFromKmz, type KmzLimits } from './kmz-archive';
import { segmentsFromFeatures } from './parse-geojson-log';
import { parseXmlDocument } from './xml-document';

/**
 * Reads a KML flight log through togeojson: every LineString and `gx:Track` (also inside
 * MultiGeometry / `gx:MultiTrack`) is a segment, with the `when` times of a `gx:Track`.
 * Start/end marker Points are ignored when there is a line; a KML of Points only is read as
 * one segment in document order. Altitudes count as above sea level unless the file uses
 * `relativeToGround`, whose heights are then of unknown reference.
 * Throws ValidationError for XML that is not KML, no points, or coordinates out of range.
 */
export function parseKml(buffer: Buffer): FlightTrack {
  const text = buffer.toString('utf8');
  const root = xmlRootName(text);
  if (root?.toLowerCase() !== 'kml') {
    throw new ValidationError(`KML flight log: the XML root element is <${root ?? '?'}>, not <kml>`);
  }
  const collection = kml(parseXmlDocument(text, 'KML flight log'));
  const heightReference = /relativeTo(Ground|SeaFloor)/.test(text) ? 'unknown' : 'above_sea_level';
  return buildFlightTrack(segmentsFromFeatures(collection.features), heightReference, 'KML flight log');
}

/** Reads a KMZ (zipped KML) within `limits` (zip bombs refused), then as parseKml. */
export async function parseKmz(buffer: Buffer, limits: KmzLimits = DEFAULT_KMZ_LIMITS): Promise<FlightTrack> {
  return parseKml(await readKmlFromKmz(buffer, limits));
}
