/** The kinds of alert the workers raise; each has its own rule file in this folder. */
export const ALERT_KINDS = [
  'trend_rising',
  'spike',
  'hotspot',
  'amp_meth_ratio',
  'cocaine_without_be',
  'implausible_load',
  'first_detection',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_SEVERITIES = ['low', 'medium', 'high'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/**
 * A condition a rule found in the data. `conditionKey` names the condition, not the evidence:
 * one live alert exists per key, and raising the same signal twice adds nothing.
 */
export interface AlertSignal {
  readonly kind: AlertKind;
  readonly conditionKey: string;
  readonly siteId: number;
  readonly analyteCode: string | null;
  /** The round whose data shows the condition (the latest such round after merging). */
  readonly roundId: number;
  /** Position of that round among all rounds (oldest 0): lets merging keep the latest. */
  readonly roundIndex: number;
  readonly severity: AlertSeverity;
  /** The numbers behind the signal, for the analyst (stored as the alert's `detail`). */
  readonly detail: Readonly<Record<string, unknown>>;
}

/** The higher of two severities (high > medium > low). */
export function maxSeverity(a: AlertSeverity, b: AlertSeverity): AlertSeverity {
  return ALERT_SEVERITIES.indexOf(a) >= ALERT_SEVERITIES.indexOf(b) ? a : b;
}

/** Rounds a number for an alert's detail (6 significant digits): the analyst reads it, JSON stores it. */
export function detailNumber(value: number | null | undefined): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  return Number(value.toPrecision(6));
}
