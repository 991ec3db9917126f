import type { FeatureCollection, Point } from 'geojson';
import { apiRequest } from './http-client';

/** Where a wastewater sample is taken (docs/api-contract.md, `POST /api/sites`). */
export type SiteKind = 'wwtp' | 'sewer' | 'venue' | 'hotel' | 'residential' | 'other';

export const siteKinds: readonly SiteKind[] = ['wwtp', 'sewer', 'venue', 'hotel', 'residential', 'other'];

export interface SiteProperties {
  id: string;
  code: string;
  name: string;
  kind: SiteKind;
  populationServed: number | null;
}

export type SiteCollection = FeatureCollection<Point, SiteProperties>;

/** `GET /api/sites?areaId=`: the sampling sites as GeoJSON. */
export function fetchSites(options: { areaId?: string; signal?: AbortSignal } = {}): Promise<SiteCollection> {
  const query = options.areaId ? `?areaId=${encodeURIComponent(options.areaId)}` : '';
  return apiRequest<SiteCollection>(`/api/sites${query}`, { signal: options.signal });
}
