import { apiRequest } from './http-client';

/** A stored sample's flow and population (`GET /api/samples/:id/history`). */
export interface StoredSample {
  id: number;
  labSampleId: string;
  siteKind: string;
  flowM3PerDay: number | null;
  population: number | null;
  revised: boolean;
}

/** One correction of a sample: old and new flow (m³/d) and population, why, who, when. */
export interface SampleRevision {
  id: number;
  oldFlowM3PerDay: number | null;
  oldPopulation: number | null;
  newFlowM3PerDay: number | null;
  newPopulation: number | null;
  reason: string;
  actorName: string | null;
  at: string;
}

export interface SampleCorrection {
  flowM3PerDay?: number;
  population?: number;
  reason: string;
}

export function fetchSampleHistory(
  sampleId: number,
  signal?: AbortSignal,
): Promise<{ sample: StoredSample; revisions: SampleRevision[] }> {
  return apiRequest(`/api/samples/${sampleId}/history`, { signal });
}

/** `POST /api/samples/:id/corrections`: flow and/or population, with a reason (re-scored). */
export function correctSample(sampleId: number, correction: SampleCorrection): Promise<unknown> {
  return apiRequest(`/api/samples/${sampleId}/corrections`, { method: 'POST', body: correction });
}
