import { apiRequest } from './http-client';

export type TrendCategory = 'rising' | 'falling' | 'stable' | 'insufficient_data';

/** One round's result at a site for one analyte (docs/api-contract.md, `GET /api/sites/:id/series`). */
export interface SeriesPoint {
  roundId: number | string;
  collectedStart: string;
  collectedEnd: string;
  valueNgL: number | null;
  qualifier: string | null;
  loadMgPerDay: number | null;
  normalisedLoadMgPerDayPer1000: number | null;
  consumptionMgPerDayPer1000: number | null;
  revised: boolean;
  loqNgL?: number | null;
  /** 95 % Monte Carlo intervals of the figures (`<field>Lower95` / `<field>Upper95`), null where the figure is. */
  loadMgPerDayLower95?: number | null;
  loadMgPerDayUpper95?: number | null;
  normalisedLoadMgPerDayPer1000Lower95?: number | null;
  normalisedLoadMgPerDayPer1000Upper95?: number | null;
  consumptionMgPerDayPer1000Lower95?: number | null;
  consumptionMgPerDayPer1000Upper95?: number | null;
}

export interface SeriesTrend {
  n: number;
  s: number;
  pValue: number | null;
  senSlope: number | null;
  percentChange: number | null;
  category: TrendCategory;
}

export interface SiteSeries {
  siteId: number | string;
  analyte: string;
  points: SeriesPoint[];
  trend: SeriesTrend | null;
}

export function fetchSiteSeries(
  siteId: string | number,
  analyte: string,
  signal?: AbortSignal,
): Promise<SiteSeries> {
  return apiRequest<SiteSeries>(
    `/api/sites/${encodeURIComponent(String(siteId))}/series?analyte=${encodeURIComponent(analyte)}`,
    { signal },
  );
}

/** What was measured of one analyte at a site (`GET /api/sites/:id/analytes`). */
export interface SiteAnalyteCount {
  analyte: string;
  results: number;
  detected: number;
  rounds: number;
}

export function fetchSiteAnalytes(
  siteId: string | number,
  signal?: AbortSignal,
): Promise<SiteAnalyteCount[]> {
  return apiRequest<SiteAnalyteCount[]>(`/api/sites/${encodeURIComponent(String(siteId))}/analytes`, {
    signal,
  });
}
