import type { PlannedTrackPoint } from './lawnmower';

const FEET_PER_M = 1 / 0.3048;
const MPH_PER_MPS = 2.236936;

/** "2025-03-10 01:30:05" (Airdata's datetime(utc) format: UTC, whole seconds). */
function airdataDateTime(time: Date): string {
  return time.toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * An Airdata UAV-style "Flight Data CSV" (a subset of its columns, in its units: feet, mph),
 * the export drone teams get from airdata.com for a DJI flight. Segments are concatenated,
 * as Airdata exports one file per flight. `isPhoto` is 1 on the rows nearest a photo.
 */
export function writeAirdataCsvLog(segments: PlannedTrackPoint[][], photoTimes: Date[]): string {
  const header = [
    'time(millisecond)',
    'datetime(utc)',
    'latitude',
    'longitude',
    'height_above_takeoff(feet)',
    'altitude_above_seaLevel(feet)',
    'speed(mph)',
    'satellites',
    ' compass_heading(degrees)',
    'gimbal_heading(degrees)',
    'gimbal_pitch(degrees)',
    'isPhoto',
    'flycState',
  ];
  const points = segments.flat();
  const startMs = points[0]!.time.getTime();
  const photoMs = photoTimes.map((t) => t.getTime());
  const rows = points.map((p, i) => {
    const ms = p.time.getTime();
    const nextMs = points[i + 1]?.time.getTime() ?? Infinity;
    const isPhoto = photoMs.some((t) => t >= ms && t < nextMs) ? 1 : 0;
    const compass = (p.headingDeg + 360) % 360;
    return [
      ms - startMs,
      airdataDateTime(p.time),
      p.lat.toFixed(7),
      p.lon.toFixed(7),
      (p.heightAboveTakeoffM * FEET_PER_M).toFixed(1),
      (p.altitudeMslM * FEET_PER_M).toFixed(1),
      (p.speedMps * MPH_PER_MPS).toFixed(1),
      18,
      compass.toFixed(1),
      compass.toFixed(1),
      -90,
      isPhoto,
      p.heightAboveTakeoffM > 0.5 ? 'P-GPS' : 'Motors_Started',
    ].join(',');
  });
  return `${header.join(',')}\n${rows.join('\n')}\n`;
}
