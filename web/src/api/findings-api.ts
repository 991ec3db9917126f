import type { Geometry } from 'geojson';
import { apiRequest } from './http-client';

/** The life of a suspected plot (core/src/survey/finding-status.ts). */
export type FindingStatus = 'suspected' | 'verified' | 'rejected' | 'eradicated' | 'resurveyed';
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
  outcome?: string | null;
  note?: string | null;
  actor?: string | null;
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
  areaId?: string;
  geometry: Geometry;
  crop: FindingCrop;
  confidence: number;
  source: 'analyst';
  note?: string;
  evidence?: { imageId: string }[];
}

export async function fetchFindings(signal?: AbortSignal): Promise<Finding[]> {
  const reply = await apiRequest<Finding[] | { findings: Finding[] } | { type: 'FeatureCollection'; features: { id?: unknown; geometry: Geometry; properties: Omit<Finding, 'geometry'> }[] }>('/api/findings', { signal });
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

/** `POST /api/findings/:id/verify | eradicate | reject`; a verification says whether the plot was found. */
export function actOnFinding(id: Finding['id'], action: FindingAction, note: string, outcome?: 'confirmed' | 'not_found'): Promise<Finding> {
  return apiRequest<Finding>(`/api/findings/${encodeURIComponent(String(id))}/${action}`, { method: 'POST', body: outcome ? { outcome, note } : { note } });
}
