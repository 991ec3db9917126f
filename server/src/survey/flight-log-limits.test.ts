import { ValidationError } from '@skywater/core/errors/app-error';
import type { FlightTrack } from '@skywater/core/survey/flight-log';
import { describe, expect, it } from 'vitest';
import {
  checkFlightLogPoints,
  decimateForStorage,
  FLIGHT_LOG_LIMITS,
  trackPointCount,
} from './flight-log-limits';

const line = (n: number, start = 0) =>
  Array.from({ length: n }, (_, i) => ({ lon: 110 + (start + i) * 1e-5, lat: 19.8 }));

describe('flight log limits', () => {
  it('refuses a 300,000-point log with a message naming the file and the limit', () => {
    const track: FlightTrack = { segments: [line(300_000)], heightReference: 'unknown' };
    expect(() => checkFlightLogPoints(track, 'long.gpx')).toThrow(ValidationError);
    expect(() => checkFlightLogPoints(track, 'long.gpx')).toThrow(/long\.gpx.*300000 points.*100000/);
  });

  it('stores a 60,000-point log as at most 10,000 points, keeping each segment end', () => {
    const track: FlightTrack = { segments: [line(40_000), line(20_000, 50_000)], heightReference: 'unknown' };
    checkFlightLogPoints(track, 'ok.gpx');
    const stored = decimateForStorage(track);
    expect(trackPointCount(stored)).toBeLessThanOrEqual(FLIGHT_LOG_LIMITS.maxStoredPoints);
    expect(trackPointCount(stored)).toBeGreaterThan(FLIGHT_LOG_LIMITS.maxStoredPoints / 2);
    stored.segments.forEach((segment, s) => {
      expect(segment[0]).toEqual(track.segments[s]![0]);
      expect(segment.at(-1)).toEqual(track.segments[s]!.at(-1));
    });
  });

  it('leaves a small log as it is', () => {
    const track: FlightTrack = { segments: [line(2_000)], heightReference: 'unknown' };
    expect(decimateForStorage(track)).toBe(track);
  });
});
