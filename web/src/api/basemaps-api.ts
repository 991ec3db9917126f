import type { BasemapPack } from '@skywater/core/basemap/basemap-pack-view';
import { apiRequest } from './http-client';
import { postFormWithProgress, type UploadOptions } from './upload-with-progress';

/** An installed basemap pack, as `GET /api/basemaps` lists it and as the server declares it. */
export type { BasemapPack };

export async function fetchBasemaps(signal?: AbortSignal): Promise<BasemapPack[]> {
  return (await apiRequest<{ basemaps: BasemapPack[] }>('/api/basemaps', { signal })).basemaps;
}

/** `POST /api/basemaps` (admin): a .pmtiles or .mbtiles file, with a name when given. */
export function installBasemap(file: File, name: string, options: UploadOptions = {}): Promise<BasemapPack> {
  const form = new FormData();
  if (name.trim()) form.append('name', name.trim());
  form.append('file', file, file.name);
  return postFormWithProgress<BasemapPack>('/api/basemaps', form, options);
}

export function removeBasemap(name: string): Promise<void> {
  return apiRequest<void>(`/api/basemaps/${encodeURIComponent(name)}`, { method: 'DELETE' });
}
