import type { JsonReply } from '@skywater/core/http/json-reply';
import type {
  FindingAction as FindingStep,
  FindingStatus,
  VerifyOutcome,
} from '@skywater/core/survey/finding-status';
import type {
  FindingCrop,
  FindingDetail,
  FindingEventView,
  FindingEvidence,
  FindingSource,
  FindingTotal,
  FindingView,
} from '@skywater/core/survey/finding-view';
import type { Geometry } from 'geojson';
import { apiRequest } from './http-client';

/** The life of a suspected plot and the finding's shapes, declared in core. */
export type { FindingCrop, FindingEvidence, FindingStatus, FindingTotal };
/** The steps the findings screen offers: every step of core's chain but the re-survey. */
export type FindingAction = Exclude<FindingStep, 'resurvey'>;
export type FindingEvent = FindingEventView;

/** A suspected illicit-crop plot (`GET /api/findings`). */
export type Finding = JsonReply<FindingView>;

/** One finding with its chain of events (`GET /api/findings/:id`, and what every write answers). */
export type FindingWithEvents = JsonReply<FindingDetail>;

export interface NewFinding {
  areaId?: number;
  geometry: Geometry;
  crop: FindingCrop;
  confidence: number;
  source: FindingSource;
  note?: string;
  evidence?: { imageId: number }[];
}

export function fetchFindings(signal?: AbortSignal): Promise<Finding[]> {
  return apiRequest<Finding[]>('/api/findings', { signal });
}

/** `GET /api/findings/:id` with its chain of events. */
export function fetchFinding(id: Finding['id'], signal?: AbortSignal): Promise<FindingWithEvents> {
  return apiRequest<FindingWithEvents>(`/api/findings/${encodeURIComponent(String(id))}`, { signal });
}

export function createFinding(finding: NewFinding): Promise<FindingWithEvents> {
  return apiRequest<FindingWithEvents>('/api/findings', { method: 'POST', body: finding });
}

/** Which steps a finding in `status` allows (verify → eradicate; reject while not eradicated). */
export function findingActionsFor(status: FindingStatus): FindingAction[] {
  if (status === 'suspected') return ['verify', 'reject'];
  if (status === 'verified') return ['eradicate', 'reject'];
  return [];
}

/** What each step records (server/src/survey/findings.ts): who, when, and what was found or done. */
export type FindingStepBody =
  | {
      action: 'verify';
      team: string;
      at: string;
      outcome: VerifyOutcome;
      plants?: number;
      note?: string;
      photos?: { imageId: number; name: string }[];
    }
  | {
      action: 'eradicate';
      team: string;
      at: string;
      areaM2: number;
      plants: number;
      method?: string;
      note?: string;
      photos?: { imageId: number; name: string }[];
    }
  | { action: 'reject'; reason: string; at?: string };

/** `POST /api/findings/:id/verify | eradicate | reject`. */
export function actOnFinding(id: Finding['id'], step: FindingStepBody): Promise<FindingWithEvents> {
  const { action, ...body } = step;
  return apiRequest<FindingWithEvents>(`/api/findings/${encodeURIComponent(String(id))}/${action}`, {
    method: 'POST',
    body,
  });
}

/**
 * `GET /api/findings/totals`: every area's findings by status and what was eradicated there;
 * `ownOnly`: counted over the findings the user recorded (a pilot's list holds only those).
 */
export function fetchFindingTotals(signal?: AbortSignal, ownOnly = false): Promise<FindingTotal[]> {
  return apiRequest<FindingTotal[]>(`/api/findings/totals${ownOnly ? '?recordedBy=me' : ''}`, { signal });
}
