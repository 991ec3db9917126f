import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { JsonReply } from '@skywater/core/http/json-reply';
import type { AreaSummary, AreaWithGeometry } from '@skywater/core/survey/area-view';
import type { CoverageHistory, CoverageHistoryPoint } from '@skywater/core/survey/coverage/coverage-view';
import { apiRequest } from './http-client';

/** A survey area and how much of it the drone images cover (`GET /api/areas`), as the server declares it. */
export type SurveyArea = JsonReply<AreaSummary>;

/** One area with its outline (`GET /api/areas/:id`, `POST /api/areas`). */
export type SurveyAreaWithGeometry = JsonReply<AreaWithGeometry>;

export function fetchAreas(signal?: AbortSignal): Promise<SurveyArea[]> {
  return apiRequest<SurveyArea[]>('/api/areas', { signal });
}

/** Every area, the archived ones included (the admin's list). */
export function fetchAreasWithArchived(signal?: AbortSignal): Promise<SurveyArea[]> {
  return apiRequest<SurveyArea[]>('/api/areas?archived=include', { signal });
}

/** `POST /api/areas/:id/archive` or `/restore`, with a reason (admins; audited). */
export function setAreaArchived(id: SurveyArea['id'], archived: boolean, reason: string): Promise<SurveyArea> {
  return apiRequest<SurveyArea>(`/api/areas/${id}/${archived ? 'archive' : 'restore'}`, {
    method: 'POST',
    body: { reason },
  });
}

/** Every area in use with its outline, in one request (`GET /api/areas?include=geometry`): what the map draws. */
export function fetchAreasWithGeometry(signal?: AbortSignal): Promise<SurveyAreaWithGeometry[]> {
  return apiRequest<SurveyAreaWithGeometry[]>('/api/areas?include=geometry', { signal });
}

export function fetchArea(id: SurveyArea['id'], signal?: AbortSignal): Promise<SurveyAreaWithGeometry> {
  return apiRequest<SurveyAreaWithGeometry>(`/api/areas/${id}`, { signal });
}

/**
 * The link that downloads an area's uncovered parts as KML, for planning a reflight: cut into
 * squares of `partKm` km when given (parts a team can fly one at a time), else whole.
 */
export function areaGapsKmlUrl(id: SurveyArea['id'], partKm?: number): string {
  const cut = partKm === undefined ? '' : `&partKm=${partKm}`;
  return `/api/areas/${id}/gaps?format=kml${cut}`;
}

/** One day of an area's coverage over time, as the server declares it. */
export type CoveragePoint = CoverageHistoryPoint;

/** `GET /api/areas/:id/coverage/history`: per day flown, oldest first, the cumulative km² and %. */
export async function fetchCoverageHistory(
  id: SurveyArea['id'],
  signal?: AbortSignal,
): Promise<CoveragePoint[]> {
  const history = await apiRequest<CoverageHistory>(`/api/areas/${id}/coverage/history`, {
    signal,
  });
  return history.points;
}

/** `GET /api/areas/:id/gaps?format=geojson`: the parts still to fly. */
export function fetchGaps(
  id: SurveyArea['id'],
  signal?: AbortSignal,
): Promise<FeatureCollection<Polygon | MultiPolygon, Record<string, unknown> | null>> {
  return apiRequest(`/api/areas/${id}/gaps?format=geojson`, { signal });
}

/**
 * `GET /api/areas/:id/gaps?partKm=&order=largest`: the parts still to fly, cut into squares of
 * `partKm` km, ranked by size (rank 1 the largest; a sliver left at an edge comes last).
 */
export function fetchGapParts(
  id: SurveyArea['id'],
  partKm: number,
  signal?: AbortSignal,
): Promise<FeatureCollection<Polygon | MultiPolygon, Record<string, unknown> | null>> {
  return apiRequest(`/api/areas/${id}/gaps?format=geojson&partKm=${partKm}&order=largest`, {
    signal,
  });
}

/** `POST /api/areas`: a new survey area from a Polygon or MultiPolygon (WGS84). */
export function createArea(area: {
  name: string;
  city: string;
  geometry: Polygon | MultiPolygon;
  /** One of the user's offices; default their own. */
  officeId?: number;
}): Promise<SurveyAreaWithGeometry> {
  return apiRequest<SurveyAreaWithGeometry>('/api/areas', { method: 'POST', body: area });
}
