const RAD = Math.PI / 180;
const DEG = 180 / Math.PI;

/**
 * Apparent elevation of the sun's centre above the horizon, in degrees, at instant `at` seen from
 * (`latDeg`, `lonDeg`): NOAA's solar calculator (NOAA Global Monitoring Laboratory,
 * https://gml.noaa.gov/grad/solcalc/calcdetails.html, after Meeus, "Astronomical Algorithms"),
 * with its atmospheric refraction correction. Accurate to about 0.01° for dates 1800-2100;
 * checked in solar-elevation.test.ts against NREL's SPA worked example (Reda & Andreas 2004).
 * Negative at night.
 *
 * @example solarElevationDeg(new Date('2003-10-17T19:30:30Z'), 39.742476, -105.1786) // ≈ 39.89
 */
export function solarElevationDeg(at: Date, latDeg: number, lonDeg: number): number {
  const julianDay = at.getTime() / 86_400_000 + 2_440_587.5;
  const t = (julianDay - 2_451_545) / 36_525; // Julian centuries since J2000.0
  const meanLongitude = (((280.46646 + t * (36_000.76983 + t * 0.0003032)) % 360) + 360) % 360;
  const meanAnomaly = 357.52911 + t * (35_999.05029 - 0.0001537 * t);
  const eccentricity = 0.016708634 - t * (0.000042037 + 0.0000001267 * t);
  const centre =
    Math.sin(meanAnomaly * RAD) * (1.914602 - t * (0.004817 + 0.000014 * t)) +
    Math.sin(2 * meanAnomaly * RAD) * (0.019993 - 0.000101 * t) +
    Math.sin(3 * meanAnomaly * RAD) * 0.000289;
  const omega = 125.04 - 1934.136 * t;
  const apparentLongitude = meanLongitude + centre - 0.00569 - 0.00478 * Math.sin(omega * RAD);
  const meanObliquity = 23 + (26 + (21.448 - t * (46.815 + t * (0.00059 - t * 0.001813))) / 60) / 60;
  const obliquity = meanObliquity + 0.00256 * Math.cos(omega * RAD);
  const declination = Math.asin(Math.sin(obliquity * RAD) * Math.sin(apparentLongitude * RAD));
  const y = Math.tan((obliquity / 2) * RAD) ** 2;
  const l0 = meanLongitude * RAD;
  const m = meanAnomaly * RAD;
  const equationOfTimeMin =
    4 *
    DEG *
    (y * Math.sin(2 * l0) -
      2 * eccentricity * Math.sin(m) +
      4 * eccentricity * y * Math.sin(m) * Math.cos(2 * l0) -
      0.5 * y * y * Math.sin(4 * l0) -
      1.25 * eccentricity * eccentricity * Math.sin(2 * m));
  const utcMinutes = (((at.getTime() / 60_000) % 1440) + 1440) % 1440;
  const trueSolarTimeMin = (((utcMinutes + equationOfTimeMin + 4 * lonDeg) % 1440) + 1440) % 1440;
  const hourAngleDeg = trueSolarTimeMin / 4 < 0 ? trueSolarTimeMin / 4 + 180 : trueSolarTimeMin / 4 - 180;
  const cosZenith =
    Math.sin(latDeg * RAD) * Math.sin(declination) +
    Math.cos(latDeg * RAD) * Math.cos(declination) * Math.cos(hourAngleDeg * RAD);
  const geometricElevation = 90 - Math.acos(Math.min(1, Math.max(-1, cosZenith))) * DEG;
  return geometricElevation + refractionDeg(geometricElevation);
}

/** NOAA's approximation of atmospheric refraction (degrees) at a geometric elevation. */
function refractionDeg(elevationDeg: number): number {
  if (elevationDeg > 85) return 0;
  const tanE = Math.tan(elevationDeg * RAD);
  let arcSeconds: number;
  if (elevationDeg > 5) arcSeconds = 58.1 / tanE - 0.07 / tanE ** 3 + 0.000086 / tanE ** 5;
  else if (elevationDeg > -0.575)
    arcSeconds =
      1735 +
      elevationDeg * (-518.2 + elevationDeg * (103.4 + elevationDeg * (-12.79 + elevationDeg * 0.711)));
  else arcSeconds = -20.774 / tanE;
  return arcSeconds / 3600;
}
