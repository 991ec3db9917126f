import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/app-error';
import { summariseTrack } from './flight-log';
import { parseCsvLog } from './parse-csv-log';

// Header of an Airdata UAV "Flight Data CSV" export (column names as Airdata writes them,
// including the leading spaces of some); values made up for a flight over Haikou.
const AIRDATA_HEADER =
  'time(millisecond),datetime(utc),latitude,longitude,height_above_takeoff(feet),height_above_ground_at_drone_location(feet),ground_elevation_at_drone_location(feet),altitude_above_seaLevel(feet),height_sonar(feet),speed(mph),distance(feet),mileage(feet),satellites,gpslevel,voltage(v),max_altitude(feet),max_ascent(feet),max_speed(mph),max_distance(feet), xSpeed(mph), ySpeed(mph), zSpeed(mph), compass_heading(degrees), pitch(degrees), roll(degrees),isPhoto,isVideo,gimbal_heading(degrees),gimbal_pitch(degrees),battery_percent,flycState,message';

function airdataRow(
  ms: number,
  datetime: string,
  lat: number,
  lon: number,
  heightFt: number,
  altitudeFt: number,
): string {
  return `${ms},${datetime},${lat},${lon},${heightFt},${heightFt},0,${altitudeFt},0,0,0,0,17,5,16.2,${heightFt},${heightFt},0,0,0,0,0,90,0,0,0,0,90,-90,88,P-GPS,`;
}

describe('parseCsvLog', () => {
  it('reads an Airdata export: feet to metres, height above take-off, times refined by time(millisecond)', () => {
    const csv = [
      AIRDATA_HEADER,
      airdataRow(0, '2025-03-01 02:00:00', 0, 0, 0, 30), // no GPS fix yet: 0,0
      airdataRow(100, '2025-03-01 02:00:00', 20.0, 110.3, 0, 30),
      airdataRow(600, '2025-03-01 02:00:00', 20.0005, 110.3, 328.084, 358.084),
      airdataRow(1300, '2025-03-01 02:00:01', 20.001, 110.3, 328.084, 358.084),
    ].join('\r\n');
    const track = parseCsvLog(Buffer.from(csv));
    expect(track.heightReference).toBe('above_takeoff');
    expect(track.segments).toHaveLength(1);
    const points = track.segments[0]!;
    expect(points).toHaveLength(3);
    expect(points[1]!.heightM).toBeCloseTo(100, 3); // 328.084 ft × 0.3048
    expect(points.map((p) => p.time?.toISOString())).toEqual([
      '2025-03-01T02:00:00.100Z',
      '2025-03-01T02:00:00.600Z',
      '2025-03-01T02:00:01.300Z',
    ]);
    const summary = summariseTrack(track);
    expect(summary.durationS).toBeCloseTo(1.2, 6);
    expect(summary.maxHeightM).toBeCloseTo(100, 3);
  });

  it('falls back to altitude above sea level when there is no height above take-off', () => {
    const csv =
      'datetime(utc),latitude,longitude,altitude_above_seaLevel(feet)\n2025-03-01 02:00:00,20,110.3,100\n';
    const track = parseCsvLog(Buffer.from(csv));
    expect(track.heightReference).toBe('above_sea_level');
    expect(track.segments[0]![0]!.heightM).toBeCloseTo(30.48, 6);
  });

  it('reads a plain lat;lon;alt;time CSV with semicolons, ISO and epoch times, and empty cells', () => {
    const csv = 'lat;lon;alt;time\n19.1;108.9;120.5;2025-03-02T03:00:00Z\n19.101;108.9;;1740884405\n;;;\n';
    const track = parseCsvLog(Buffer.from(csv));
    expect(track.segments[0]).toEqual([
      { lat: 19.1, lon: 108.9, heightM: 120.5, time: new Date('2025-03-02T03:00:00Z') },
      { lat: 19.101, lon: 108.9, time: new Date('2025-03-02T03:00:05Z') },
    ]);
    expect(track.heightReference).toBe('above_sea_level');
  });

  it('refuses a CSV without latitude and longitude columns', () => {
    expect(() => parseCsvLog(Buffer.from('x,y\n1,2\n'))).toThrow(ValidationError);
    expect(() => parseCsvLog(Buffer.from('x,y\n1,2\n'))).toThrow(/no latitude and longitude columns/);
  });

  it('refuses a CSV with a header only, and one with a latitude of 95', () => {
    expect(() => parseCsvLog(Buffer.from('latitude,longitude\n'))).toThrow(/no track points/);
    expect(() => parseCsvLog(Buffer.from('latitude,longitude\n95,110\n'))).toThrow(/out of range/);
  });
});
