import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserIfMissing } from '../../server/src/auth/users';
import { startTestApp, TEST_PASSWORD, TestClient, type TestApp } from '../support/test-app';

/**
 * The live alert stream ends with the session that opened it, not when the browser closes it, and
 * sends only the alerts of the offices that session may see.
 */
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

/** One alert at a new site of `officeId` (a round of the province's campaign), by id. */
async function raiseAlertIn(officeId: number, tag: string): Promise<number> {
  const one = async (sql: string, params: unknown[]) =>
    Number((await app.db.query<{ id: number }>(sql, params)).rows[0]!.id);
  const site = await one(
    `insert into sites (code, name, kind, geom, office_id)
     values ($1, $1, 'wwtp', st_setsrid(st_makepoint(110.3, 20.0), 4326), $2) returning id`,
    [`stream-${tag}`, officeId],
  );
  const campaign = await one(`insert into campaigns (name) values ($1) returning id`, [`stream-${tag}`]);
  const round = await one(
    `insert into rounds (name, starts_on, ends_on, campaign_id) values ($1, '2025-03-01', '2025-03-31', $2) returning id`,
    [`stream-${tag}`, campaign],
  );
  return one(
    `insert into alerts (kind, condition_key, site_id, analyte_code, round_id, severity)
     values ('spike', $1, $2, 'METH', $3, 'high') returning id`,
    [`stream-${tag}`, site, round],
  );
}

/** The ids of the `alert` events received so far, in order. */
const alertIdsIn = (text: string) =>
  text
    .split('\n\n')
    .filter((block) => block.includes('event: alert\n'))
    .map((block) => (JSON.parse(block.slice(block.indexOf('data: ') + 6)) as { id: number }).id);

describe('the live alert stream and its session', () => {
  it('sends a city office’s session only its own offices’ alerts, and the province’s every one', async () => {
    const province = (await app.db.query<{ id: number }>(`select root_office_id()::int as id`)).rows[0]!.id;
    const city = (
      await app.db.query<{ id: number }>(
        `insert into offices (code, name_zh, name_en, kind, parent_id)
         values ('stream-city', '流市', 'Stream City', 'city', $1) returning id::int as id`,
        [province],
      )
    ).rows[0]!.id;
    await createUserIfMissing(app.db, {
      username: 'citywatcher',
      password: TEST_PASSWORD,
      roles: ['analyst'],
      officeId: city,
    });
    const cityUser = await app.client();
    await cityUser.login('citywatcher', TEST_PASSWORD);
    const cityStream = await openStream(cityUser);
    const provinceStream = await openStream(await app.client('analyst'));

    // The province's alert first: each stream sends in the order the alerts come, so once the
    // city's alert is out, the province's has been passed over.
    const provinceAlert = await raiseAlertIn(province, 'province');
    const cityAlert = await raiseAlertIn(city, 'city');
    const deadline = Date.now() + 60_000;
    while (
      (!alertIdsIn(cityStream.received()).includes(cityAlert) ||
        alertIdsIn(provinceStream.received()).length < 2) &&
      Date.now() < deadline
    )
      await new Promise((r) => setTimeout(r, 50));
    expect(alertIdsIn(cityStream.received())).toEqual([cityAlert]);
    expect(alertIdsIn(provinceStream.received())).toEqual([provinceAlert, cityAlert]);
    cityStream.abort();
    provinceStream.abort();
  });

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
