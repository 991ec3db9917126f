/** How often a campaign's rounds come (`cadence` of `POST /api/campaigns`). */
export const CADENCES = ['weekly', 'monthly', 'bimonthly', 'quarterly', 'yearly', 'ad_hoc'] as const;
export type Cadence = (typeof CADENCES)[number];

/**
 * A sampling round as `GET /api/rounds` lists it and `POST /api/rounds` answers it; dates as
 * `YYYY-MM-DD` (a round is days, not instants).
 */
export interface RoundView {
  id: number;
  name: string;
  startsOn: string;
  endsOn: string;
  /** The campaign it belongs to (the default campaign when none was named). */
  campaignId: number;
  /** When it was closed (it takes no more results); null while open. */
  closedAt: Date | null;
  /** The office it belongs to (its campaign's). */
  officeId: number;
}

/** A sampling campaign: an area's rounds of one kind (plants quarterly, venues monthly…). */
export interface CampaignView {
  id: number;
  name: string;
  /** The survey area it belongs to; null for the global default campaign. */
  areaId: number | null;
  /** That area's name (archived or not), so a reader without the area list can name it. */
  areaName: string | null;
  cadence: Cadence | null;
  createdAt: Date;
  /** The office it belongs to. */
  officeId: number;
}
