import type { JsonReply } from '@skywater/core/http/json-reply';
import type {
  AnalyteEditReply,
  AnalyteRevision as AnalyteRevisionView,
  StoredAnalyte,
} from '@skywater/core/wastewater/analyte-view';
import { apiRequest } from './http-client';

/**
 * A substance the labs measure (`GET /api/analytes`), as the server declares it. The index
 * signature stays while the catalogue screen (web/src/admin) reads fields by name.
 */
export type Analyte = JsonReply<StoredAnalyte> & { [field: string]: unknown };

/** A change an admin makes to an analyte; the reason is required and kept in its history. */
export interface AnalyteEdit {
  correctionFactor?: number | null;
  excretedFraction?: number | null;
  provisional?: boolean;
  source?: string | null;
  nameZh?: string;
  nameEn?: string;
  reason: string;
  [field: string]: unknown;
}

/** One change of an analyte (`GET /api/analytes/:code/history`). */
export type AnalyteRevision = Omit<JsonReply<AnalyteRevisionView>, 'before' | 'after'> & {
  before: Analyte | null;
  after: Analyte | null;
};

export function editAnalyte(code: string, edit: AnalyteEdit): Promise<JsonReply<AnalyteEditReply>> {
  return apiRequest<JsonReply<AnalyteEditReply>>(`/api/analytes/${encodeURIComponent(code)}`, {
    method: 'PATCH',
    body: edit,
  });
}

export function fetchAnalyteHistory(code: string, signal?: AbortSignal): Promise<AnalyteRevision[]> {
  return apiRequest<AnalyteRevision[]>(`/api/analytes/${encodeURIComponent(code)}/history`, { signal });
}

export function fetchAnalytes(signal?: AbortSignal): Promise<Analyte[]> {
  return apiRequest<Analyte[]>('/api/analytes', { signal });
}

/** An analyte's name in the interface language, its code when the list has not loaded. */
export function analyteLabel(
  code: string,
  analytes: readonly Pick<Analyte, 'code' | 'name' | 'nameZh'>[],
  language: string,
): string {
  const analyte = analytes.find((candidate) => candidate.code === code);
  if (!analyte) return code;
  return language === 'zh-CN' ? `${analyte.nameZh}（${analyte.code}）` : `${analyte.name} (${analyte.code})`;
}
