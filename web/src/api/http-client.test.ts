import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './api-error';
import { apiRequest, onUnauthenticated, setCsrfToken } from './http-client';

interface RecordedCall {
  url: string;
  init: RequestInit;
}

/** Replaces the network (the only thing outside the client) with one canned reply. */
function replyWith(status: number, body: unknown): RecordedCall[] {
  const calls: RecordedCall[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json' },
    });
  });
  return calls;
}

function headersOf(call: RecordedCall): Record<string, string> {
  return call.init.headers as Record<string, string>;
}

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe('apiRequest', () => {
  it('sends the CSRF token from the login reply with a POST, as JSON, with the session cookie', async () => {
    const calls = replyWith(200, { ok: true });
    setCsrfToken('token-123');
    await apiRequest('/api/rounds', { method: 'POST', body: { name: '2025 Q1' } });
    expect(calls[0].url).toBe('/api/rounds');
    expect(calls[0].init.credentials).toBe('same-origin');
    expect(headersOf(calls[0])['X-CSRF-Token']).toBe('token-123');
    expect(headersOf(calls[0])['Content-Type']).toBe('application/json');
    expect(calls[0].init.body).toBe('{"name":"2025 Q1"}');
  });

  it('does not send the token with a GET', async () => {
    const calls = replyWith(200, []);
    setCsrfToken('token-123');
    const areas = await apiRequest<unknown[]>('/api/areas');
    expect(areas).toEqual([]);
    expect(headersOf(calls[0])['X-CSRF-Token']).toBeUndefined();
  });

  it('sends a multipart upload as is, letting the browser set its boundary', async () => {
    const calls = replyWith(200, { status: 'checked' });
    const form = new FormData();
    form.set('file', new Blob(['site_code,value\n'], { type: 'text/csv' }), 'lab.csv');
    await apiRequest('/api/lab/imports?dryRun=true', { method: 'POST', body: form });
    expect(calls[0].init.body).toBe(form);
    expect(headersOf(calls[0])['Content-Type']).toBeUndefined();
  });

  it('throws an ApiError with the server’s code, message and details', async () => {
    replyWith(422, {
      error: { code: 'alert_closed', message: 'The alert was dismissed', details: { id: 'a1' } },
    });
    const error = await apiRequest('/api/alerts/a1/acknowledge', {
      method: 'POST',
      body: { reason: 'seen' },
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 422,
      code: 'alert_closed',
      message: 'The alert was dismissed',
      details: { id: 'a1' },
    });
  });

  it('tells the app when the session has expired, unless the call is the session probe', async () => {
    replyWith(401, { error: { code: 'unauthenticated', message: 'Not logged in' } });
    const listener = vi.fn();
    const unsubscribe = onUnauthenticated(listener);
    await apiRequest('/api/areas').catch(() => undefined);
    await apiRequest('/api/auth/me', { reportUnauthenticated: false }).catch(() => undefined);
    unsubscribe();
    await apiRequest('/api/areas').catch(() => undefined);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('reports an unreachable server as status 0', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(apiRequest('/api/areas')).rejects.toMatchObject({ status: 0, code: 'network_unreachable' });
  });
});
