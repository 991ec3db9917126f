import { ALERT_STATUSES, type AlertAction, type AlertStatus } from '@skywater/core/alerts/alert-lifecycle';
import { ALERT_SEVERITIES, type AlertSeverity } from '@skywater/core/alerts/alert-signal';
import type {
  AlertEventView,
  AlertLoad,
  AlertNoteView,
  AlertReply,
  AlertSummaryView,
} from '@skywater/core/alerts/alert-view';
import type { JsonReply } from '@skywater/core/http/json-reply';
import { apiRequest } from './http-client';

export type { AlertAction, AlertLoad, AlertSeverity, AlertStatus };
export const alertStatuses: readonly AlertStatus[] = ALERT_STATUSES;
export const alertSeverities: readonly AlertSeverity[] = ALERT_SEVERITIES;

/**
 * An alert raised by the scoring workers (`GET /api/alerts`), as the server declares it, with
 * the round's load and its 95 % interval the inbox list joins in.
 */
export type Alert = AlertReply & { load?: AlertLoad | null };

/** What was done to an alert (`GET /api/alerts/:id` events), as the server declares it. */
export type AlertEvent = JsonReply<AlertEventView>;

export type AlertNote = JsonReply<AlertNoteView>;

export interface AlertWithHistory extends Alert {
  events: AlertEvent[];
  notes: AlertNote[];
}

/** Counts of `GET /api/alerts/summary`: live inbox alerts by status, open ones by kind × severity. */
export type AlertSummary = AlertSummaryView;

export interface AlertQuery {
  status?: AlertStatus | '';
  areaId?: string;
  roundId?: string;
  kind?: string;
  siteId?: string;
  severity?: AlertSeverity | '';
}

function queryString(query: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  return params.size > 0 ? `?${params.toString()}` : '';
}

export async function fetchAlerts(query: AlertQuery = {}, signal?: AbortSignal): Promise<Alert[]> {
  const reply = await apiRequest<Alert[] | { alerts: Alert[] }>(`/api/alerts${queryString(query)}`, {
    signal,
  });
  return Array.isArray(reply) ? reply : reply.alerts;
}

/** A site's live low-tier signals (kept out of the inbox), most recent first. */
export function fetchSiteSignals(siteId: number, signal?: AbortSignal): Promise<Alert[]> {
  return apiRequest<Alert[]>(`/api/sites/${encodeURIComponent(String(siteId))}/signals`, { signal });
}

/**
 * The number of open alerts from `GET /api/alerts/summary`. Accepts `{ open }`,
 * `{ byStatus: { open } }` or `{ counts: { open } }`; null when the reply has none of them.
 */
export function openCountOfSummary(summary: unknown): number | null {
  if (typeof summary !== 'object' || summary === null) return null;
  const record = summary as Record<string, unknown>;
  for (const candidate of [
    record.open,
    (record.byStatus as Record<string, unknown> | undefined)?.open,
    (record.counts as Record<string, unknown> | undefined)?.open,
  ]) {
    if (typeof candidate === 'number') return candidate;
  }
  return null;
}

/** Open alerts: the summary route when the server has it, else the length of the open list. */
export async function fetchOpenAlertCount(signal?: AbortSignal): Promise<number> {
  try {
    const count = openCountOfSummary(await apiRequest<unknown>('/api/alerts/summary', { signal }));
    if (count !== null) return count;
  } catch (error) {
    if (!(error instanceof Error && 'status' in error && error.status === 404)) throw error;
  }
  return (await fetchAlerts({ status: 'open' }, signal)).length;
}

/** `POST /api/alerts/:id/acknowledge | escalate | dismiss` with the reason the user gave. */
export function actOnAlert(id: Alert['id'], action: AlertAction, reason: string): Promise<Alert> {
  return apiRequest<Alert>(`/api/alerts/${encodeURIComponent(String(id))}/${action}`, {
    method: 'POST',
    body: { reason },
  });
}

/** `POST /api/alerts/bulk`: one step with one reason on many alerts, all or nothing. */
export function actOnAlerts(
  ids: readonly Alert['id'][],
  action: AlertAction,
  reason: string,
): Promise<Alert[]> {
  return apiRequest<Alert[]>('/api/alerts/bulk', {
    method: 'POST',
    body: { ids: ids.map(Number), action, reason },
  });
}

/** `POST /api/alerts/:id/assign`: to an analyst by user name, or back to nobody with null. */
export function assignAlert(id: Alert['id'], username: string | null): Promise<Alert> {
  return apiRequest<Alert>(`/api/alerts/${encodeURIComponent(String(id))}/assign`, {
    method: 'POST',
    body: { username },
  });
}

export function fetchAlertWithHistory(id: Alert['id'], signal?: AbortSignal): Promise<AlertWithHistory> {
  return apiRequest<AlertWithHistory>(`/api/alerts/${encodeURIComponent(String(id))}`, { signal });
}

export function addAlertNote(id: Alert['id'], body: string): Promise<AlertNote> {
  return apiRequest<AlertNote>(`/api/alerts/${encodeURIComponent(String(id))}/notes`, {
    method: 'POST',
    body: { body },
  });
}

export function fetchAlertSummary(signal?: AbortSignal): Promise<AlertSummary> {
  return apiRequest<AlertSummary>('/api/alerts/summary', { signal });
}

export const alertsStreamPath = '/api/alerts/stream';
