import type { AlertStatus } from './alert-lifecycle';
import type { AlertSeverity } from './alert-signal';

/** An alert as the API answers it (docs/api-contract.md fields plus names for the list). */
export interface AlertView {
  id: number;
  kind: string;
  conditionKey: string;
  siteId: number | null;
  siteCode: string | null;
  siteName: string | null;
  areaId: number | null;
  /** The office that owns the alert (its site's). */
  officeId: number;
  analyte: string | null;
  roundId: number | null;
  roundName: string | null;
  severity: AlertSeverity;
  status: AlertStatus;
  ownerName: string | null;
  /** Who is to look at it (set by an analyst), or null. */
  assigneeName: string | null;
  /** When the round's sample(s) at the site were taken (the evidence), not when scoring ran. */
  sampleCollectedStart: Date | null;
  sampleCollectedEnd: Date | null;
  createdAt: Date;
  updatedAt: Date;
  detail: Record<string, unknown>;
}

/** An alert as the client reads it: the same fields, dates as the ISO strings JSON carries. */
export type AlertReply = {
  [K in keyof AlertView]: AlertView[K] extends Date
    ? string
    : AlertView[K] extends Date | null
      ? string | null
      : AlertView[K];
};

/** One step in an alert's life (`GET /api/alerts/:id` events): an action, an assignment or a note. */
export interface AlertEventView {
  id: number;
  action: string;
  reason: string;
  actorName: string | null;
  at: Date;
}

/** A note on an alert, kept for ever (`POST /api/alerts/:id/notes` answers one). */
export interface AlertNoteView {
  id: number;
  body: string;
  authorName: string | null;
  createdAt: Date;
}

/** An alert with its life and notes, oldest first (`GET /api/alerts/:id`). */
export interface AlertHistoryView extends AlertView {
  events: AlertEventView[];
  notes: AlertNoteView[];
}

/** One site's inbox alerts folded together (`GET /api/alerts?groupBy=site`), the most severe first. */
export interface SiteAlertGroup {
  siteId: number | null;
  siteCode: string | null;
  siteName: string | null;
  areaId: number | null;
  /** The most severe of its alerts. */
  severity: AlertSeverity;
  count: number;
  alerts: AlertView[];
}

/**
 * Counts of `GET /api/alerts/summary` (the header badge and the inbox): live inbox alerts (above
 * low) by status, open ones by severity and by kind, and the live low signals kept on the sites.
 */
export interface AlertSummaryView {
  open: number;
  acknowledged: number;
  escalated: number;
  live: number;
  openBySeverity: Record<AlertSeverity, number>;
  openByKind: Record<string, number>;
  openByKindAndSeverity: Record<string, Partial<Record<AlertSeverity, number>>>;
  signals: number;
}

/** Which figure of a series point an alert's load is: normalised when the point has a population. */
export type AlertLoadField = 'normalisedLoadMgPerDayPer1000' | 'loadMgPerDay';

/**
 * The load behind an alert with its 95 % interval, copied from the site's series point of the
 * alert's round (the point the site drawer marks), so the inbox and the chart show one figure.
 */
export interface AlertLoad {
  field: AlertLoadField;
  value: number;
  lower95: number | null;
  upper95: number | null;
  measurementId: number;
}
