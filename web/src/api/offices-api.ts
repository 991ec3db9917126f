import type { OfficeView } from '@skywater/core/offices/office';
import { apiRequest } from './http-client';

export type Office = OfficeView;

/** The offices the user may see (their own and those below it), parents first. */
export function fetchOffices(signal?: AbortSignal): Promise<Office[]> {
  return apiRequest<Office[]>('/api/offices', { signal });
}
