import type { JsonReply } from '@skywater/core/http/json-reply';
import type { TrendCategory } from '@skywater/core/stats/trend';
import type {
  SeriesPoint as SeriesPointView,
  SeriesTrend as SeriesTrendView,
} from '@skywater/core/wastewater/site-series';
import type { SiteAnalyteCount, SiteProperties, SiteSeriesReply } from '@skywater/core/wastewater/site-view';
import { apiRequest } from './http-client';

export type { SiteAnalyteCount, TrendCategory };

/** One result of the series (`GET /api/sites/:id/series`), as the server declares it. */
export type SeriesPoint = JsonReply<SeriesPointView>;
export type SeriesTrend = JsonReply<SeriesTrendView>;
export type SiteSeries = JsonReply<SiteSeriesReply>;

export function fetchSiteSeries(
  siteId: SiteProperties['id'],
  analyte: string,
  signal?: AbortSignal,
): Promise<SiteSeries> {
  return apiRequest<SiteSeries>(
    `/api/sites/${encodeURIComponent(String(siteId))}/series?analyte=${encodeURIComponent(analyte)}`,
    { signal },
  );
}

/** What was measured of one analyte at a site (`GET /api/sites/:id/analytes`). */
export function fetchSiteAnalytes(
  siteId: SiteProperties['id'],
  signal?: AbortSignal,
): Promise<SiteAnalyteCount[]> {
  return apiRequest<SiteAnalyteCount[]>(`/api/sites/${encodeURIComponent(String(siteId))}/analytes`, {
    signal,
  });
}
