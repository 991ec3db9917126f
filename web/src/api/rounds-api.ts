import type { JsonReply } from '@skywater/core/http/json-reply';
import type { RoundView } from '@skywater/core/wastewater/round-view';
import { apiRequest } from './http-client';

/** A sampling round (docs/api-contract.md, "Places and rounds"); dates as `YYYY-MM-DD`. */
export type Round = JsonReply<RoundView>;

/** Without a campaign, `officeId` names the office whose default campaign the round joins. */
export type NewRound = Pick<Round, 'name' | 'startsOn' | 'endsOn'> & {
  campaignId?: number;
  officeId?: number;
};

/** `GET /api/rounds`, oldest first. */
export async function fetchRounds(signal?: AbortSignal): Promise<Round[]> {
  const rounds = await apiRequest<Round[]>('/api/rounds', { signal });
  // ISO dates sort as plain text: no collation needed (cheaper than localeCompare).
  return [...rounds].sort((a, b) => (a.startsOn < b.startsOn ? -1 : a.startsOn > b.startsOn ? 1 : 0));
}

/** `POST /api/rounds`. */
export function createRound(round: NewRound): Promise<Round> {
  return apiRequest<Round>('/api/rounds', { method: 'POST', body: round });
}

/** `POST /api/rounds/:id/close` with a reason: the round takes no more results. */
export function closeRound(id: Round['id'], reason: string): Promise<Round> {
  return apiRequest<Round>(`/api/rounds/${encodeURIComponent(String(id))}/close`, {
    method: 'POST',
    body: { reason },
  });
}
