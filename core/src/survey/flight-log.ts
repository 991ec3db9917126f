import type { Feature, MultiLineString } from 'geojson';
import geographiclib from 'geographiclib-geodesic';
import { ValidationError } from '../errors/app-error';

/**
 * A drone's flight track as read from a log: one or more segments (a GPX `trkseg`, a KML
 * `LineString`/`gx:Track`...) of points in time order. Several tracks and segments in one
 * file are normal (battery swaps, pauses); a missing time or height is allowed.
 */
export interface TrackPoint {
  lon: number;
  lat: number;
  /** Metres; what it is measured from is `FlightTrack.heightReference`. */
  heightM?: number;
  time?: Date;
}

/**
 * What `heightM` is measured from: GPX `ele` and KML altitudes are above sea level (or the
 * ellipsoid, depending on the device); Airdata's `height_above_takeoff` is above the take-off
 * point. Neither is height above the ground under the drone.
 */
export type HeightReference = 'above_sea_level' | 'above_takeoff' | 'unknown';

export interface FlightTrack {
  segments: TrackPoint[][];
  heightReference: HeightReference;
}

export type FlightLogFormat = 'gpx' | 'kml' | 'kmz' | 'csv' | 'geojson';

/** A point as a parser found it: anything may be missing or malformed. */
export interface RawTrackPoint {
  lon?: number | null;
  lat?: number | null;
  heightM?: number | null;
  time?: Date | string | number | null;
}

const MAX_REPORTED_PROBLEMS = 10;

function toDate(value: RawTrackPoint['time']): Date | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * Checks and cleans what a parser read into a FlightTrack: points without a position are
 * skipped, empty segments dropped, unreadable times and heights left out.
 * Throws ValidationError when a position is out of range (|lat| > 90, |lon| > 180; the
 * first few listed in `details`) or when no point with a position remains.
 */
export function buildFlightTrack(
  rawSegments: RawTrackPoint[][],
  heightReference: HeightReference,
  source = 'flight log',
): FlightTrack {
  const outOfRange: { segment: number; point: number; lon: number; lat: number }[] = [];
  const segments: TrackPoint[][] = [];
  rawSegments.forEach((rawSegment, segmentIndex) => {
    const segment: TrackPoint[] = [];
    rawSegment.forEach((raw, pointIndex) => {
      const { lon, lat } = raw;
      if (
        typeof lon !== 'number' ||
        typeof lat !== 'number' ||
        !Number.isFinite(lon) ||
        !Number.isFinite(lat)
      ) {
        return;
      }
      if (Math.abs(lat) > 90 || Math.abs(lon) > 180) {
        outOfRange.push({ segment: segmentIndex, point: pointIndex, lon, lat });
        return;
      }
      const point: TrackPoint = { lon, lat };
      if (typeof raw.heightM === 'number' && Number.isFinite(raw.heightM)) point.heightM = raw.heightM;
      const time = toDate(raw.time);
      if (time) point.time = time;
      segment.push(point);
    });
    if (segment.length > 0) segments.push(segment);
  });
  if (outOfRange.length > 0) {
    const first = outOfRange[0]!;
    throw new ValidationError(
      `${source}: ${outOfRange.length} point(s) have coordinates out of range (latitude must be within ±90, longitude within ±180), e.g. lon ${first.lon}, lat ${first.lat}`,
      { outOfRange: outOfRange.slice(0, MAX_REPORTED_PROBLEMS) },
    );
  }
  if (segments.length === 0) {
    throw new ValidationError(`${source}: no track points with a position found`);
  }
  return { segments, heightReference };
}

export interface TrackSummary {
  pointCount: number;
  segmentCount: number;
  /** Geodesic length on WGS84, summed within segments (no jump between segments). */
  distanceM: number;
  /** From the earliest to the latest time; null when the log has fewer than two times. */
  durationS: number | null;
  maxHeightM: number | null;
  startedAt: Date | null;
  endedAt: Date | null;
}

/**
 * Point count, geodesic distance (Karney's algorithm via GeographicLib), duration, maximum
 * height and start/end times of a track.
 *
 * @example summariseTrack(track) // { pointCount: 206, distanceM: 4181.5, durationS: 1413, ... }
 */
export function summariseTrack(track: FlightTrack): TrackSummary {
  let pointCount = 0;
  let distanceM = 0;
  let maxHeightM: number | null = null;
  let earliestMs = Infinity;
  let latestMs = -Infinity;
  for (const segment of track.segments) {
    pointCount += segment.length;
    for (let i = 0; i < segment.length; i++) {
      const point = segment[i]!;
      if (i > 0) {
        const previous = segment[i - 1]!;
        distanceM +=
          geographiclib.Geodesic.WGS84.Inverse(previous.lat, previous.lon, point.lat, point.lon).s12 ?? 0;
      }
      if (point.heightM !== undefined && (maxHeightM === null || point.heightM > maxHeightM))
        maxHeightM = point.heightM;
      if (point.time) {
        earliestMs = Math.min(earliestMs, point.time.getTime());
        latestMs = Math.max(latestMs, point.time.getTime());
      }
    }
  }
  const hasTimes = Number.isFinite(earliestMs);
  return {
    pointCount,
    segmentCount: track.segments.length,
    distanceM,
    durationS: hasTimes ? (latestMs - earliestMs) / 1000 : null,
    maxHeightM,
    startedAt: hasTimes ? new Date(earliestMs) : null,
    endedAt: hasTimes ? new Date(latestMs) : null,
  };
}

/**
 * The track as a GeoJSON MultiLineString feature ([lon, lat] or [lon, lat, height]), with the
 * times per point in `properties.coordinateProperties.times` (ISO strings or null), the
 * convention of togeojson. A one-point segment is written as a zero-length line.
 */
export function trackToGeoJson(track: FlightTrack): Feature<MultiLineString> {
  const lines = track.segments.map((segment) => {
    const points = segment.length === 1 ? [segment[0]!, segment[0]!] : segment;
    return points.map((p) => (p.heightM === undefined ? [p.lon, p.lat] : [p.lon, p.lat, p.heightM]));
  });
  const times = track.segments.map((segment) => {
    const points = segment.length === 1 ? [segment[0]!, segment[0]!] : segment;
    return points.map((p) => p.time?.toISOString() ?? null);
  });
  return {
    type: 'Feature',
    properties: { heightReference: track.heightReference, coordinateProperties: { times } },
    geometry: { type: 'MultiLineString', coordinates: lines },
  };
}
