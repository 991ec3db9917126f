import { ValidationError } from '../errors/app-error';
import type { FlightTrack, HeightReference, TrackPoint } from './flight-log';

/**
 * A flight track ↔ the WKT of a PostGIS `MultiLineStringZM` (SRID 4326 given apart): Z is the
 * height in metres, M the time in epoch seconds. A missing height or time is written `NaN`,
 * which PostGIS accepts and keeps (checked on PostGIS 3.3 and 3.6); 0 would be a real value
 * (sea level, 1970). A one-point segment is written as a zero-length line (a LineString needs
 * two points), and read back as one point.
 *
 * @example trackToWktZm({ segments: [[{ lon: 110, lat: 20, heightM: 100 }]], heightReference: 'unknown' })
 *   // 'MULTILINESTRING ZM ((110 20 100 NaN,110 20 100 NaN))'
 */
export function trackToWktZm(track: FlightTrack): string {
  const lines = track.segments.map((segment) => {
    const points = segment.length === 1 ? [segment[0]!, segment[0]!] : segment;
    return `(${points.map(pointWkt).join(',')})`;
  });
  return `MULTILINESTRING ZM (${lines.join(',')})`;
}

function pointWkt(p: TrackPoint): string {
  const z = p.heightM ?? Number.NaN;
  const m = p.time ? p.time.getTime() / 1000 : Number.NaN;
  return `${p.lon} ${p.lat} ${z} ${m}`;
}

/** Reads back what `trackToWktZm` wrote (as `ST_AsText` returns it). */
export function parseTrackWktZm(wkt: string, heightReference: HeightReference = 'unknown'): FlightTrack {
  const match = /^MULTILINESTRING\s*ZM\s*\((.*)\)\s*$/i.exec(wkt.trim());
  if (!match) throw new ValidationError('Not a MULTILINESTRING ZM');
  const segments = [...match[1]!.matchAll(/\(([^()]*)\)/g)].map((line) => {
    const points = line[1]!.split(',').map((text): TrackPoint => {
      const [lon, lat, z, m] = text.trim().split(/\s+/).map(Number);
      const point: TrackPoint = { lon: lon!, lat: lat! };
      if (Number.isFinite(z)) point.heightM = z!;
      if (Number.isFinite(m)) point.time = new Date(Math.round(m! * 1000));
      return point;
    });
    const [a, b] = points;
    const collapsed =
      points.length === 2 &&
      a!.lon === b!.lon &&
      a!.lat === b!.lat &&
      a!.heightM === b!.heightM &&
      a!.time?.getTime() === b!.time?.getTime();
    return collapsed ? [a!] : points;
  });
  return { segments, heightReference };
}
