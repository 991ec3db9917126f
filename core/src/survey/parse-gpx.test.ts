import { readFileSync } from 'node:fs';
import type { Feature, FeatureCollection, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/app-error';
import { summariseTrack } from './flight-log';
import { parseGpx } from './parse-gpx';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/survey/${name}`, import.meta.url));

/** Lines and per-line times of togeojson's published output for the same file. */
function expectedLines(name: string): { lines: Position[][]; times: (string[] | undefined)[] } {
  const collection = JSON.parse(fixture(`${name}.expected.geojson`).toString()) as FeatureCollection;
  const lines: Position[][] = [];
  const times: (string[] | undefined)[] = [];
  for (const feature of collection.features as Feature[]) {
    const geometry = feature.geometry;
    const featureTimes = feature.properties?.coordinateProperties?.times as string[] | string[][] | undefined;
    if (geometry.type === 'LineString') {
      lines.push(geometry.coordinates);
      times.push(featureTimes as string[] | undefined);
    } else if (geometry.type === 'MultiLineString') {
      lines.push(...geometry.coordinates);
      geometry.coordinates.forEach((_, i) => times.push((featureTimes as string[][] | undefined)?.[i]));
    }
  }
  return { lines, times };
}

describe('parseGpx on real files (togeojson test fixtures)', () => {
  it.each(['missing_hr.gpx', 'osm.gpx', 'multitrackgpx.gpx', 'run.gpx'])(
    'reads %s into the same lines and times as togeojson published',
    (name) => {
      const track = parseGpx(fixture(name));
      const expected = expectedLines(name);
      expect(
        track.segments.map((s) =>
          s.map((p) => (p.heightM === undefined ? [p.lon, p.lat] : [p.lon, p.lat, p.heightM])),
        ),
      ).toEqual(expected.lines);
      track.segments.forEach((segment, i) => {
        const times = expected.times[i];
        expect(segment.map((p) => p.time?.getTime())).toEqual(
          times ? times.map((t) => new Date(t).getTime()) : segment.map(() => undefined),
        );
      });
      expect(track.heightReference).toBe('above_sea_level');
    },
  );

  it('keeps the three segments of one track (missing_hr.gpx: 3, 10 and 3 points)', () => {
    const track = parseGpx(fixture('missing_hr.gpx'));
    expect(track.segments.map((s) => s.length)).toEqual([3, 10, 3]);
    const summary = summariseTrack(track);
    expect(summary.pointCount).toBe(16);
    expect(summary.startedAt).toEqual(new Date('2017-05-27T04:00:00Z'));
    expect(summary.durationS).toBe(122);
    expect(summary.maxHeightM).toBe(440.7);
  });

  it('accepts a track without times and without elevations (third track of osm.gpx)', () => {
    const track = parseGpx(fixture('osm.gpx'));
    expect(track.segments.map((s) => s.length)).toEqual([60, 115, 245]);
    expect(track.segments[2]!.every((p) => p.time === undefined && p.heightM === undefined)).toBe(true);
    expect(summariseTrack(track).maxHeightM).toBeNull();
  });

  it('summarises run.gpx: 206 points over 948 s, about 3.1 km', () => {
    const summary = summariseTrack(parseGpx(fixture('run.gpx')));
    expect(summary.pointCount).toBe(206);
    expect(summary.durationS).toBe(948); // 23:29:40 → 23:45:28
    expect(summary.distanceM).toBeCloseTo(3100.56, 1);
  });

  it('refuses a GPX with no track points', () => {
    const empty = Buffer.from('<?xml version="1.0"?><gpx version="1.1" creator="x"><metadata/></gpx>');
    expect(() => parseGpx(empty)).toThrow(ValidationError);
    expect(() => parseGpx(empty)).toThrow('GPX flight log: no track points with a position found');
  });

  it('refuses a GPX whose points are out of range', () => {
    const gpx = Buffer.from(
      '<gpx version="1.1" creator="x"><trk><trkseg><trkpt lat="20" lon="110"/><trkpt lat="120" lon="110"/></trkseg></trk></gpx>',
    );
    expect(() => parseGpx(gpx)).toThrow(/out of range/);
  });

  it('refuses XML that is not GPX, and malformed XML', () => {
    expect(() => parseGpx(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toThrow(
      /root element is <svg>, not <gpx>/,
    );
    expect(() => parseGpx(Buffer.from('<gpx><trk><trkseg>'))).toThrow(/malformed XML/);
  });
});
