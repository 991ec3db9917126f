/** `GET /api/areas/:id/coverage`: an area's covered km² and %, all time or for a range of days. */
export interface AreaCoverage {
  areaId: number;
  areaKm2: number;
  coveredKm2: number;
  coveragePct: number;
  from: string | null;
  to: string | null;
  cellCount: number;
  cellsSeen: number;
  bestGsdCm: number | null;
  lastSeenAt: string | null;
  /** False until the area's grid job has run (its coverage is then 0). */
  gridBuilt: boolean;
}

/** One local day with photos: km² flown that day, and the cumulative cover at its end. */
export interface CoverageHistoryPoint {
  /** The local day, YYYY-MM-DD. */
  day: string;
  flownKm2: number;
  coveredKm2: number;
  coveragePct: number;
}

/** `GET /api/areas/:id/coverage/history`: oldest day first; the last point equals the headline. */
export interface CoverageHistory {
  areaId: number;
  areaKm2: number;
  points: CoverageHistoryPoint[];
}
