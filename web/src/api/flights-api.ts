import type { JsonReply } from '@skywater/core/http/json-reply';
import type { CameraView } from '@skywater/core/survey/camera-view';
import type {
  FlightDetail,
  FlightProgress,
  FlightSummary as FlightSummaryView,
} from '@skywater/core/survey/flight-view';
import type {
  FlightImage,
  ImageDetail,
  ImageUploadReply as ImageUploadView,
} from '@skywater/core/survey/image-view';
import { apiRequest } from './http-client';
import { postFormWithProgress, type UploadOptions } from './upload-with-progress';

/** A camera model the footprint maths knows (`GET /api/cameras`), as the server declares it. */
export type Camera = CameraView;

/** A flight as listed and as its upload answers it (`POST /api/flights`), as the server declares it. */
export type FlightSummary = JsonReply<FlightSummaryView>;

/** One flight with its track (`GET /api/flights/:id`). */
export type Flight = JsonReply<FlightDetail>;

/** A flight's photo counts and its area's coverage, as its live stream sends them. */
export type FlightProgressReply = JsonReply<FlightProgress>;

/** The live stream of a flight's processing (Server-Sent Events, `progress` events). */
export function flightStreamPath(id: FlightSummary['id'] | string): string {
  return `/api/flights/${encodeURIComponent(String(id))}/stream`;
}

/** What a photo upload answers: the photos kept and those refused, each with why. */
export type ImageUploadReply = JsonReply<ImageUploadView>;

/** One survey photo with its footprint (`GET /api/images/:id`). */
export type SurveyImage = JsonReply<ImageDetail>;

export async function fetchCameras(signal?: AbortSignal): Promise<Camera[]> {
  return apiRequest<Camera[]>('/api/cameras', { signal });
}

export interface FlightFields {
  areaId: string;
  cameraModel: string;
  team: string;
  pilot: string;
}

/** `POST /api/flights`: the flight log (GPX, KML, KMZ, CSV or GeoJSON) with its fields. */
export function uploadFlightLog(
  file: File,
  fields: FlightFields,
  options: UploadOptions = {},
): Promise<FlightSummary> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', file, file.name);
  return postFormWithProgress<FlightSummary>('/api/flights', form, options);
}

/** `POST /api/flights/:id/images` with one or more JPEGs (field `files`); 202, work continues in the workers. */
export function uploadFlightImages(
  flightId: FlightSummary['id'] | string,
  files: readonly File[],
  options: UploadOptions = {},
): Promise<ImageUploadReply> {
  const form = new FormData();
  for (const file of files) form.append('files', file, file.name);
  return postFormWithProgress<ImageUploadReply>(
    `/api/flights/${encodeURIComponent(String(flightId))}/images`,
    form,
    // Every photo refused: 422 with the same per-file list as a 202.
    { ...options, isAnswer: (status) => status === 422 },
  );
}

export function fetchFlight(id: FlightSummary['id'] | string, signal?: AbortSignal): Promise<Flight> {
  return apiRequest<Flight>(`/api/flights/${encodeURIComponent(String(id))}`, { signal });
}

export function fetchImage(id: SurveyImage['id'] | string, signal?: AbortSignal): Promise<SurveyImage> {
  return apiRequest<SurveyImage>(`/api/images/${encodeURIComponent(String(id))}`, { signal });
}

/** The web preview of a survey photo (the original is kept untouched on the server). */
export function imagePreviewUrl(id: SurveyImage['id'] | string): string {
  return `/api/images/${encodeURIComponent(String(id))}/preview`;
}

/** A flight as listed (`GET /api/flights`), newest first, with who flew it. */
export type FlightListEntry = FlightSummary;

/** `GET /api/flights`, optionally of one area. */
export function fetchFlights(areaId?: string, signal?: AbortSignal): Promise<FlightListEntry[]> {
  const query = areaId ? `?areaId=${encodeURIComponent(areaId)}` : '';
  return apiRequest<FlightListEntry[]>(`/api/flights${query}`, { signal });
}

/** One photo of a flight as listed (`GET /api/flights/:id/images`). */
export type FlightImageEntry = JsonReply<FlightImage>;

export function fetchFlightImages(
  flightId: FlightSummary['id'] | string,
  signal?: AbortSignal,
): Promise<FlightImageEntry[]> {
  return apiRequest<FlightImageEntry[]>(`/api/flights/${encodeURIComponent(String(flightId))}/images`, {
    signal,
  });
}

/** The 256 px thumbnail of a survey photo. */
export function imageThumbnailUrl(id: SurveyImage['id'] | string): string {
  return `/api/images/${encodeURIComponent(String(id))}/thumbnail`;
}
