import { describe, expect, it } from 'vitest';
import type { FlightTrack } from './flight-log';
import { parseTrackWktZm, trackToWktZm } from './track-wkt';

describe('flight track as MultiLineStringZM WKT', () => {
  it('writes height as Z and epoch seconds as M, NaN where the log has none', () => {
    const track: FlightTrack = {
      heightReference: 'above_sea_level',
      segments: [
        [
          { lon: 110.42, lat: 19.82, heightM: 100, time: new Date('2025-03-10T01:30:00Z') },
          { lon: 110.43, lat: 19.82 },
        ],
      ],
    };
    expect(trackToWktZm(track)).toBe(
      'MULTILINESTRING ZM ((110.42 19.82 100 1741570200,110.43 19.82 NaN NaN))',
    );
  });

  it('reads back several segments, keeping missing values missing and one-point segments single', () => {
    const track: FlightTrack = {
      heightReference: 'above_takeoff',
      segments: [
        [
          { lon: 108.7, lat: 19.1, heightM: 99.5, time: new Date('2025-03-11T02:00:00.500Z') },
          { lon: 108.71, lat: 19.1, heightM: 100 },
        ],
        [{ lon: 108.8, lat: 19.2 }],
      ],
    };
    expect(parseTrackWktZm(trackToWktZm(track), 'above_takeoff')).toEqual(track);
  });

  it('refuses other geometry types', () => {
    expect(() => parseTrackWktZm('POINT(1 2)')).toThrow(/MULTILINESTRING ZM/);
  });
});
