import { lonLatToOffset } from './local-tangent-plane';

/** A photo of a flight as the hovering check needs it. */
export interface HoverCandidate {
  id: number;
  capturedAt: Date;
  lon: number;
  lat: number;
  heightM: number | null;
  gimbalPitchDeg: number | null;
  gimbalYawDeg: number | null;
}

/**
 * Limits within which two photos of the same flight show the same scene: the drone hovered
 * (or the pilot pressed the shutter twice). A mapping flight at 5-15 m/s with a photo every
 * 2-5 s puts consecutive photos 10-75 m apart, far beyond these.
 */
export const HOVER_LIMITS = {
  maxSeconds: 10,
  maxDistanceM: 3,
  maxHeightDifferenceM: 3,
  maxAngleDifferenceDeg: 10,
} as const;

const angleDifferenceDeg = (a: number, b: number) => Math.abs(((((a - b) % 360) + 540) % 360) - 180);

function isEarlier(a: HoverCandidate, b: HoverCandidate): boolean {
  const dt = a.capturedAt.getTime() - b.capturedAt.getTime();
  return dt < 0 || (dt === 0 && a.id < b.id);
}

/** True when `a` and `b` are the same scene by HOVER_LIMITS. */
export function sameHoverScene(a: HoverCandidate, b: HoverCandidate): boolean {
  if (Math.abs(a.capturedAt.getTime() - b.capturedAt.getTime()) > HOVER_LIMITS.maxSeconds * 1000)
    return false;
  const { eastM, northM } = lonLatToOffset({ lon: a.lon, lat: a.lat }, b.lon, b.lat);
  if (Math.hypot(eastM, northM) > HOVER_LIMITS.maxDistanceM) return false;
  if (
    a.heightM !== null &&
    b.heightM !== null &&
    Math.abs(a.heightM - b.heightM) > HOVER_LIMITS.maxHeightDifferenceM
  )
    return false;
  if (
    a.gimbalPitchDeg !== null &&
    b.gimbalPitchDeg !== null &&
    Math.abs(a.gimbalPitchDeg - b.gimbalPitchDeg) > HOVER_LIMITS.maxAngleDifferenceDeg
  )
    return false;
  // A nadir camera sees the same ground whatever its yaw; below −80° yaw is not compared.
  const nadir = (a.gimbalPitchDeg ?? -90) < -80 && (b.gimbalPitchDeg ?? -90) < -80;
  if (
    !nadir &&
    a.gimbalYawDeg !== null &&
    b.gimbalYawDeg !== null &&
    angleDifferenceDeg(a.gimbalYawDeg, b.gimbalYawDeg) > HOVER_LIMITS.maxAngleDifferenceDeg
  )
    return false;
  return true;
}

/**
 * Where `photo` stands among the other photos of its flight taken within HOVER_LIMITS.maxSeconds:
 * it is a hovering duplicate when an earlier photo (by capture time, then id) shows the same
 * scene; and the later photos showing its scene are duplicates of it. The earliest of a group
 * stays. The answer does not depend on the order in which photos are processed: run for each
 * photo as it is stored (neighbours already stored), it flags the same set as a batch would.
 *
 * @example hoverRelations(secondShot, [firstShot]) // { duplicateOfEarlier: true, laterDuplicateIds: [] }
 */
export function hoverRelations(
  photo: HoverCandidate,
  neighbours: readonly HoverCandidate[],
): { duplicateOfEarlier: boolean; laterDuplicateIds: number[] } {
  let duplicateOfEarlier = false;
  const laterDuplicateIds: number[] = [];
  for (const other of neighbours) {
    if (other.id === photo.id || !sameHoverScene(photo, other)) continue;
    if (isEarlier(other, photo)) duplicateOfEarlier = true;
    else laterDuplicateIds.push(other.id);
  }
  return { duplicateOfEarlier, laterDuplicateIds };
}
