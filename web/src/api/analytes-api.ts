import { apiRequest } from './http-client';

/** A substance the labs measure (`GET /api/analytes`). */
export interface Analyte {
  code: string;
  name: string;
  nameZh: string;
  residue?: string;
  correctionFactor?: number | null;
  provisional?: boolean;
  nameEn?: string;
  aliases?: string[];
  excretedFraction?: number | null;
  source?: string | null;
  updatedAt?: string;
  /** Fields the server may add (flags, bounds): the catalogue screen shows them as they come. */
  [field: string]: unknown;
}

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
export interface AnalyteRevision {
  id: number;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  reason: string;
  actorName: string | null;
  at: string;
}

export function editAnalyte(code: string, edit: AnalyteEdit): Promise<Analyte> {
  return apiRequest<Analyte>(`/api/analytes/${encodeURIComponent(code)}`, { method: 'PATCH', body: edit });
}

export function fetchAnalyteHistory(code: string, signal?: AbortSignal): Promise<AnalyteRevision[]> {
  return apiRequest<AnalyteRevision[]>(`/api/analytes/${encodeURIComponent(code)}/history`, { signal });
}

export function fetchAnalytes(signal?: AbortSignal): Promise<Analyte[]> {
  return apiRequest<Analyte[]>('/api/analytes', { signal });
}

/** An analyte's name in the interface language, its code when the list has not loaded. */
export function analyteLabel(code: string, analytes: readonly Analyte[], language: string): string {
  const analyte = analytes.find((candidate) => candidate.code === code);
  if (!analyte) return code;
  return language === 'zh-CN' ? `${analyte.nameZh}（${analyte.code}）` : `${analyte.name} (${analyte.code})`;
}
