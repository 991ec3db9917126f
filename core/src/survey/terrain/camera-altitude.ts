/**
 * The camera's altitude in the DEM's vertical datum, and where it came from.
 *
 * DJI writes two heights: RelativeAltitude (barometric, above the take-off point) and
 * AbsoluteAltitude. The latter is above mean sea level on most aircraft, above the WGS 84
 * ellipsoid on some RTK firmware (the geoid lies up to tens of metres from the ellipsoid), and
 * plainly wrong on others: the Zenmuse X3 oracle photo says
 * −116.63 m while 29.4 m above take-off on land. So AbsoluteAltitude is **trustworthy** only when
 * - it is a finite number,
 * - it puts the camera between `MIN_HEIGHT_AGL_M` and `MAX_HEIGHT_AGL_M` above the DEM ground
 *   below it (no aircraft flies under ground or kilometres above a survey), and
 * - when the take-off altitude is known (DEM ground at the take-off point + RelativeAltitude),
 *   it agrees with it within `ALTITUDE_AGREEMENT_M` (an ellipsoidal height or a drifting GPS
 *   altitude does not).
 * Then heightSource is `dem` (AbsoluteAltitude − DEM ground). Otherwise the flight log's
 * altitude at the capture time (a log whose heights are above sea level, e.g. GPX), under the
 * same three tests, gives `log`; otherwise the take-off altitude is used (`takeoff`).
 */
export const MIN_HEIGHT_AGL_M = 2;
export const MAX_HEIGHT_AGL_M = 1500;
export const ALTITUDE_AGREEMENT_M = 15;

export type HeightSource = 'dem' | 'takeoff' | 'log';

export interface CameraAltitudeInput {
  absoluteAltitudeM: number | null;
  relativeAltitudeM: number | null;
  /** DEM ground below the camera (null when the DEM has none there). */
  groundElevationM: number | null;
  /** DEM ground at the take-off point (null when unknown or off the DEM). */
  takeoffGroundElevationM: number | null;
  /** The flight log's altitude above sea level at the capture time, when the log has one. */
  logAltitudeM?: number | null;
}

export interface CameraAltitude {
  altitudeM: number;
  heightSource: HeightSource;
  /** Why AbsoluteAltitude was not used, when the photo had one. */
  absoluteRejected: string | null;
}

/**
 * @example cameraAltitude({ absoluteAltitudeM: 250, relativeAltitudeM: 100, groundElevationM: 150, takeoffGroundElevationM: 148 })
 *   // { altitudeM: 250, heightSource: 'dem', absoluteRejected: null }
 */
export function cameraAltitude(input: CameraAltitudeInput): CameraAltitude | null {
  const takeoffAltitudeM =
    input.takeoffGroundElevationM !== null && input.relativeAltitudeM !== null
      ? input.takeoffGroundElevationM + input.relativeAltitudeM
      : null;
  const rejected = altitudeProblem('AbsoluteAltitude', input.absoluteAltitudeM, input, takeoffAltitudeM);
  if (rejected === null)
    return { altitudeM: input.absoluteAltitudeM!, heightSource: 'dem', absoluteRejected: null };
  const absoluteRejected = input.absoluteAltitudeM === null ? null : rejected;
  const logAltitudeM = input.logAltitudeM ?? null;
  if (altitudeProblem('The flight log altitude', logAltitudeM, input, takeoffAltitudeM) === null)
    return { altitudeM: logAltitudeM!, heightSource: 'log', absoluteRejected };
  if (takeoffAltitudeM === null) return null;
  return { altitudeM: takeoffAltitudeM, heightSource: 'takeoff', absoluteRejected };
}

function altitudeProblem(
  name: string,
  altitudeM: number | null,
  input: CameraAltitudeInput,
  takeoffAltitudeM: number | null,
): string | null {
  if (altitudeM === null || !Number.isFinite(altitudeM)) return `no ${name}`;
  if (input.groundElevationM === null) return 'no DEM ground below the camera';
  const heightM = altitudeM - input.groundElevationM;
  if (heightM < MIN_HEIGHT_AGL_M || heightM > MAX_HEIGHT_AGL_M)
    return `${name} ${altitudeM} m puts the camera ${heightM.toFixed(1)} m above the DEM ground`;
  if (takeoffAltitudeM !== null && Math.abs(altitudeM - takeoffAltitudeM) > ALTITUDE_AGREEMENT_M)
    return `${name} ${altitudeM} m disagrees with take-off ground + RelativeAltitude (${takeoffAltitudeM.toFixed(1)} m)`;
  return null;
}
