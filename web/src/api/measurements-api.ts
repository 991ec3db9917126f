import type { JsonReply } from '@skywater/core/http/json-reply';
import type {
  MeasurementCorrection,
  MeasurementHistory as MeasurementHistoryView,
  MeasurementRevision as MeasurementRevisionView,
  StoredMeasurement as StoredMeasurementView,
} from '@skywater/core/wastewater/correction-view';
import { QUALIFIERS, type Qualifier } from '@skywater/core/wastewater/lab-value';
import { apiRequest } from './http-client';

export { QUALIFIERS, type Qualifier };

/** A stored result (ng/L) and its corrections (`GET /api/measurements/:id/history`), as the server declares them. */
export type StoredMeasurement = JsonReply<StoredMeasurementView>;
export type MeasurementRevision = JsonReply<MeasurementRevisionView>;
export type MeasurementHistory = JsonReply<MeasurementHistoryView>;

/** A correction as a lab writes it: the value cell (`12.5`, `<LOQ`, `ND`, `<5`), its unit, why. */
export type Correction = MeasurementCorrection;

export function fetchMeasurementHistory(id: number, signal?: AbortSignal): Promise<MeasurementHistory> {
  return apiRequest<MeasurementHistory>(`/api/measurements/${id}/history`, { signal });
}

export function correctMeasurement(id: number, correction: Correction): Promise<unknown> {
  return apiRequest(`/api/measurements/${id}/corrections`, { method: 'POST', body: correction });
}
