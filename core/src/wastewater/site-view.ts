import type { FeatureCollection, Point } from 'geojson';
import type { SiteSeries } from './site-series';

/** Where a wastewater sample is taken. */
export const SITE_KINDS = ['wwtp', 'sewer', 'venue', 'hotel', 'residential', 'other'] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

/** A site's properties in `GET /api/sites` (a GeoJSON point each). */
export interface SiteProperties {
  id: number;
  code: string;
  name: string;
  kind: SiteKind;
  populationServed: number | null;
  areaId: number | null;
  district: string | null;
  /** The office that owns the site. */
  officeId: number;
}

/** `GET /api/sites`: the sampling sites the reader may see. */
export type SiteCollection = FeatureCollection<Point, SiteProperties>;

/** `GET /api/sites/:id/series?analyte=`: the back-calculated series, its trend, and whose it is. */
export interface SiteSeriesReply extends SiteSeries {
  siteId: number;
  siteCode: string;
  analyte: string;
  analyteNameZh: string;
  correctionFactor: number | null;
  provisional: boolean;
  populationServed: number | null;
}

/** What was measured of one analyte at one site (`GET /api/sites/:id/analytes`). */
export interface SiteAnalyteCount {
  analyte: string;
  /** Stored results (every replicate, below the LOQ included). */
  results: number;
  /** Results above the limit of quantification (qualifier `=` or `>ULOQ`). */
  detected: number;
  /** Rounds with at least one result. */
  rounds: number;
}
