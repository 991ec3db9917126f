import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from '../support/test-app';

let app: TestApp;
beforeAll(async () => {
  // Limits at a tenth: 1 failed login per account and address, 30 per address, in 15 minutes.
  app = await startTestApp({ mode: 'server', env: { RATE_LIMIT_MULTIPLIER: '0.1' } });
});
afterAll(() => app?.close());

/**
 * The status of `path` once it is `expected`, asking for up to a second: a change made by
 * another process reaches this one through a database notification, a moment after its commit.
 */
async function statusWithin(client: TestClient, path: string, expected: number): Promise<number> {
  const deadline = Date.now() + 1_000;
  let status = (await client.get(path)).status;
  while (status !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    status = (await client.get(path)).status;
  }
  return status;
}

describe('idempotency keys', () => {
  it('creates once and replays the first answer for the same key and request', async () => {
    const lab = await app.client('lab');
    const round = { name: '幂等轮次', startsOn: '2025-02-01', endsOn: '2025-02-10' };
    const first = await lab.request('POST', '/api/rounds', round, { 'idempotency-key': 'create-round-0001' });
    const again = await lab.request('POST', '/api/rounds', round, { 'idempotency-key': 'create-round-0001' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const { rows } = await app.db.query(`select id from rounds where name = '幂等轮次'`);
    expect(rows).toHaveLength(1);
  });

  it('refuses the same key for a different request, and writes nothing', async () => {
    const lab = await app.client('lab');
    await lab.request(
      'POST',
      '/api/rounds',
      { name: 'K1', startsOn: '2025-03-01', endsOn: '2025-03-02' },
      { 'idempotency-key': 'reused-key-0002' },
    );
    const other = await lab.request(
      'POST',
      '/api/rounds',
      { name: 'K2', startsOn: '2025-03-01', endsOn: '2025-03-02' },
      { 'idempotency-key': 'reused-key-0002' },
    );
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('idempotency_key_reused');
    expect((await app.db.query(`select 1 from rounds where name = 'K2'`)).rows).toHaveLength(0);
  });
});

describe('idempotency keys on uploads', () => {
  const csv = (value: string) =>
    `site_code,round,sample_id,collected_start,collected_end,collection_type,analyte,value,unit\n` +
    `NO-SITE,NO-ROUND,L1,2025-01-02 08:00,2025-01-03 08:00,grab,METH,${value},ng/L\n`;
  const upload = (lab: TestClient, content: string, key: string) => {
    const form = new FormData();
    form.append('file', new Blob([content], { type: 'text/csv' }), 'results.csv');
    return lab.request('POST', '/api/lab/imports', form, { 'idempotency-key': key });
  };

  it('binds the key to the uploaded bytes: the same file replays, another of the same length is refused', async () => {
    const lab = await app.client('lab');
    const batches = async () =>
      Number((await app.db.query<{ n: string }>(`select count(*) as n from import_batches`)).rows[0]!.n);
    const first = await upload(lab, csv('1.5'), 'upload-key-0001');
    expect(first.status).toBeLessThan(500);
    const stored = await batches();
    const other = await upload(lab, csv('2.5'), 'upload-key-0001');
    expect(csv('2.5').length).toBe(csv('1.5').length);
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('idempotency_key_reused');
    const again = await upload(lab, csv('1.5'), 'upload-key-0001');
    expect(again.status).toBe(first.status);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await batches()).toBe(stored);
  });
});

describe('request limits', () => {
  it('refuses JSON nested deeper than 32 levels with a 400', async () => {
    const lab = await app.client('lab');
    let nested: unknown = 'x';
    for (let i = 0; i < 100; i++) nested = { a: nested };
    const reply = await lab.post('/api/rounds', {
      name: nested,
      startsOn: '2025-01-01',
      endsOn: '2025-01-02',
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toMatch(/nested deeper than 32/);
  });

  it('refuses a JSON body over 2 MB with a 413 and malformed JSON with a 400, never a stack', async () => {
    const lab = await app.client('lab');
    const big = await lab.request('POST', '/api/rounds', JSON.stringify({ name: 'x'.repeat(3_000_000) }), {
      'content-type': 'application/json',
    });
    expect(big.status).toBe(413);
    const broken = await lab.request('POST', '/api/rounds', '{"name": ', {
      'content-type': 'application/json',
    });
    expect(broken.status).toBe(400);
    expect(JSON.stringify(broken.body)).not.toMatch(/at .*\.(ts|js):\d+/);
  });
});

describe('accounts and the audit log (admin)', () => {
  it('creates a user, refuses a weak password, and ends sessions when an account is disabled', async () => {
    const admin = await app.client('admin');
    const weak = await admin.post('/api/users', { username: 'newlab', roles: ['lab'], password: 'short' });
    expect(weak.status).toBe(400);
    const created = await admin.post('/api/users', {
      username: 'newlab',
      roles: ['lab'],
      password: 'Mangrove-Tide-42',
    });
    expect(created.status).toBe(201);
    expect(created.body.roles).toEqual(['lab']);

    const newlab = await app.client();
    await newlab.login('newlab', 'Mangrove-Tide-42');
    expect((await newlab.get('/api/auth/me')).status).toBe(200);
    const disabled = await admin.request('PATCH', '/api/users/newlab', { disabled: true });
    expect(disabled.status).toBe(200);
    expect((await newlab.get('/api/auth/me')).status).toBe(401);
  });

  it('refuses to take the admin role from, or disable, the last enabled admin (409 last_admin)', async () => {
    const admin = await app.client('admin');
    await app.db.query(`update users set disabled = true where username <> 'admin' and 'admin' = any(roles)`);
    const demoted = await admin.request('PATCH', '/api/users/admin', { roles: ['analyst'] });
    expect(demoted.status).toBe(409);
    expect(demoted.body.error.details).toEqual({ reason: 'last_admin' });
    expect((await admin.request('PATCH', '/api/users/admin', { disabled: true })).status).toBe(409);
    expect((await admin.get('/api/auth/me')).status).toBe(200);
    // With a second admin, the first may step down; the second is then the last.
    expect(
      (
        await admin.post('/api/users', {
          username: 'admin-two',
          roles: ['admin'],
          password: 'Banyan-Root-88',
        })
      ).status,
    ).toBe(201);
    const second = await app.client();
    await second.login('admin-two', 'Banyan-Root-88');
    expect((await second.request('PATCH', '/api/users/admin-two', { disabled: true })).status).toBe(200);
    expect((await admin.request('PATCH', '/api/users/admin-two', { disabled: false })).status).toBe(200);
  });

  it('ends a session at once when another process (the CLI, another server) disables the account', async () => {
    const admin = await app.client('admin');
    const created = await admin.post('/api/users', {
      username: 'elsewhere',
      roles: ['analyst'],
      password: 'Coconut-Palm-77',
    });
    expect(created.status).toBe(201);
    const user = await app.client();
    await user.login('elsewhere', 'Coconut-Palm-77');
    // Twice: the second answer may come from this process's session cache.
    expect((await user.get('/api/auth/me')).status).toBe(200);
    expect((await user.get('/api/alerts')).status).toBe(200);

    // Roles changed behind the server's back (as `npm run user` would, from another process).
    await app.db.query(`update users set roles = '{pilot}' where username = 'elsewhere'`);
    expect(await statusWithin(user, '/api/alerts', 403)).toBe(403);

    await app.db.transaction(async (tx) => {
      await tx.query(`update users set disabled = true where username = 'elsewhere'`);
      await tx.query(
        `delete from sessions where user_id = (select id from users where username = 'elsewhere')`,
      );
    });
    expect(await statusWithin(user, '/api/auth/me', 401)).toBe(401);
  });

  it('lists and exports audit entries with formula-safe cells', async () => {
    const admin = await app.client('admin');
    await admin.post('/api/rounds', {
      name: '=HYPERLINK("http://x")',
      startsOn: '2025-04-01',
      endsOn: '2025-04-02',
    });
    const entries = await admin.get('/api/audit?entity=round&limit=5');
    expect(entries.status).toBe(200);
    expect(entries.body[0]).toMatchObject({ actor: 'admin', action: 'create', entity: 'round' });
    const csv = await admin.get('/api/audit.csv?entity=round');
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const text = String(csv.body);
    expect(text).toContain('HYPERLINK');
    // No cell starts with a formula character (a quoted cell is checked after its quote).
    expect(text).not.toMatch(/(^|,)"?[=+@-]/m);
    expect((await (await app.client('analyst')).get('/api/audit')).status).toBe(403);
  });
});

// Last: once the address is throttled, even good logins wait for the window to pass.
describe('login throttling', () => {
  it('throttles failed logins on one account from one address with a 429 and Retry-After', async () => {
    const client = await app.client();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push(
        (await client.post('/api/auth/login', { username: 'nobody', password: `wrong-${i}` })).status,
      );
    }
    expect(statuses).toEqual([401, 429, 429, 429]);
  });
});
