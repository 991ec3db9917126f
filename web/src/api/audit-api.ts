import type { AuditEntryView } from '@skywater/core/audit/audit-entry-view';
import type { JsonReply } from '@skywater/core/http/json-reply';
import { apiRequest } from './http-client';

/** One line of the append-only audit log (`GET /api/audit`), as the server declares it. */
export type AuditEntry = JsonReply<AuditEntryView>;

/** The filters the audit routes take; dates as ISO date-times with an offset. */
export interface AuditFilter {
  entity?: string;
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
}

/** The query string of a filter (empty fields left out), shared by the list and the CSV link. */
export function auditQuery(filter: AuditFilter, limit?: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value) params.set(key, value);
  if (limit) params.set('limit', String(limit));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function fetchAudit(filter: AuditFilter, signal?: AbortSignal): Promise<AuditEntry[]> {
  return apiRequest<AuditEntry[]>(`/api/audit${auditQuery(filter, 200)}`, { signal });
}

/** The link that downloads the same entries as CSV. */
export function auditCsvUrl(filter: AuditFilter): string {
  return `/api/audit.csv${auditQuery(filter)}`;
}
