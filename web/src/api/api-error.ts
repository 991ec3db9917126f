import { AppError } from '@skywater/core/errors/app-error';

/** The body every failing API route answers with (docs/api-contract.md, "Errors"). */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/**
 * A failed API call: the HTTP status and the server's `{ error: { code, message, details } }`.
 * `network_unreachable` (status 0) when no reply came at all.
 */
export class ApiError extends AppError {
  get isUnauthenticated(): boolean {
    return this.status === 401;
  }

  get isForbidden(): boolean {
    return this.status === 403;
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }
}

function isApiErrorBody(body: unknown): body is ApiErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return (
    typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string'
  );
}

/**
 * Builds the ApiError for a reply that was not 2xx. A body in the API's error shape gives the
 * code, message and details; anything else (a proxy's HTML page, an empty body) gets a code
 * derived from the status so callers can still tell 401 from 503.
 */
export function apiErrorFromReply(status: number, statusText: string, body: unknown): ApiError {
  if (isApiErrorBody(body)) {
    return new ApiError(status, body.error.code, body.error.message, body.error.details);
  }
  return new ApiError(status, `http_${status}`, statusText || `HTTP ${status}`);
}
