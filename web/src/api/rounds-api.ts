import { apiRequest } from './http-client';

/** A sampling round (docs/api-contract.md, "Places and rounds"); dates as `YYYY-MM-DD`. */
export interface Round {
  id: number | string;
  name: string;
  startsOn: string;
  endsOn: string;
}

/** `GET /api/rounds`, oldest first. */
export async function fetchRounds(signal?: AbortSignal): Promise<Round[]> {
  const rounds = await apiRequest<Round[]>('/api/rounds', { signal });
  return [...rounds].sort((a, b) => a.startsOn.localeCompare(b.startsOn));
}

/** `POST /api/rounds`. */
export function createRound(round: Omit<Round, 'id'>): Promise<Round> {
  return apiRequest<Round>('/api/rounds', { method: 'POST', body: round });
}
