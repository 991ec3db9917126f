import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { ValidationError } from '../errors/app-error';
import { buildFlightTrack, type FlightTrack, type HeightReference, type RawTrackPoint } from './flight-log';

const HEIGHT_REFERENCES: HeightReference[] = ['above_sea_level', 'above_takeoff', 'unknown'];

interface Line {
  positions: Position[];
}

function collectLines(geometry: Geometry | null, lines: Line[], points: Position[]): void {
  if (!geometry) return;
  switch (geometry.type) {
    case 'LineString':
      lines.push({ positions: geometry.coordinates });
      break;
    case 'MultiLineString':
      for (const positions of geometry.coordinates) lines.push({ positions });
      break;
    case 'GeometryCollection':
      for (const child of geometry.geometries) collectLines(child, lines, points);
      break;
    case 'Point':
      points.push(geometry.coordinates);
      break;
    case 'MultiPoint':
      points.push(...geometry.coordinates);
      break;
    default:
      // Polygons are survey areas or annotations, not a flight path.
      break;
  }
}

/** Per-line time arrays from togeojson's `coordinateProperties.times` (flat or nested). */
function timeArrays(properties: Feature['properties']): unknown[][] {
  const times = (properties?.coordinateProperties as { times?: unknown } | undefined)?.times;
  if (!Array.isArray(times) || times.length === 0) return [];
  return Array.isArray(times[0]) ? (times as unknown[][]) : [times];
}

function toRawPoint(position: Position, time: unknown): RawTrackPoint {
  return {
    lon: position[0],
    lat: position[1],
    heightM: position.length > 2 ? position[2] : undefined,
    time: typeof time === 'string' || typeof time === 'number' ? time : undefined,
  };
}

/**
 * Segments of raw points from GeoJSON features (a flight log as GeoJSON, or what togeojson
 * made of a GPX or KML): every LineString and each part of a MultiLineString or
 * GeometryCollection is a segment. Times come from `coordinateProperties.times` (togeojson's
 * convention); a time array is used for a line only when it has one entry per point
 * (togeojson leaves out the missing times of a GPX segment, so a shorter array cannot be
 * matched to its points). When the features hold no line at all, their points in order
 * form one segment, with `properties.time` or `properties.timestamp` as their times.
 */
export function segmentsFromFeatures(features: Feature<Geometry | null>[]): RawTrackPoint[][] {
  const segments: RawTrackPoint[][] = [];
  const pointSegment: RawTrackPoint[] = [];
  for (const feature of features) {
    const lines: Line[] = [];
    const points: Position[] = [];
    collectLines(feature.geometry, lines, points);
    const pendingTimes = timeArrays(feature.properties);
    for (const line of lines) {
      const times = pendingTimes[0]?.length === line.positions.length ? pendingTimes.shift() : undefined;
      segments.push(line.positions.map((position, i) => toRawPoint(position, times?.[i])));
    }
    const pointTime = feature.properties?.time ?? feature.properties?.timestamp;
    for (const position of points) pointSegment.push(toRawPoint(position, pointTime));
  }
  return segments.length > 0 ? segments : [pointSegment];
}

function asFeatures(json: unknown): Feature[] {
  if (typeof json !== 'object' || json === null || !('type' in json)) {
    throw new ValidationError('GeoJSON flight log: not a GeoJSON object (no "type")');
  }
  const object = json as { type: string };
  if (object.type === 'FeatureCollection') {
    const features = (json as FeatureCollection).features;
    if (!Array.isArray(features))
      throw new ValidationError('GeoJSON flight log: FeatureCollection without features');
    return features;
  }
  if (object.type === 'Feature') return [json as Feature];
  return [{ type: 'Feature', properties: {}, geometry: json as Geometry }];
}

/**
 * Reads a GeoJSON flight log (FeatureCollection, Feature or bare geometry; LineString,
 * MultiLineString or Points in order). Heights are of unknown reference unless the file says
 * `properties.heightReference` (as `trackToGeoJson` writes).
 * Throws ValidationError on invalid JSON, no points or coordinates out of range.
 */
export function parseGeoJsonLog(buffer: Buffer): FlightTrack {
  let json: unknown;
  try {
    json = JSON.parse(buffer.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ValidationError(`GeoJSON flight log: invalid JSON (${(error as Error).message})`);
  }
  const features = asFeatures(json);
  const declared = features.find((f) => f?.properties?.heightReference)?.properties?.heightReference;
  const heightReference = HEIGHT_REFERENCES.includes(declared) ? (declared as HeightReference) : 'unknown';
  return buildFlightTrack(
    segmentsFromFeatures(features.filter(Boolean)),
    heightReference,
    'GeoJSON flight log',
  );
}
