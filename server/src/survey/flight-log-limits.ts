import { ValidationError } from '@skywater/core/errors/app-error';
import type { FlightTrack } from '@skywater/core/survey/flight-log';

/**
 * How many points a flight log may have, and how many of them are stored for the map. A DJI
 * log at 10 Hz is 18,000 points for a 30-minute battery; 100,000 is a long day in one file.
 * Beyond it the log is refused: one 300,000-point upload took 9 s and made every flights tile
 * 1 MB. Above 10,000 the stored track keeps every k-th point (each segment's ends kept), which
 * draws the same line at map scales; distance, duration and heights are measured on all points.
 */
export const FLIGHT_LOG_LIMITS = { maxPoints: 100_000, maxStoredPoints: 10_000 } as const;

export const trackPointCount = (track: FlightTrack) =>
  track.segments.reduce((n, segment) => n + segment.length, 0);

/** Refuses a log with more points than the limit, with a message saying what to do. */
export function checkFlightLogPoints(track: FlightTrack, fileName: string): void {
  const points = trackPointCount(track);
  if (points > FLIGHT_LOG_LIMITS.maxPoints) {
    throw new ValidationError(
      `${fileName}：航迹有 ${points} 个点，上限 ${FLIGHT_LOG_LIMITS.maxPoints}，请按架次拆分或降低采样率后再上传 / ` +
        `${fileName}: the log has ${points} points, more than the limit of ${FLIGHT_LOG_LIMITS.maxPoints}; ` +
        'split it per flight or export it at a lower rate',
      [{ path: 'file', message: `at most ${FLIGHT_LOG_LIMITS.maxPoints} points` }],
    );
  }
}

/**
 * The track to store: the same track when small enough, else every k-th point of each segment
 * (k chosen so the total stays within `maxStoredPoints`), each segment's first and last kept.
 */
export function decimateForStorage(track: FlightTrack): FlightTrack {
  const points = trackPointCount(track);
  if (points <= FLIGHT_LOG_LIMITS.maxStoredPoints) return track;
  const stride = Math.ceil(points / (FLIGHT_LOG_LIMITS.maxStoredPoints - 2 * track.segments.length));
  return {
    ...track,
    segments: track.segments.map((segment) =>
      segment.filter((_, i) => i % stride === 0 || i === segment.length - 1),
    ),
  };
}
