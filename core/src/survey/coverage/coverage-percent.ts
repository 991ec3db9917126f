/**
 * An area's covered share in percent, rounded to 0.01: the one place the percentage is made
 * (the area list, one area, a date range and the history all call it).
 * @example coveragePct(0.5, 2) // 25
 */
export function coveragePct(coveredKm2: number, areaKm2: number): number {
  if (!(areaKm2 > 0)) return 0;
  return Math.round((10_000 * coveredKm2) / areaKm2) / 100;
}
