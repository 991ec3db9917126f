import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/app-error';
import { buildFlightTrack, summariseTrack, trackToGeoJson } from './flight-log';

describe('buildFlightTrack', () => {
  it('skips points without a position and drops segments left empty', () => {
    const track = buildFlightTrack(
      [
        [
          { lon: 110.3, lat: 20.0, heightM: 100, time: '2025-03-01T02:00:00Z' },
          { lon: null, lat: 20.1 },
          { lat: 20.2 },
        ],
        [{ lon: Number.NaN, lat: 1 }],
        [{ lon: 110.31, lat: 20.01, time: 'not a time', heightM: Number.NaN }],
      ],
      'above_sea_level',
    );
    expect(track.segments).toEqual([
      [{ lon: 110.3, lat: 20.0, heightM: 100, time: new Date('2025-03-01T02:00:00Z') }],
      [{ lon: 110.31, lat: 20.01 }],
    ]);
  });

  it('refuses coordinates out of range, naming the first one', () => {
    const attempt = () =>
      buildFlightTrack(
        [
          [
            { lon: 110, lat: 20 },
            { lon: 200, lat: 95 },
          ],
        ],
        'unknown',
        'test.gpx',
      );
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(/test\.gpx: 1 point\(s\) have coordinates out of range.*lon 200, lat 95/);
  });

  it('refuses a log with no points', () => {
    expect(() => buildFlightTrack([[], [{ lon: null, lat: null }]], 'unknown', 'empty.csv')).toThrow(
      'empty.csv: no track points with a position found',
    );
  });
});

describe('summariseTrack', () => {
  it('sums geodesic lengths within segments, not across the gap between them', () => {
    // 0.001° of latitude at 20° N is 110.704 m on WGS84 (meridian arc, GeographicLib)
    const track = buildFlightTrack(
      [
        [
          { lon: 110, lat: 20, heightM: 40, time: '2025-03-01T02:00:00Z' },
          { lon: 110, lat: 20.001, heightM: 120, time: '2025-03-01T02:00:30Z' },
        ],
        [
          { lon: 111, lat: 20, heightM: 95, time: '2025-03-01T02:10:00Z' },
          { lon: 111, lat: 20.001, heightM: 100, time: '2025-03-01T02:10:30Z' },
        ],
      ],
      'above_takeoff',
    );
    const summary = summariseTrack(track);
    expect(summary.pointCount).toBe(4);
    expect(summary.segmentCount).toBe(2);
    expect(summary.distanceM).toBeCloseTo(2 * 110.704, 2);
    expect(summary.durationS).toBe(630);
    expect(summary.maxHeightM).toBe(120);
    expect(summary.startedAt).toEqual(new Date('2025-03-01T02:00:00Z'));
    expect(summary.endedAt).toEqual(new Date('2025-03-01T02:10:30Z'));
  });

  it('gives null duration, times and height when the log has none', () => {
    const summary = summariseTrack(
      buildFlightTrack(
        [
          [
            { lon: 110, lat: 20 },
            { lon: 110.001, lat: 20 },
          ],
        ],
        'unknown',
      ),
    );
    expect(summary).toMatchObject({
      pointCount: 2,
      durationS: null,
      startedAt: null,
      endedAt: null,
      maxHeightM: null,
    });
    expect(summary.distanceM).toBeCloseTo(104.64, 1);
  });
});

describe('trackToGeoJson', () => {
  it('writes a MultiLineString with heights and togeojson-style times', () => {
    const feature = trackToGeoJson(
      buildFlightTrack(
        [
          [
            { lon: 110, lat: 20, heightM: 50, time: '2025-03-01T02:00:00Z' },
            { lon: 110.1, lat: 20 },
          ],
        ],
        'above_takeoff',
      ),
    );
    expect(feature.geometry.coordinates).toEqual([
      [
        [110, 20, 50],
        [110.1, 20],
      ],
    ]);
    expect(feature.properties).toEqual({
      heightReference: 'above_takeoff',
      coordinateProperties: { times: [['2025-03-01T02:00:00.000Z', null]] },
    });
  });
});
