import { apiRequest } from './http-client';
import { postFormWithProgress, type UploadOptions } from './upload-with-progress';

/** An installed basemap pack, as `GET /api/basemaps` lists it (docs/api-contract.md, "Basemap packs"). */
export interface BasemapPack {
  name: string;
  title: string;
  kind: 'vector' | 'raster';
  format: 'pmtiles';
  tileType: 'mvt' | 'png' | 'jpeg' | 'webp' | 'avif';
  /** West, south, east, north (degrees). */
  bounds: [number, number, number, number];
  center: [number, number];
  minZoom: number;
  maxZoom: number;
  attribution: string;
  vectorLayers: string[];
  sizeBytes: number;
  installedAt: string;
  /** `/basemaps/<name>/{z}/{x}/{y}`, on this origin. */
  tileUrl: string;
  archiveUrl: string;
}

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
