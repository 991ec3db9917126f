import { readFileSync } from 'node:fs';
import type { FeatureCollection, Geometry, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/app-error';
import { summariseTrack } from './flight-log';
import { parseKml, parseKmz } from './parse-kml';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/survey/${name}`, import.meta.url));

function expectedLines(name: string): Position[][] {
  const collection = JSON.parse(fixture(`${name}.expected.geojson`).toString()) as FeatureCollection;
  const lines: Position[][] = [];
  const visit = (geometry: Geometry) => {
    if (geometry.type === 'LineString') lines.push(geometry.coordinates);
    if (geometry.type === 'GeometryCollection') geometry.geometries.forEach(visit);
  };
  collection.features.forEach((f) => visit(f.geometry));
  return lines;
}

describe('parseKml on real files (togeojson test fixtures)', () => {
  it('reads the gx:Track of multitrack.kml (My Tracks) with its 16 times, ignoring start/end markers', () => {
    const track = parseKml(fixture('multitrack.kml'));
    expect(track.segments.map((s) => s.map((p) => [p.lon, p.lat, p.heightM]))).toEqual(
      expectedLines('multitrack.kml'),
    );
    const summary = summariseTrack(track);
    expect(summary.pointCount).toBe(16);
    expect(summary.startedAt).toEqual(new Date('2013-08-08T15:24:47Z'));
    expect(summary.durationS).toBe(16);
  });

  it('reads both tracks of a gx:MultiTrack as two segments', () => {
    const track = parseKml(fixture('gxmultitrack.kml'));
    expect(track.segments.map((s) => s.length)).toEqual([13, 13]);
    expect(track.segments.map((s) => s.map((p) => [p.lon, p.lat, p.heightM]))).toEqual(
      expectedLines('gxmultitrack.kml'),
    );
    expect(track.segments[0]![0]!.time).toEqual(new Date('2014-04-12T14:26:16.702Z'));
    expect(summariseTrack(track).durationS).toBeCloseTo(67.936, 3);
  });

  it('reads a KML of placemark points only as one segment in document order', () => {
    const kml = Buffer.from(`<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
      <Placemark><TimeStamp><when>2025-03-01T02:00:00Z</when></TimeStamp><Point><coordinates>110.30,20.00,120</coordinates></Point></Placemark>
      <Placemark><TimeStamp><when>2025-03-01T02:00:05Z</when></TimeStamp><Point><coordinates>110.31,20.00,121</coordinates></Point></Placemark>
    </Document></kml>`);
    const track = parseKml(kml);
    expect(track.segments).toEqual([
      [
        { lon: 110.3, lat: 20, heightM: 120, time: new Date('2025-03-01T02:00:00Z') },
        { lon: 110.31, lat: 20, heightM: 121, time: new Date('2025-03-01T02:00:05Z') },
      ],
    ]);
  });

  it('refuses XML that is not KML', () => {
    expect(() => parseKml(Buffer.from('<gpx version="1.1"/>'))).toThrow(/root element is <gpx>, not <kml>/);
  });

  it('refuses a KML without coordinates', () => {
    expect(() => parseKml(Buffer.from('<kml><Document><name>empty</name></Document></kml>'))).toThrow(
      'KML flight log: no track points with a position found',
    );
  });
});

describe('parseKmz', () => {
  it('reads doc.kml from a KMZ made of multitrack.kml', async () => {
    const track = await parseKmz(fixture('multitrack.kmz'));
    expect(track.segments.map((s) => s.length)).toEqual([16]);
    expect(track.segments[0]![0]).toMatchObject({ lon: 3.68217, lat: 51.050583 });
  });

  it('refuses a zip bomb (50 MB deflated 1028× into 51 kB) before inflating it', async () => {
    await expect(parseKmz(fixture('zip-bomb.kmz'))).rejects.toThrow(ValidationError);
    await expect(parseKmz(fixture('zip-bomb.kmz'))).rejects.toThrow(
      /compressed 1028× \(limit 100×\).*zip bomb/,
    );
  });

  it('refuses a zip bomb whose headers understate its size, while inflating', async () => {
    await expect(parseKmz(fixture('zip-bomb-lying-sizes.kmz'))).rejects.toThrow(ValidationError);
  });

  it('refuses more uncompressed bytes than the limit allows', async () => {
    await expect(
      parseKmz(fixture('multitrack.kmz'), {
        maxEntries: 10,
        maxUncompressedBytes: 1000,
        maxCompressionRatio: 100,
      }),
    ).rejects.toThrow(/more than 1000 bytes/);
  });

  it('refuses a zip without a KML, and bytes that are not a zip', async () => {
    await expect(parseKmz(fixture('no-kml.kmz'))).rejects.toThrow('KMZ: the archive holds no .kml document');
    await expect(parseKmz(Buffer.from('PK\u0003\u0004 truncated'))).rejects.toThrow(
      /not a readable zip archive/,
    );
  });
});
