import { offsetToLonLat, type LocalOrigin } from '@skywater/core/survey/local-tangent-plane';
import type { SeededRandom } from '../seeded-random';

/**
 * A lawnmower ("boustrophedon") survey flight over a rectangular block: parallel east-west
 * lines `lineSpacingM` apart, alternately eastward and westward, a photo every
 * `photoSpacingM` along each line, with take-off and landing at a home point south of the
 * block. With a Phantom 4 RTK at 100 m (footprint 150 m across × 100 m along the track),
 * 120 m between lines and 80 m between photos give the 20 % side and front overlap of
 * docs/design.md §5's survey-effort figures.
 */
export interface LawnmowerSpec {
  /** South-west corner of the block (local origin of the plan). */
  origin: LocalOrigin;
  lines: number;
  photosPerLine: number;
  lineSpacingM: number;
  photoSpacingM: number;
  heightAglM: number;
  groundElevationM: number;
  cruiseSpeedMps: number;
  climbSpeedMps: number;
  startsAt: Date;
  sampleIntervalS: number;
  /** Land after this many lines, swap the battery for `batterySwapS`, then fly the rest. */
  batterySwapAfterLine?: number;
  batterySwapS?: number;
}

export interface PlannedTrackPoint {
  lon: number;
  lat: number;
  altitudeMslM: number;
  heightAboveTakeoffM: number;
  time: Date;
  headingDeg: number;
  speedMps: number;
}

export interface PlannedPhoto {
  lon: number;
  lat: number;
  altitudeMslM: number;
  heightAboveTakeoffM: number;
  time: Date;
  headingDeg: number;
  lineIndex: number;
}

export interface LawnmowerPlan {
  segments: PlannedTrackPoint[][];
  photos: PlannedPhoto[];
}

interface Leg {
  from: [number, number, number];
  to: [number, number, number];
  speedMps: number;
  startS: number;
  durationS: number;
  photoLine?: number;
}

const HOME_SOUTH_OF_BLOCK_M = 150;

function headingDeg(dEast: number, dNorth: number): number {
  return (Math.atan2(dEast, dNorth) * 180) / Math.PI;
}

function buildLegs(spec: LawnmowerSpec, firstLine: number, lastLine: number, startS: number): Leg[] {
  const lineLengthM = (spec.photosPerLine - 1) * spec.photoSpacingM;
  const home: [number, number, number] = [0, -HOME_SOUTH_OF_BLOCK_M, 0];
  const up: [number, number, number] = [0, -HOME_SOUTH_OF_BLOCK_M, spec.heightAglM];
  const waypoints: { at: [number, number, number]; photoLine?: number; speedMps: number }[] = [
    { at: home, speedMps: 0 },
    { at: up, speedMps: spec.climbSpeedMps },
  ];
  for (let line = firstLine; line <= lastLine; line++) {
    const northM = line * spec.lineSpacingM;
    const eastward = line % 2 === 0;
    const start: [number, number, number] = [eastward ? 0 : lineLengthM, northM, spec.heightAglM];
    const end: [number, number, number] = [eastward ? lineLengthM : 0, northM, spec.heightAglM];
    waypoints.push({ at: start, speedMps: spec.cruiseSpeedMps });
    waypoints.push({ at: end, speedMps: spec.cruiseSpeedMps, photoLine: line });
  }
  waypoints.push({ at: up, speedMps: spec.cruiseSpeedMps });
  waypoints.push({ at: home, speedMps: spec.climbSpeedMps });

  const legs: Leg[] = [];
  let clockS = startS;
  for (let i = 1; i < waypoints.length; i++) {
    const from = waypoints[i - 1]!.at;
    const { at: to, speedMps, photoLine } = waypoints[i]!;
    const lengthM = Math.hypot(to[0] - from[0], to[1] - from[1], to[2] - from[2]);
    const durationS = lengthM / speedMps;
    legs.push({ from, to, speedMps, startS: clockS, durationS, photoLine });
    clockS += durationS;
  }
  return legs;
}

/** Track points every `sampleIntervalS` and photo positions of a lawnmower flight. */
export function planLawnmowerFlight(spec: LawnmowerSpec, prng: SeededRandom): LawnmowerPlan {
  const swapAfter = spec.batterySwapAfterLine;
  const parts: [number, number][] =
    swapAfter !== undefined && swapAfter < spec.lines - 1
      ? [
          [0, swapAfter],
          [swapAfter + 1, spec.lines - 1],
        ]
      : [[0, spec.lines - 1]];

  const toPoint = (
    e: number,
    n: number,
    u: number,
    atS: number,
    heading: number,
    speedMps: number,
  ): PlannedTrackPoint => {
    // GNSS noise of a few decimetres, as an RTK-less log shows
    const [lon, lat] = offsetToLonLat(spec.origin, e + prng.between(-0.3, 0.3), n + prng.between(-0.3, 0.3));
    return {
      lon,
      lat,
      altitudeMslM: spec.groundElevationM + u,
      heightAboveTakeoffM: u,
      time: new Date(spec.startsAt.getTime() + Math.round(atS * 1000)),
      headingDeg: heading,
      speedMps,
    };
  };

  const segments: PlannedTrackPoint[][] = [];
  const photos: PlannedPhoto[] = [];
  let segmentStartS = 0;
  for (const [firstLine, lastLine] of parts) {
    const legs = buildLegs(spec, firstLine, lastLine, segmentStartS);
    const endS = legs[legs.length - 1]!.startS + legs[legs.length - 1]!.durationS;
    const points: PlannedTrackPoint[] = [];
    let lastHeading = 0;
    const times: number[] = [];
    for (let t = segmentStartS; t < endS - 1e-9; t += spec.sampleIntervalS) times.push(t);
    times.push(endS); // always log the landing
    for (const t of times) {
      const leg = legs.find((l) => t <= l.startS + l.durationS + 1e-9) ?? legs[legs.length - 1]!;
      const f = leg.durationS > 0 ? Math.min(1, (t - leg.startS) / leg.durationS) : 1;
      const dE = leg.to[0] - leg.from[0];
      const dN = leg.to[1] - leg.from[1];
      if (Math.hypot(dE, dN) > 0) lastHeading = headingDeg(dE, dN);
      const at = [0, 1, 2].map((i) => leg.from[i]! + (leg.to[i]! - leg.from[i]!) * f) as [
        number,
        number,
        number,
      ];
      points.push(toPoint(at[0], at[1], at[2], t, lastHeading, f < 1 ? leg.speedMps : 0));
    }
    segments.push(points);
    for (const leg of legs.filter((l) => l.photoLine !== undefined)) {
      const dE = leg.to[0] - leg.from[0];
      const dN = leg.to[1] - leg.from[1];
      const lengthM = Math.hypot(dE, dN);
      for (let k = 0; k < spec.photosPerLine; k++) {
        const f = (k * spec.photoSpacingM) / lengthM;
        const point = toPoint(
          leg.from[0] + dE * f,
          leg.from[1] + dN * f,
          spec.heightAglM,
          leg.startS + f * leg.durationS,
          headingDeg(dE, dN),
          spec.cruiseSpeedMps,
        );
        photos.push({ ...point, lineIndex: leg.photoLine! });
      }
    }
    segmentStartS = endS + (spec.batterySwapS ?? 360);
  }
  return { segments, photos };
}
