import type { JsonReply } from '@skywater/core/http/json-reply';
import type { DemView } from '@skywater/core/survey/terrain/dem-view';
import { apiRequest } from './http-client';
import { postFormWithProgress, type UploadOptions } from './upload-with-progress';

/** A DEM loaded on the server (`GET /api/terrain`), finest first, as the server declares it. */
export type Dem = JsonReply<DemView>;

export function fetchDems(signal?: AbortSignal): Promise<Dem[]> {
  return apiRequest<Dem[]>('/api/terrain', { signal });
}

/** `POST /api/terrain` (admins): a GeoTIFF DEM in the multipart field `file`. */
export function uploadDem(file: File, options: UploadOptions = {}): Promise<Dem> {
  const form = new FormData();
  form.append('file', file, file.name);
  return postFormWithProgress<Dem>('/api/terrain', form, options);
}
