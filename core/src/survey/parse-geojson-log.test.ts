import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/app-error';
import { buildFlightTrack, trackToGeoJson } from './flight-log';
import { parseGeoJsonLog } from './parse-geojson-log';

describe('parseGeoJsonLog', () => {
  it('reads a MultiLineString feature as segments, with togeojson-style times', () => {
    const feature = {
      type: 'Feature',
      properties: {
        coordinateProperties: {
          times: [['2025-03-01T02:00:00Z', '2025-03-01T02:00:10Z'], ['2025-03-01T02:05:00Z']],
        },
      },
      geometry: {
        type: 'MultiLineString',
        coordinates: [
          [
            [110.3, 20, 100],
            [110.31, 20, 101],
          ],
          [[110.32, 20]],
        ],
      },
    };
    const track = parseGeoJsonLog(Buffer.from(JSON.stringify(feature)));
    expect(track.segments).toEqual([
      [
        { lon: 110.3, lat: 20, heightM: 100, time: new Date('2025-03-01T02:00:00Z') },
        { lon: 110.31, lat: 20, heightM: 101, time: new Date('2025-03-01T02:00:10Z') },
      ],
      [{ lon: 110.32, lat: 20, time: new Date('2025-03-01T02:05:00Z') }],
    ]);
    expect(track.heightReference).toBe('unknown');
  });

  it('round-trips what trackToGeoJson writes, height reference included', () => {
    const original = buildFlightTrack(
      [
        [
          { lon: 108.9, lat: 19.1, heightM: 100, time: '2025-03-02T03:00:00Z' },
          { lon: 108.91, lat: 19.1, heightM: 100 },
        ],
      ],
      'above_takeoff',
    );
    const collection = { type: 'FeatureCollection', features: [trackToGeoJson(original)] };
    expect(parseGeoJsonLog(Buffer.from(JSON.stringify(collection)))).toEqual(original);
  });

  it('reads a collection of Point features as one segment with their time properties', () => {
    const collection = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { time: '2025-03-01T02:00:00Z' },
          geometry: { type: 'Point', coordinates: [110.3, 20] },
        },
        {
          type: 'Feature',
          properties: { time: '2025-03-01T02:00:02Z' },
          geometry: { type: 'Point', coordinates: [110.301, 20] },
        },
      ],
    };
    expect(
      parseGeoJsonLog(Buffer.from(JSON.stringify(collection))).segments[0]!.map((p) => p.time?.toISOString()),
    ).toEqual(['2025-03-01T02:00:00.000Z', '2025-03-01T02:00:02.000Z']);
  });

  it('refuses invalid JSON, JSON that is not GeoJSON, and a collection without points', () => {
    expect(() => parseGeoJsonLog(Buffer.from('{"type": "Feature",'))).toThrow(/invalid JSON/);
    expect(() => parseGeoJsonLog(Buffer.from('[1,2,3]'))).toThrow(ValidationError);
    expect(() => parseGeoJsonLog(Buffer.from('{"type":"FeatureCollection","features":[]}'))).toThrow(
      /no track points/,
    );
  });
});
