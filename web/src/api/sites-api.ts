import type { JsonReply } from '@skywater/core/http/json-reply';
import {
  SITE_KINDS,
  type SiteKind,
  type SiteCollection,
  type SiteProperties,
} from '@skywater/core/wastewater/site-view';
import { apiRequest } from './http-client';

/** Where a wastewater sample is taken, as core declares it. */
export type { SiteCollection, SiteKind, SiteProperties };

export const siteKinds: readonly SiteKind[] = SITE_KINDS;

/** `GET /api/sites?areaId=`: the sampling sites as GeoJSON (no dates: the reply is the declaration). */
export function fetchSites(
  options: { areaId?: string; signal?: AbortSignal } = {},
): Promise<JsonReply<SiteCollection>> {
  const query = options.areaId ? `?areaId=${encodeURIComponent(options.areaId)}` : '';
  return apiRequest<SiteCollection>(`/api/sites${query}`, { signal: options.signal });
}
