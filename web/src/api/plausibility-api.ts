import type { JsonReply } from '@skywater/core/http/json-reply';
import {
  PLAUSIBILITY_QUANTITIES,
  type PlausibilityBound,
  type PlausibilityQuantity,
} from '@skywater/core/wastewater/plausibility-bounds';
import type { PlausibilityBoundsView } from '@skywater/core/wastewater/plausibility-view';
import { SITE_KINDS } from '@skywater/core/wastewater/site-view';
import { apiRequest } from './http-client';

export { SITE_KINDS };

export { PLAUSIBILITY_QUANTITIES };
export type { PlausibilityBound, PlausibilityQuantity };

/** `GET /api/plausibility-bounds`, as the server declares it: units, shipped bounds, and the stored ones that win. */
export type PlausibilityBounds = JsonReply<PlausibilityBoundsView>;

export function fetchPlausibilityBounds(signal?: AbortSignal): Promise<PlausibilityBounds> {
  return apiRequest<PlausibilityBounds>('/api/plausibility-bounds', { signal });
}

/** `PUT /api/plausibility-bounds`: sets one scope's bound with its source and a reason (audited). */
export function putPlausibilityBound(
  bound: PlausibilityBound & { reason: string },
): Promise<PlausibilityBound> {
  return apiRequest<PlausibilityBound>('/api/plausibility-bounds', { method: 'PUT', body: bound });
}

/** The audit id of a scope, as the server writes it (`quantity:analyte:siteKind`, `*` for any). */
export function boundScopeId(
  bound: Pick<PlausibilityBound, 'quantity' | 'analyteCode' | 'siteKind'>,
): string {
  return [bound.quantity, bound.analyteCode ?? '*', bound.siteKind ?? '*'].join(':');
}

/**
 * The bounds in force, one per scope: a stored bound replaces the default of the same scope.
 * Each is marked with where it comes from.
 */
export function boundsInForce(bounds: PlausibilityBounds): (PlausibilityBound & { stored: boolean })[] {
  const storedIds = new Set(bounds.stored.map(boundScopeId));
  return [
    ...bounds.defaults
      .filter((bound) => !storedIds.has(boundScopeId(bound)))
      .map((b) => ({ ...b, stored: false })),
    ...bounds.stored.map((b) => ({ ...b, stored: true })),
  ].sort(
    (a, b) =>
      PLAUSIBILITY_QUANTITIES.indexOf(a.quantity) - PLAUSIBILITY_QUANTITIES.indexOf(b.quantity) ||
      boundScopeId(a).localeCompare(boundScopeId(b)),
  );
}
