import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveCounting } from '../support/counting-db';
import { startTestApp, TestClient, TEST_PASSWORD, type TestApp } from '../support/test-app';

// The session cache on the real database: a session ending (a sign-out here or anywhere) makes
// the processes forget that one session, not every other person's.

let app: TestApp;
let served: Awaited<ReturnType<typeof serveCounting>>;
/** Session look-ups the application sent to the database. */
let sessionReads = 0;

beforeAll(async () => {
  app = await startTestApp({ mode: 'server' });
  served = await serveCounting(app, (sql) => {
    if (sql.includes('from sessions s join users u')) sessionReads++;
  });
}, 600_000);
afterAll(async () => {
  await served?.close();
  await app?.close();
});

const me = async (client: TestClient) => (await client.get('/api/auth/me')).status;

describe('the session cache', () => {
  it("forgets only the session that ended: another person's next request does not ask the database", async () => {
    const analyst = new TestClient(served.url);
    await analyst.login('analyst', TEST_PASSWORD);
    // The first requests may come before the cache follows the notifications: ask until one is kept.
    let before = -1;
    for (let i = 0; i < 50 && before !== sessionReads; i++) {
      before = sessionReads;
      expect(await me(analyst)).toBe(200);
    }
    expect(sessionReads).toBe(before);

    const pilot = new TestClient(served.url);
    await pilot.login('pilot', TEST_PASSWORD);
    expect(await me(pilot)).toBe(200);
    const pilotCookie = pilot.cookie;
    expect((await pilot.post('/api/auth/logout')).status).toBe(204);
    const readsAfterLogout = sessionReads;
    expect(await me(analyst)).toBe(200);
    expect(sessionReads).toBe(readsAfterLogout);
    expect(await me(Object.assign(new TestClient(served.url), { cookie: pilotCookie }))).toBe(401);
  });

  it('names the ended sessions in the notification, and the schema of an account change', async () => {
    const admin = new TestClient(served.url);
    await admin.login('admin', TEST_PASSWORD);
    const hash = createHash('sha256')
      .update(decodeURIComponent(admin.cookie!.split('=')[1]!))
      .digest('hex');
    const payloads: string[] = [];
    let heard: () => void = () => undefined;
    const unlisten = await app.db.listen('skywater_sessions', {
      onNotify: (payload) => {
        payloads.push(payload);
        heard();
      },
      onListening: () => undefined,
    });
    // Other schemas of a shared test database notify the same channel: wait for ours.
    const notified = (payload: string) =>
      new Promise<void>((resolve) => {
        heard = () => payloads.includes(payload) && resolve();
        heard();
      });
    const schema = (await app.db.query<{ s: string }>('select current_schema() as s')).rows[0]!.s;
    await Promise.all([
      notified(`ended:${hash}`),
      app.db.query('delete from sessions where token_sha256 = $1', [hash]),
    ]);
    await Promise.all([
      notified(`${schema}.users`),
      app.db.query(`update users set display_name = 'x' where username = 'lab'`),
    ]);
    await unlisten();
  });
});
