import { apiRequest } from './http-client';

/** How often a campaign's rounds come (`cadence` of `POST /api/campaigns`). */
export const CADENCES = ['weekly', 'monthly', 'bimonthly', 'quarterly', 'yearly', 'ad_hoc'] as const;
export type Cadence = (typeof CADENCES)[number];

/** A sampling campaign: an area's rounds of one kind (plants quarterly, venues monthly…). */
export interface Campaign {
  id: number;
  name: string;
  /** The survey area it belongs to; null for the global default campaign. */
  areaId: number | string | null;
  cadence: Cadence | null;
  createdAt: string;
}

export function fetchCampaigns(signal?: AbortSignal): Promise<Campaign[]> {
  return apiRequest<Campaign[]>('/api/campaigns', { signal });
}

/** `POST /api/campaigns` (analysts and admins). */
export function createCampaign(campaign: {
  name: string;
  areaId?: number;
  cadence?: Cadence;
}): Promise<Campaign> {
  return apiRequest<Campaign>('/api/campaigns', { method: 'POST', body: campaign });
}
