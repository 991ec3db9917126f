import type { JsonReply } from '@skywater/core/http/json-reply';
import { CADENCES, type Cadence, type CampaignView } from '@skywater/core/wastewater/round-view';
import { apiRequest } from './http-client';

export { CADENCES, type Cadence };

/** A sampling campaign: an area's rounds of one kind (plants quarterly, venues monthly…). */
export type Campaign = JsonReply<CampaignView>;

export function fetchCampaigns(signal?: AbortSignal): Promise<Campaign[]> {
  return apiRequest<Campaign[]>('/api/campaigns', { signal });
}

/** `POST /api/campaigns` (analysts and admins). */
export function createCampaign(campaign: {
  name: string;
  areaId?: number;
  cadence?: Cadence;
  /** One of the user's offices; default the area's, else their own. */
  officeId?: number;
}): Promise<Campaign> {
  return apiRequest<Campaign>('/api/campaigns', { method: 'POST', body: campaign });
}
