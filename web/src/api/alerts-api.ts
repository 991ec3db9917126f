import { apiRequest } from './http-client';

export type AlertStatus = 'open' | 'acknowledged' | 'escalated' | 'dismissed';

/** An alert raised by the scoring workers (`GET /api/alerts`). */
export interface Alert {
  id: string;
  kind: string;
  siteId: string;
  analyte: string;
  roundId: string;
  severity: string;
  status: AlertStatus;
  createdAt: string;
  detail: unknown;
}

export function fetchAlerts(query: { status?: AlertStatus; areaId?: string; roundId?: string } = {}, signal?: AbortSignal): Promise<Alert[]> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  const search = params.size > 0 ? `?${params.toString()}` : '';
  return apiRequest<Alert[]>(`/api/alerts${search}`, { signal });
}
