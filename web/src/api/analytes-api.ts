import { apiRequest } from './http-client';

/** A substance the labs measure (`GET /api/analytes`). */
export interface Analyte {
  code: string;
  name: string;
  nameZh: string;
  residue?: string;
  correctionFactor?: number;
  provisional?: boolean;
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
