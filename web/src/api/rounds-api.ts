import { apiRequest } from './http-client';

/** A sampling round (docs/api-contract.md, "Places and rounds"); dates as `YYYY-MM-DD`. */
export interface Round {
  id: number | string;
  name: string;
  startsOn: string;
  endsOn: string;
  /** The campaign it belongs to (the default campaign when none was named). */
  campaignId?: number | string | null;
  /** When it was closed (it takes no more results); null while open. */
  closedAt?: string | null;
}

export type NewRound = Pick<Round, 'name' | 'startsOn' | 'endsOn'> & { campaignId?: number };

/** `GET /api/rounds`, oldest first. */
export async function fetchRounds(signal?: AbortSignal): Promise<Round[]> {
  const rounds = await apiRequest<Round[]>('/api/rounds', { signal });
  return [...rounds].sort((a, b) => a.startsOn.localeCompare(b.startsOn));
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
