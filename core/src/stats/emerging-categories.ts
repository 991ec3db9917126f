/**
 * The emerging hot-spot categories (Esri's space-time pattern mining names, docs/design.md),
 * declared once: the classifier returns them, the bulletin and the web app print them.
 */
export const EMERGING_HOT_SPOT_CATEGORIES = [
  'new_hot_spot',
  'consecutive_hot_spot',
  'intensifying_hot_spot',
  'persistent_hot_spot',
  'diminishing_hot_spot',
  'sporadic_hot_spot',
  'oscillating_hot_spot',
  'historical_hot_spot',
  'new_cold_spot',
  'consecutive_cold_spot',
  'intensifying_cold_spot',
  'persistent_cold_spot',
  'diminishing_cold_spot',
  'sporadic_cold_spot',
  'oscillating_cold_spot',
  'historical_cold_spot',
  'no_pattern',
] as const;
export type EmergingHotSpotCategory = (typeof EMERGING_HOT_SPOT_CATEGORIES)[number];
