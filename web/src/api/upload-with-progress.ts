import { ApiError, apiErrorFromReply } from './api-error';
import { currentCsrfToken, reportUnauthenticated } from './http-client';

export interface UploadProgress {
  loadedBytes: number;
  totalBytes: number;
}

export interface UploadOptions {
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
  /** A non-2xx reply whose body is still the answer (e.g. a rejected lab file's report, 422). */
  isAnswer?: (status: number, body: unknown) => boolean;
}

/** The fraction (0-1) of an upload sent; 0 while the total is unknown. */
export function uploadFraction(progress: UploadProgress | null): number {
  if (!progress || progress.totalBytes <= 0) return 0;
  return Math.min(1, Math.max(0, progress.loadedBytes / progress.totalBytes));
}

function parseReply(xhr: XMLHttpRequest): unknown {
  const type = xhr.getResponseHeader('Content-Type') ?? '';
  if (!type.includes('json')) return xhr.responseText;
  try {
    return JSON.parse(xhr.responseText) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * POSTs multipart `form` to `path` on this origin with the session's CSRF token and reports the
 * bytes sent: `fetch` has no upload progress, XMLHttpRequest has (`xhr.upload.onprogress`).
 * Resolves with the parsed JSON reply; rejects with an ApiError like `apiRequest`.
 */
export function postFormWithProgress<T>(
  path: string,
  form: FormData,
  options: UploadOptions = {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    const token = currentCsrfToken();
    if (token) xhr.setRequestHeader('X-CSRF-Token', token);
    xhr.upload.onprogress = (event) => {
      options.onProgress?.({
        loadedBytes: event.loaded,
        totalBytes: event.lengthComputable ? event.total : 0,
      });
    };
    xhr.onload = () => {
      const body = parseReply(xhr);
      if ((xhr.status >= 200 && xhr.status < 300) || options.isAnswer?.(xhr.status, body)) {
        resolve(body as T);
        return;
      }
      const error = apiErrorFromReply(xhr.status, xhr.statusText, body);
      if (error.isUnauthenticated) reportUnauthenticated();
      reject(error);
    };
    xhr.onerror = () => reject(new ApiError(0, 'network_unreachable', `POST ${path} failed`));
    xhr.onabort = () => reject(new DOMException('Upload aborted', 'AbortError'));
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}
