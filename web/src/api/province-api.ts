import type { JsonReply } from '@skywater/core/http/json-reply';
import type { ProvinceComparisonView } from '@skywater/core/province/province-comparison-view';
import { apiRequest } from './http-client';

export type ProvinceComparison = JsonReply<ProvinceComparisonView>;
export type ProvinceComparisonRow = ProvinceComparison['rows'][number];
export type ProvinceComparisonFigures = ProvinceComparison['total'];

/** What the comparison is asked for; empty fields are left to the server (its default period, METH, the user's office). */
export interface ProvinceComparisonQuery {
  officeId: string;
  from: string;
  to: string;
  analyte: string;
}

function search(query: ProvinceComparisonQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  return params.toString();
}

/** `GET /api/province/comparison`: the offices below one side by side. */
export function fetchProvinceComparison(
  query: ProvinceComparisonQuery,
  signal?: AbortSignal,
): Promise<ProvinceComparison> {
  return apiRequest<ProvinceComparison>(`/api/province/comparison?${search(query)}`, { signal });
}

/** `GET /api/province/comparison.csv`: the same table as CSV. */
export function provinceComparisonCsvUrl(query: ProvinceComparisonQuery): string {
  return `/api/province/comparison.csv?${search(query)}`;
}
