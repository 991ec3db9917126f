import type { JsonReply } from '@skywater/core/http/json-reply';
import type {
  SampleCorrection,
  SampleHistory,
  SampleRevision as SampleRevisionView,
  StoredSample,
} from '@skywater/core/wastewater/correction-view';
import { apiRequest } from './http-client';

/** A stored sample's flow and population, and what a correction of them sends, as core declares them. */
export type { SampleCorrection, StoredSample };

/** One correction of a sample: old and new flow (m³/d) and population, why, who, when. */
export type SampleRevision = JsonReply<SampleRevisionView>;

/** `GET /api/samples/:id/history`: the sample now and its corrections, oldest first. */
export function fetchSampleHistory(sampleId: number, signal?: AbortSignal): Promise<JsonReply<SampleHistory>> {
  return apiRequest(`/api/samples/${sampleId}/history`, { signal });
}

/** `POST /api/samples/:id/corrections`: flow and/or population, with a reason (re-scored). */
export function correctSample(sampleId: number, correction: SampleCorrection): Promise<unknown> {
  return apiRequest(`/api/samples/${sampleId}/corrections`, { method: 'POST', body: correction });
}
