import { apiRequest } from './http-client';
import { postFormWithProgress, type UploadOptions } from './upload-with-progress';

/** A DEM loaded on the server (`GET /api/terrain`), finest first. */
export interface Dem {
  id: number;
  name: string;
  crsEpsg: number | null;
  crsName: string;
  widthPx: number;
  heightPx: number;
  resolutionM: number;
  sizeBytes: number;
  /** West, south, east, north in degrees (WGS 84). */
  bboxWgs84: [number, number, number, number];
  createdAt: string;
  createdBy: string | null;
}

export function fetchDems(signal?: AbortSignal): Promise<Dem[]> {
  return apiRequest<Dem[]>('/api/terrain', { signal });
}

/** `POST /api/terrain` (admins): a GeoTIFF DEM in the multipart field `file`. */
export function uploadDem(file: File, options: UploadOptions = {}): Promise<Dem> {
  const form = new FormData();
  form.append('file', file, file.name);
  return postFormWithProgress<Dem>('/api/terrain', form, options);
}
