import { QUALIFIERS, type Qualifier } from '@skywater/core/wastewater/lab-value';
import { apiRequest } from './http-client';

export { QUALIFIERS, type Qualifier };

/** A stored result as `GET /api/measurements/:id/history` returns it (ng/L). */
export interface StoredMeasurement {
  id: number;
  /** The stored sample (its flow and population are corrected there). */
  sampleId: number;
  analyteCode: string;
  replicate: number;
  qualifier: Qualifier;
  valueNgL: number | null;
  loqNgL: number | null;
  revised: boolean;
  revisedAt: string | null;
}

/** One correction: what it was, what it became, why, who, when. */
export interface MeasurementRevision {
  id: number;
  oldQualifier: Qualifier;
  oldValueNgL: number | null;
  oldLoqNgL: number | null;
  newQualifier: Qualifier;
  newValueNgL: number | null;
  newLoqNgL: number | null;
  enteredValue: string | null;
  enteredUnit: string | null;
  reason: string;
  actorName: string | null;
  at: string;
}

export interface MeasurementHistory {
  measurement: StoredMeasurement;
  revisions: MeasurementRevision[];
}

export interface Correction {
  value: number | string | null;
  unit?: string;
  qualifier?: Qualifier;
  reason: string;
}

export function fetchMeasurementHistory(id: number, signal?: AbortSignal): Promise<MeasurementHistory> {
  return apiRequest<MeasurementHistory>(`/api/measurements/${id}/history`, { signal });
}

export function correctMeasurement(id: number, correction: Correction): Promise<unknown> {
  return apiRequest(`/api/measurements/${id}/corrections`, { method: 'POST', body: correction });
}
