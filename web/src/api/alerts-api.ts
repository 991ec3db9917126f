import { apiRequest } from './http-client';

export type AlertStatus = 'open' | 'acknowledged' | 'escalated' | 'dismissed' | 'resolved';
export const alertStatuses: readonly AlertStatus[] = [
  'open',
  'acknowledged',
  'escalated',
  'dismissed',
  'resolved',
];

export type AlertSeverity = 'low' | 'medium' | 'high';

/** An alert raised by the scoring workers (`GET /api/alerts`). */
export interface Alert {
  id: number | string;
  kind: string;
  siteId: number | string | null;
  analyte: string | null;
  roundId: number | string | null;
  severity: AlertSeverity | string;
  status: AlertStatus;
  createdAt: string;
  detail: Record<string, unknown> | null;
  /** Joined in by the server; the inbox falls back to the site and round lists without them. */
  siteCode?: string | null;
  siteName?: string | null;
  roundName?: string | null;
  areaId?: number | string | null;
  updatedAt?: string;
}

export interface AlertQuery {
  status?: AlertStatus | '';
  areaId?: string;
  roundId?: string;
  kind?: string;
  siteId?: string;
}

export type AlertAction = 'acknowledge' | 'escalate' | 'dismiss';

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

export const alertsStreamPath = '/api/alerts/stream';
