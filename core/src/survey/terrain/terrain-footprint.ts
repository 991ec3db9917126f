import type { Polygon } from 'geojson';
import type { CameraModel } from '../cameras';
import {
  cameraAxes,
  DEFAULT_FOOTPRINT_OPTIONS,
  groundSampleDistanceCm,
  rayDirection,
  type Vec3,
} from '../footprint';
import { offsetToLonLat } from '../local-tangent-plane';
import type { ElevationSurface } from './terrain-surface';

/**
 * A photo's footprint on real ground: each image-corner ray is marched from the camera through
 * the terrain in a local metric frame (east, north, up; origin below the camera) until it meets
 * the DEM surface, then the crossing is refined by bisection. The camera model and gimbal
 * rotations are footprint.ts's, so over flat ground both give the same footprint.
 *
 * Steps are half a DEM cell along the ray: the bilinear surface changes slope only at cell
 * edges, so a ray cannot cross a ridge and come back out within one step unless the ridge is
 * thinner than half a cell. The Earth's curvature is ignored (8 cm at 1 km from the camera).
 */

export interface TerrainCameraPose {
  lon: number;
  lat: number;
  /** Camera altitude in the DEM's vertical datum, metres. */
  altitudeM: number;
  gimbalPitchDeg: number;
  gimbalYawDeg: number;
  gimbalRollDeg?: number;
}

export interface TerrainFootprintOptions {
  /** Horizontal distance from the point below the camera beyond which rays are cut. */
  maxGroundDistanceM?: number;
  /** Slant range at which a pixel covers this many cm is the farthest ground kept. */
  maxGsdCm?: number;
  /** Rays per image edge for the outline (corners included once); 1 gives the four corners. */
  raysPerEdge?: number;
}

export interface TerrainPointM {
  eastM: number;
  northM: number;
  elevationM: number;
}

export type TerrainFallbackReason = 'dem_not_covering' | 'dem_nodata' | 'camera_below_ground';

export type TerrainFootprint =
  | {
      ok: true;
      /** Ground elevation below the camera (bilinear), DEM datum. */
      groundElevationM: number;
      heightAglM: number;
      polygon: Polygon;
      /** Corner ground points top-left, top-right, bottom-right, bottom-left; null when cut. */
      corners: [number, number][] | null;
      cornerPointsM: TerrainPointM[];
      /** From the slant range along the image centre's ray; null when it meets no ground. */
      gsdCm: number | null;
      cut: boolean;
    }
  | { ok: false; reason: TerrainFallbackReason };

type RayEnd = { kind: 'hit' | 'cut'; point: TerrainPointM; rangeM: number } | { kind: 'nodata' | 'off_dem' };

const BISECTION_STEPS = 40;
const FALLBACK_OF = { nodata: 'dem_nodata', off_dem: 'dem_not_covering' } as const;

/** Where a ray from the camera (at `altitudeM` above the origin) first meets the ground. */
export function marchRay(
  surface: ElevationSurface,
  altitudeM: number,
  direction: Vec3,
  maxHorizontalM: number,
  maxRangeM: number,
): RayEnd {
  const [dx, dy, dz] = direction;
  const length = Math.hypot(dx, dy, dz);
  const horizontal = Math.hypot(dx, dy) / length;
  const ux = dx / length;
  const uy = dy / length;
  const uz = dz / length;
  const limit = Math.min(maxRangeM, horizontal > 0 ? maxHorizontalM / horizontal : Number.POSITIVE_INFINITY);
  const step = surface.cellSizeM / 2;
  const gapAt = (s: number) => altitudeM + s * uz - surface.elevationAtM(s * ux, s * uy);
  const pointAt = (s: number): TerrainPointM => {
    const eastM = s * ux;
    const northM = s * uy;
    return { eastM, northM, elevationM: surface.elevationAtM(eastM, northM) };
  };
  if (!Number.isFinite(limit)) {
    // Straight up: never meets the ground.
    return { kind: 'cut', point: pointAt(0), rangeM: 0 };
  }
  let previous = 0;
  for (;;) {
    const s = Math.min(previous + step, limit);
    const gap = gapAt(s);
    if (Number.isNaN(gap)) return { kind: surface.coversM(s * ux, s * uy) ? 'nodata' : 'off_dem' };
    if (gap <= 0) {
      let above = previous;
      let below = s;
      for (let i = 0; i < BISECTION_STEPS; i++) {
        const middle = (above + below) / 2;
        const middleGap = gapAt(middle);
        if (Number.isNaN(middleGap)) return { kind: 'nodata' };
        if (middleGap > 0) above = middle;
        else below = middle;
      }
      const rangeM = (above + below) / 2;
      return { kind: 'hit', point: pointAt(rangeM), rangeM };
    }
    if (s >= limit) return { kind: 'cut', point: pointAt(s), rangeM: s };
    previous = s;
  }
}

