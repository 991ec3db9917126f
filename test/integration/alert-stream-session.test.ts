import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserIfMissing } from '../../server/src/auth/users';
import { startTestApp, TEST_PASSWORD, TestClient, type TestApp } from '../support/test-app';

/** The live alert stream ends with the session that opened it, not when the browser closes it. */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ mode: 'server' });
  for (const username of ['watcher1', 'watcher2', 'watcher3']) {
    await createUserIfMissing(app.db, { username, password: TEST_PASSWORD, roles: ['analyst'] });
  }
});
afterAll(() => app?.close());

interface OpenStream {
  /** Resolves with everything received once the server ends the stream. */
  ended: Promise<string>;
  received: () => string;
  abort: () => void;
}

async function openStream(client: TestClient): Promise<OpenStream> {
  const controller = new AbortController();
  const res = await fetch(app.baseUrl + '/api/alerts/stream', {
    headers: { cookie: client.cookie! },
    signal: controller.signal,
  });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  let text = '';
  const decoder = new TextDecoder();
  const ended = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return text;
      text += decoder.decode(value, { stream: true });
    }
  })();
  ended.catch(() => undefined);
  // The first bytes say the stream is open.
  const deadline = Date.now() + 10_000;
  while (!text.includes(': connected') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return { ended, received: () => text, abort: () => controller.abort() };
}

/** The stream's end, or 'still open' after `ms` (a generous bound: the check runs every 5 s). */
const endedWithin = (stream: OpenStream, ms: number) =>
  Promise.race([stream.ended, new Promise<string>((r) => setTimeout(() => r('still open'), ms))]);

describe('the live alert stream and its session', () => {
  it('ends when its session logs out', async () => {
    const user = await app.client();
    await user.login('watcher1', TEST_PASSWORD);
    const stream = await openStream(user);
    expect((await user.post('/api/auth/logout')).status).toBe(204);
    const result = await endedWithin(stream, 30_000);
    expect(result).not.toBe('still open');
    expect(result).toContain(': connected');
  });

  it('ends when an admin disables the account, and when its roles no longer allow alerts', async () => {
    const admin = await app.client('admin');
    const disabled = await app.client();
    await disabled.login('watcher2', TEST_PASSWORD);
    const demoted = await app.client();
    await demoted.login('watcher3', TEST_PASSWORD);
    const first = await openStream(disabled);
    const second = await openStream(demoted);
    expect((await admin.request('PATCH', '/api/users/watcher2', { disabled: true })).status).toBe(200);
    // Roles changed behind the server's back (as the CLI would): the session lives, the right does not.
    await app.db.query(`update users set roles = '{pilot}' where username = 'watcher3'`);
    expect(await endedWithin(first, 30_000)).not.toBe('still open');
    expect(await endedWithin(second, 30_000)).not.toBe('still open');
  });

  it('stays open while the session lives', async () => {
    const analyst = await app.client('analyst');
    const stream = await openStream(analyst);
    expect(await endedWithin(stream, 7_000)).toBe('still open');
    stream.abort();
  });
});
