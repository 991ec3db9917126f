import { ApiError, apiErrorFromReply } from './api-error';

/** Methods that change state: the server wants the session's CSRF token with each. */
const unsafeMethods = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

let csrfToken: string | null = null;
const unauthenticatedListeners = new Set<() => void>();

/** Remembers the token from the login reply or `GET /api/auth/me`; null on logout. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The session's CSRF token, for writes sent outside `apiRequest` (uploads with progress). */
export function currentCsrfToken(): string | null {
  return csrfToken;
}

/** Tells the app the session has ended (a 401 seen outside `apiRequest`). */
export function reportUnauthenticated(): void {
  for (const listener of unauthenticatedListeners) listener();
}

/**
 * Calls `listener` whenever the server answers 401 to a call made through this client, so the
 * app can show the login screen when a session expires. Returns the unsubscribe function.
 */
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

export interface ApiRequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Sent as JSON, or as is when it is FormData (multipart uploads). */
  body?: unknown;
  signal?: AbortSignal;
  /** Off for the session probe itself, whose 401 is the normal "not logged in" answer. */
  reportUnauthenticated?: boolean;
}

/**
 * Calls the Skywater API on this origin with the session cookie; parses the JSON reply or
 * throws an ApiError (status 0, `network_unreachable`, when the server could not be reached).
 */
export async function apiRequest<T>(path: string, options: ApiRequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) {
    body = options.body;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (unsafeMethods.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network_unreachable', cause instanceof Error ? cause.message : String(cause));
  }

  const replyBody = await readBody(response);
  if (!response.ok) {
    const error = apiErrorFromReply(response.status, response.statusText, replyBody);
    if (error.isUnauthenticated && options.reportUnauthenticated !== false) reportUnauthenticated();
    throw error;
  }
  return replyBody as T;
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const type = response.headers.get('Content-Type') ?? '';
  if (type.includes('json')) {
    try {
      return await response.json();
    } catch {
      return undefined;
    }
  }
  return response.text();
}