/**
 * The footprint of a photo over the terrain `surface` (see the module comment), or why the
 * terrain cannot give one: the point below the camera is off the DEM (`dem_not_covering`), a ray
 * meets a NoData hole (`dem_nodata`), or the camera is not above the ground there.
 *
 * @example terrainFootprint(phantom4Rtk, { lon: 109, lat: 19, altitudeM: 300, gimbalPitchDeg: -90, gimbalYawDeg: 0 }, flatAt200m)
 *   // heightAglM 100, the same 150 m × 100 m rectangle as imageFootprint at 100 m
 */
export function terrainFootprint(
  camera: CameraModel,
  pose: TerrainCameraPose,
  surface: ElevationSurface,
  options: TerrainFootprintOptions = {},
): TerrainFootprint {
  const maxGroundDistanceM = options.maxGroundDistanceM ?? DEFAULT_FOOTPRINT_OPTIONS.maxGroundDistanceM;
  const maxGsdCm = options.maxGsdCm ?? DEFAULT_FOOTPRINT_OPTIONS.maxGsdCm;
  const raysPerEdge = Math.max(1, options.raysPerEdge ?? 4);
  if (!surface.coversM(0, 0)) return { ok: false, reason: 'dem_not_covering' };
  const groundElevationM = surface.elevationAtM(0, 0);
  if (Number.isNaN(groundElevationM)) return { ok: false, reason: 'dem_nodata' };
  const heightAglM = pose.altitudeM - groundElevationM;
  if (!(heightAglM > 0)) return { ok: false, reason: 'camera_below_ground' };

  const axes = cameraAxes({ ...pose, heightAglM });
  const maxRangeM = maxGsdCm / groundSampleDistanceCm(camera, 1);
  const trace = (x: number, y: number) =>
    marchRay(surface, pose.altitudeM, rayDirection(axes, x, y), maxGroundDistanceM, maxRangeM);

  const halfX = camera.sensorWidthMm / 2 / camera.focalLengthMm;
  const halfY = camera.sensorHeightMm / 2 / camera.focalLengthMm;
  const cornerXY: [number, number][] = [
    [-halfX, halfY],
    [halfX, halfY],
    [halfX, -halfY],
    [-halfX, -halfY],
  ];
  const outline: TerrainPointM[] = [];
  const cornerPointsM: TerrainPointM[] = [];
  let cut = false;
  for (let edge = 0; edge < 4; edge++) {
    const [x0, y0] = cornerXY[edge]!;
    const [x1, y1] = cornerXY[(edge + 1) % 4]!;
    for (let k = 0; k < raysPerEdge; k++) {
      const s = k / raysPerEdge;
      const end = trace(x0 + (x1 - x0) * s, y0 + (y1 - y0) * s);
      if (!('point' in end)) return { ok: false, reason: FALLBACK_OF[end.kind] };
      if (end.kind === 'cut') cut = true;
      if (k === 0) cornerPointsM.push(end.point);
      const previous = outline[outline.length - 1];
      if (previous && Math.hypot(previous.eastM - end.point.eastM, previous.northM - end.point.northM) < 1e-6)
        continue;
      outline.push(end.point);
    }
  }
  const centre = trace(0, 0);
  if (!('point' in centre)) return { ok: false, reason: FALLBACK_OF[centre.kind] };
  const gsdCm = centre.kind === 'hit' ? groundSampleDistanceCm(camera, centre.rangeM) : null;

  const oriented = signedAreaM2(outline) < 0 ? [...outline].reverse() : outline;
  const ring = oriented.map((p) => offsetToLonLat(pose, p.eastM, p.northM));
  ring.push([...ring[0]!] as [number, number]);
  return {
    ok: true,
    groundElevationM,
    heightAglM,
    polygon: { type: 'Polygon', coordinates: [ring] },
    corners: cut ? null : cornerPointsM.map((p) => offsetToLonLat(pose, p.eastM, p.northM)),
    cornerPointsM,
    gsdCm,
    cut,
  };
}

function signedAreaM2(points: TerrainPointM[]): number {
  let twiceArea = 0;
  for (let i = 0; i < points.length; i++) {
    const a = points[i]!;
    const b = points[(i + 1) % points.length]!;
    twiceArea += a.eastM * b.northM - b.eastM * a.northM;
  }
  return twiceArea / 2;
}
