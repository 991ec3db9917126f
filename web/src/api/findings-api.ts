import type { FindingStatus } from '@skywater/core/survey/finding-status';
import type { Geometry } from 'geojson';
import { apiRequest } from './http-client';

/** The life of a suspected plot, declared in core. */
export type { FindingStatus };
export type FindingCrop = 'opium_poppy' | 'cannabis' | 'other';
export type FindingAction = 'verify' | 'eradicate' | 'reject';

export interface FindingEvidence {
  imageId?: number | string;
  sha256?: string;
  url?: string;
  name?: string;
}

export interface FindingEvent {
  kind: string;
  at: string;
  team?: string | null;
  outcome?: string | null;
  detail?: Record<string, unknown> | null;
  actor?: string | null;
  fromStatus?: string | null;
  toStatus?: string | null;
}

/** A suspected illicit-crop plot (`GET /api/findings`). */
export interface Finding {
  id: number | string;
  areaId?: number | string | null;
  geometry: Geometry;
  crop: FindingCrop | string;
  confidence: number;
  source?: string;
  status: FindingStatus;
  evidence?: FindingEvidence[];
  note?: string | null;
  createdAt?: string;
  events?: FindingEvent[];
}

export interface NewFinding {
  areaId?: number;
  geometry: Geometry;
  crop: FindingCrop;
  confidence: number;
  source: 'analyst' | 'model';
  note?: string;
  evidence?: { imageId: number }[];
}

export async function fetchFindings(signal?: AbortSignal): Promise<Finding[]> {
  const reply = await apiRequest<
    | Finding[]
    | { findings: Finding[] }
    | {
        type: 'FeatureCollection';
        features: { id?: unknown; geometry: Geometry; properties: Omit<Finding, 'geometry'> }[];
      }
  >('/api/findings', { signal });
  if (Array.isArray(reply)) return reply;
  if ('findings' in reply) return reply.findings;
  return reply.features.map((feature) => ({ ...feature.properties, geometry: feature.geometry }));
}

/** `GET /api/findings/:id` with its chain of events, when the server has the route. */
export function fetchFinding(id: Finding['id'], signal?: AbortSignal): Promise<Finding> {
  return apiRequest<Finding>(`/api/findings/${encodeURIComponent(String(id))}`, { signal });
}

export function createFinding(finding: NewFinding): Promise<Finding> {
  return apiRequest<Finding>('/api/findings', { method: 'POST', body: finding });
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
      outcome: 'confirmed' | 'not_found';
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
export function actOnFinding(id: Finding['id'], step: FindingStepBody): Promise<Finding> {
  const { action, ...body } = step;
  return apiRequest<Finding>(`/api/findings/${encodeURIComponent(String(id))}/${action}`, {
    method: 'POST',
    body,
  });
}

/** One survey area's line of `GET /api/findings/totals` (areaId null: findings outside every area). */
export interface FindingTotal {
  areaId: number | null;
  areaName: string | null;
  byStatus: Partial<Record<FindingStatus, number>>;
  plantsEradicated: number;
  areaEradicatedM2: number;
}

/** `GET /api/findings/totals`: every area's findings by status and what was eradicated there. */
export function fetchFindingTotals(signal?: AbortSignal): Promise<FindingTotal[]> {
  return apiRequest<FindingTotal[]>('/api/findings/totals', { signal });
}
