import type { Polygon } from 'geojson';
import { ValidationError } from '../errors/app-error';
import type { CameraModel } from './cameras';
import { offsetToLonLat } from './local-tangent-plane';

/**
 * Ground footprint and ground sample distance (GSD) of one photo.
 *
 * Nadir (docs/design.md §5; e.g. Pix4D "Ground sampling distance" and the USGS UAS guidance):
 *   W = H·Sw/f, L = H·Sh/f, GSD (cm/px) = 100·H·Sw/(f·imageWidthPx)
 * with H the height above ground (m), Sw×Sh the sensor (mm) and f the focal length (mm).
 *
 * Oblique: a pinhole camera looks along the gimbal direction; each image corner is a ray
 * (forward + x·right + y·up, x = ±Sw/2f, y = ±Sh/2f in the image plane at unit distance),
 * rotated by the gimbal's yaw (clockwise from north), roll (about the heading axis, positive =
 * right side down) and pitch (−90° = straight down, 0° = horizon), and intersected with a flat ground plane
 * H below the camera. A ray at or above the horizon never meets the ground, and rays just
 * below it meet it absurdly far away with useless pixels: the footprint is therefore cut at
 * a maximum horizontal distance from the point below the camera, the smaller of
 * `maxGroundDistanceM` and the distance at which the slant-range GSD reaches `maxGsdCm`.
 */

export interface CameraPose {
  lon: number;
  lat: number;
  /** Height of the camera above the ground below it, metres (not above sea level). */
  heightAglM: number;
  /** −90 = nadir, 0 = horizontal. */
  gimbalPitchDeg: number;
  /** Direction the top of the image faces, degrees clockwise from true north. */
  gimbalYawDeg: number;
  /** Positive = right side of the image down. */
  gimbalRollDeg?: number;
}

export interface FootprintOptions {
  /** Hard limit on how far from the point below the camera the footprint may reach. */
  maxGroundDistanceM?: number;
  /** Ground beyond the range where a pixel covers more than this is left out. */
  maxGsdCm?: number;
  /** Points per image edge when the outline must follow a cut (≥ 2). */
  edgeSamples?: number;
}

export interface GroundPointM {
  eastM: number;
  northM: number;
}

export interface ImageFootprint {
  /** Closed ring, counter-clockwise, lon/lat (WGS84). */
  polygon: Polygon;
  /** Ground corners (or cut outline) in metres east/north of the point below the camera. */
  groundPointsM: GroundPointM[];
  /** Slant-range GSD at the image centre; null when the centre looks at or above the horizon. */
  gsdCm: number | null;
  /** True when part of the image was cut at the horizon or the distance cap. */
  cut: boolean;
}

export const DEFAULT_FOOTPRINT_OPTIONS: Required<FootprintOptions> = {
  maxGroundDistanceM: 1000,
  maxGsdCm: 10,
  edgeSamples: 16,
};

/**
 * GSD at nadir in cm per pixel.
 * @example groundSampleDistanceCm(phantom4Rtk, 100) // 2.74
 */
export function groundSampleDistanceCm(camera: CameraModel, heightAglM: number): number {
  return (100 * heightAglM * camera.sensorWidthMm) / (camera.focalLengthMm * camera.imageWidthPx);
}

/**
 * Size on the ground of a nadir photo: width across the image, length along it.
 * @example nadirFootprintSize(phantom4Rtk, 100) // { widthM: 150, lengthM: 100, gsdCm: 2.74 }
 */
export function nadirFootprintSize(
  camera: CameraModel,
  heightAglM: number,
): { widthM: number; lengthM: number; gsdCm: number } {
  return {
    widthM: (heightAglM * camera.sensorWidthMm) / camera.focalLengthMm,
    lengthM: (heightAglM * camera.sensorHeightMm) / camera.focalLengthMm,
    gsdCm: groundSampleDistanceCm(camera, heightAglM),
  };
}

export type Vec3 = [number, number, number];

const DEG = Math.PI / 180;

/**
 * Camera axes in east-north-up coordinates for the gimbal angles. The rotations follow the
 * motor order of DJI's three-axis gimbals (yaw, then roll, then pitch innermost): roll turns
 * the level frame about the heading axis, then pitch tilts the camera within that frame.
 */
export function cameraAxes(pose: CameraPose): { forward: Vec3; right: Vec3; up: Vec3 } {
  const yaw = pose.gimbalYawDeg * DEG;
  const pitch = pose.gimbalPitchDeg * DEG;
  const roll = (pose.gimbalRollDeg ?? 0) * DEG;
  const heading: Vec3 = [Math.sin(yaw), Math.cos(yaw), 0];
  const rightLevel: Vec3 = [Math.cos(yaw), -Math.sin(yaw), 0];
  const zenith: Vec3 = [0, 0, 1];
  const right = combine(Math.cos(roll), rightLevel, -Math.sin(roll), zenith);
  const rolledUp = combine(Math.sin(roll), rightLevel, Math.cos(roll), zenith);
  const forward = combine(Math.cos(pitch), heading, Math.sin(pitch), rolledUp);
  const up = combine(-Math.sin(pitch), heading, Math.cos(pitch), rolledUp);
  return { forward, right, up };
}

function combine(a: number, u: Vec3, b: number, v: Vec3): Vec3 {
  return [a * u[0] + b * v[0], a * u[1] + b * v[1], a * u[2] + b * v[2]];
}

export function rayDirection(axes: ReturnType<typeof cameraAxes>, x: number, y: number): Vec3 {
  return [0, 1, 2].map((i) => axes.forward[i]! + x * axes.right[i]! + y * axes.up[i]!) as Vec3;
}

/**
 * Where a ray from the camera meets the ground, or its horizontal direction cut at
 * `maxDistanceM` when it misses the ground or lands farther away.
 */
