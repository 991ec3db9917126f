import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The promised limits, applied: uploads per user across every upload route, PDF renders per
 * user, each with RateLimit / RateLimit-Policy (IETF draft 8) and Retry-After on 429. Limits run
 * at a tenth: 3 uploads a minute, 1 render per 10 minutes.
 */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ mode: 'server', env: { RATE_LIMIT_MULTIPLIER: '0.1' } });
});
afterAll(() => app?.close());

const csvForm = () => {
  const form = new FormData();
  form.append('file', new Blob(['site_code,value\nX,1\n'], { type: 'text/csv' }), 'r.csv');
  return form;
};

describe('upload and render limits', () => {
  it('counts a user’s uploads across upload routes and refuses the 4th in a minute with 429', async () => {
    const lab = await app.client('lab');
    const statuses: number[] = [];
    let last;
    for (const path of [
      '/api/lab/imports',
      '/api/lab/imports/phes-odm',
      '/api/lab/imports',
      '/api/lab/imports',
    ]) {
      last = await lab.request('POST', path, csvForm());
      statuses.push(last.status);
      expect(last.headers.get('ratelimit-policy')).toMatch(/^"upload"; q=3; w=60; pk=:/);
    }
    expect(statuses.slice(0, 3).every((s) => s !== 429)).toBe(true);
    expect(statuses[3]).toBe(429);
    expect(last!.body.error.code).toBe('rate_limited');
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(last!.headers.get('ratelimit')).toMatch(/^"upload"; r=0; t=\d+/);
    // Another user is not affected.
    const admin = await app.client('admin');
    expect((await admin.request('POST', '/api/lab/imports', csvForm())).status).not.toBe(429);
  });

  it('limits the PDF bulletin per user', async () => {
    const analyst = await app.client('analyst');
    const first = await analyst.get('/api/reports/bulletin.pdf?roundId=987654');
    expect(first.status).not.toBe(429);
    expect(first.headers.get('ratelimit-policy')).toMatch(/^"render"; q=1; w=600/);
    const second = await analyst.get('/api/reports/bulletin.pdf?roundId=987654');
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBeTruthy();
  });
});
