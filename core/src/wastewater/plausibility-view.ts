import type { PlausibilityBound, PlausibilityQuantity } from './plausibility-bounds';

/** `GET /api/plausibility-bounds`: each quantity's unit, the shipped bounds and what admins stored (these win). */
export interface PlausibilityBoundsView {
  /** The unit each quantity's bounds are written in (ng/L, m³/d, persons, %). */
  units: Readonly<Record<PlausibilityQuantity, string>>;
  defaults: readonly PlausibilityBound[];
  stored: PlausibilityBound[];
}
