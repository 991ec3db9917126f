import type { MultiPolygon, Polygon } from 'geojson';
import { apiRequest } from './http-client';

/** A survey area and how much of it the drone images cover (`GET /api/areas`). */
export interface SurveyArea {
  id: string;
  name: string;
  city: string;
  areaKm2: number;
  coveredKm2: number;
  coveragePct: number;
  updatedAt: string;
}

export interface SurveyAreaWithGeometry extends SurveyArea {
  geometry: Polygon | MultiPolygon;
}

export function fetchAreas(signal?: AbortSignal): Promise<SurveyArea[]> {
  return apiRequest<SurveyArea[]>('/api/areas', { signal });
}

export function fetchArea(id: string, signal?: AbortSignal): Promise<SurveyAreaWithGeometry> {
  return apiRequest<SurveyAreaWithGeometry>(`/api/areas/${encodeURIComponent(id)}`, { signal });
}

/** The link that downloads an area's uncovered parts as KML, for planning a reflight. */
export function areaGapsKmlUrl(id: string): string {
  return `/api/areas/${encodeURIComponent(id)}/gaps?format=kml`;
}