function groundPoint(
  direction: Vec3,
  heightAglM: number,
  maxDistanceM: number,
): { point: GroundPointM; cut: boolean } {
  const [dx, dy, dz] = direction;
  const horizontal = Math.hypot(dx, dy);
  if (dz < 0) {
    const t = heightAglM / -dz;
    const distanceM = t * horizontal;
    if (distanceM <= maxDistanceM) return { point: { eastM: t * dx, northM: t * dy }, cut: false };
  }
  if (horizontal === 0) return { point: { eastM: 0, northM: 0 }, cut: true };
  const scale = maxDistanceM / horizontal;
  return { point: { eastM: dx * scale, northM: dy * scale }, cut: true };
}

/** Largest horizontal distance kept, from the options (see module comment). */
function groundDistanceLimitM(
  camera: CameraModel,
  heightAglM: number,
  options: Required<FootprintOptions>,
): number {
  // Slant range R at which the (across-track) GSD reaches maxGsdCm: GSD scales with R like
  // the nadir formula scales with H.
  const slantRangeM = options.maxGsdCm / groundSampleDistanceCm(camera, 1);
  const gsdLimitedM = slantRangeM > heightAglM ? Math.sqrt(slantRangeM ** 2 - heightAglM ** 2) : 0;
  return Math.min(options.maxGroundDistanceM, gsdLimitedM);
}

/**
 * Ground outline of a photo in metres east/north of the point below the camera, corners
 * in the order top-left, top-right, bottom-right, bottom-left of the image (or, when cut,
 * a denser outline along the image edges in the same order).
 */
export function footprintGroundPointsM(
  camera: CameraModel,
  pose: CameraPose,
  options: FootprintOptions = {},
): { points: GroundPointM[]; cut: boolean; gsdCm: number | null } {
  const settings = { ...DEFAULT_FOOTPRINT_OPTIONS, ...options };
  if (!(pose.heightAglM > 0) || !Number.isFinite(pose.heightAglM)) {
    throw new ValidationError(
      `Height above ground must be a positive number of metres, got ${pose.heightAglM}`,
    );
  }
  if (settings.edgeSamples < 2) throw new ValidationError('edgeSamples must be at least 2');
  const axes = cameraAxes(pose);
  const halfX = camera.sensorWidthMm / 2 / camera.focalLengthMm;
  const halfY = camera.sensorHeightMm / 2 / camera.focalLengthMm;
  const limitM = groundDistanceLimitM(camera, pose.heightAglM, settings);
  const corners: [number, number][] = [
    [-halfX, halfY],
    [halfX, halfY],
    [halfX, -halfY],
    [-halfX, -halfY],
  ];

  // forward is a unit vector, so H / −forward.z is the slant range to the centre's ground point.
  const centre = axes.forward;
  const gsdCm = centre[2] < 0 ? groundSampleDistanceCm(camera, pose.heightAglM / -centre[2]) : null;

  const cornerHits = corners.map(([x, y]) => groundPoint(rayDirection(axes, x, y), pose.heightAglM, limitM));
  if (cornerHits.every((hit) => !hit.cut)) {
    // A plane maps straight image edges to straight ground edges, and a convex
    // quadrilateral whose corners lie inside the distance limit lies wholly inside it.
    return { points: cornerHits.map((hit) => hit.point), cut: false, gsdCm };
  }
  const points: GroundPointM[] = [];
  for (let edge = 0; edge < 4; edge++) {
    const [x0, y0] = corners[edge]!;
    const [x1, y1] = corners[(edge + 1) % 4]!;
    for (let step = 0; step < settings.edgeSamples; step++) {
      const s = step / settings.edgeSamples;
      const hit = groundPoint(
        rayDirection(axes, x0 + (x1 - x0) * s, y0 + (y1 - y0) * s),
        pose.heightAglM,
        limitM,
      );
      const previous = points[points.length - 1];
      if (previous && Math.hypot(previous.eastM - hit.point.eastM, previous.northM - hit.point.northM) < 1e-6)
        continue;
      points.push(hit.point);
    }
  }
  return { points, cut: true, gsdCm };
}

function signedAreaM2(points: GroundPointM[]): number {
  let twiceArea = 0;
  for (let i = 0; i < points.length; i++) {
    const a = points[i]!;
    const b = points[(i + 1) % points.length]!;
    twiceArea += a.eastM * b.northM - b.eastM * a.northM;
  }
  return twiceArea / 2;
}

/**
 * Footprint polygon (lon/lat, WGS84) and centre GSD of a photo taken from `pose`.
 * Throws ValidationError when the footprint is empty (the whole image looks at or above
 * the horizon with a zero distance cap, or the height is not positive).
 *
 * @example imageFootprint(phantom4Rtk, { lon: 110.3, lat: 20, heightAglM: 100, gimbalPitchDeg: -90, gimbalYawDeg: 0 })
 *   // 150 m × 100 m rectangle centred below the camera, gsdCm 2.74
 */
export function imageFootprint(
  camera: CameraModel,
  pose: CameraPose,
  options: FootprintOptions = {},
): ImageFootprint {
  const { points, cut, gsdCm } = footprintGroundPointsM(camera, pose, options);
  const oriented = signedAreaM2(points) < 0 ? [...points].reverse() : points;
  if (oriented.length < 3 || Math.abs(signedAreaM2(oriented)) < 1e-6) {
    throw new ValidationError('The photo shows no ground within the distance limits: no footprint');
  }
  const ring = oriented.map((p) => offsetToLonLat(pose, p.eastM, p.northM));
  ring.push([...ring[0]!] as [number, number]);
  return { polygon: { type: 'Polygon', coordinates: [ring] }, groundPointsM: oriented, gsdCm, cut };
}
