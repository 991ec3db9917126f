import type { SurveyArea } from '../api/areas-api';

/** What the ordering needs of a flight: its area, who flew it and who uploaded it, when. */
export interface FlightForOrder {
  areaId: number | null;
  pilot?: string | null;
  /** The account that uploaded it: the user's own flight whatever name was typed as its pilot. */
  uploadedBy?: string | null;
  startedAt?: string | null;
}

/**
 * Survey areas as a pilot wants them: the areas they flew or uploaded themselves first (by the
 * pilot's name or by their user name), then every area
 * by its latest flight (newest first), then the rest by the time their coverage last changed.
 * Not by coverage: the least-covered areas are often those nobody is flying yet.
 */
export function areasByActivity<T extends Pick<SurveyArea, 'id' | 'updatedAt'>>(
  areas: readonly T[],
  flights: readonly FlightForOrder[],
  userName: string,
): T[] {
  const me = userName.trim().toLowerCase();
  const mine = (name: string | null | undefined) => !!name && name.trim().toLowerCase() === me;
  const latest = new Map<string, string>();
  const own = new Set<string>();
  for (const flight of flights) {
    const key = String(flight.areaId);
    if (mine(flight.pilot) || mine(flight.uploadedBy)) own.add(key);
    const at = flight.startedAt ?? '';
    if (at > (latest.get(key) ?? '')) latest.set(key, at);
  }
  return [...areas].sort((a, b) => {
    const ownOrder = Number(own.has(String(b.id))) - Number(own.has(String(a.id)));
    if (ownOrder !== 0) return ownOrder;
    const flown = (latest.get(String(b.id)) ?? '').localeCompare(latest.get(String(a.id)) ?? '');
    if (flown !== 0) return flown;
    return (b.updatedAt ?? '').localeCompare(a.updatedAt ?? '');
  });
}
