import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from '@skywater/core/config/config';
import { createLogger } from '@skywater/core/log/logger';
import { createUserIfMissing } from '../../server/src/auth/users';
import type { Role } from '../../server/src/http/route-table';
import {
  startServices,
  type ProcessMode,
  type RunningServices,
} from '../../server/src/processes/run-process';
import { seedReferenceData } from '../../server/src/reference/seed-reference-data';
import { createTestDb, type TestDb } from './test-db';

export const TEST_PASSWORD = 'Test-password-2025';
export const TEST_USERS: Record<string, Role[]> = {
  admin: ['admin'],
  analyst: ['analyst'],
  lab: ['lab'],
  pilot: ['pilot'],
};

export interface TestApp extends TestDb {
  config: Config;
  services: RunningServices;
  baseUrl: string;
  /** A logged-in client (cookie + CSRF token; the user's live session if it has one), or an anonymous one. */
  client(username?: keyof typeof TEST_USERS | string): Promise<TestClient>;
  close(): Promise<void>;
}

/**
 * The real application on its own database and its own queue prefix in the real Redis, on a
 * free port, with one user per role. `mode` 'server' leaves the workers out; `databaseUrl`
 * puts it on that server instead of the default test database.
 */
export async function startTestApp(
  options: { mode?: ProcessMode; env?: Record<string, string>; databaseUrl?: string } = {},
): Promise<TestApp> {
  const testDb = await createTestDb(options.databaseUrl);
  const config = loadConfig({
    REDIS_URL: process.env.REDIS_URL,
    // The cluster run of the queue and fault suites; a test that names its own Redis keeps it.
    REDIS_CLUSTER_NODES: options.env?.REDIS_URL ? undefined : process.env.TEST_REDIS_CLUSTER_NODES,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    NODE_ENV: 'test',
    RATE_LIMIT_MULTIPLIER: '20',
    // Ceilings far above the production ones: a busy test machine must not turn into 503s.
    STATEMENT_TIMEOUT_API_MS: '120000',
    STATEMENT_TIMEOUT_TILES_MS: '120000',
    STATEMENT_TIMEOUT_JOBS_MS: '600000',
    QUEUE_PREFIX: `{test-${randomBytes(4).toString('hex')}}`,
    DATA_DIR: process.env.TEST_DATA_DIR ?? `/tmp/skywater-test-${process.pid}`,
    ...options.env,
  });
  const log = createLogger(config.logLevel);
  await seedReferenceData(testDb.db);
  for (const [username, roles] of Object.entries(TEST_USERS)) {
    await createUserIfMissing(testDb.db, { username, password: TEST_PASSWORD, roles });
  }
  const services = await startServices({
    config,
    db: testDb.db,
    log,
    mode: options.mode ?? 'all',
    schema: testDb.schema ?? undefined,
  });
  const baseUrl = services.url!.replace('localhost', '127.0.0.1');
  const sessions = new Map<string, Pick<TestClient, 'cookie' | 'csrfToken'>>();
  return {
    ...testDb,
    config,
    services,
    baseUrl,
    async client(username) {
      const client = new TestClient(baseUrl);
      if (!username) return client;
      // A login costs a scrypt hash (~0.3-1 s of CPU): a user's session is shared by the
      // clients a file asks for, while it lives (a test may have logged it out).
      const shared = sessions.get(username);
      if (shared) {
        Object.assign(client, shared);
        if ((await client.get('/api/auth/me')).status === 200) return client;
      }
      await client.login(username, TEST_PASSWORD);
      sessions.set(username, { cookie: client.cookie, csrfToken: client.csrfToken });
      return client;
    },
    async close() {
      await services.stop();
      await testDb.cleanup();
    },
  };
}

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** fetch with a cookie jar of one cookie and the CSRF header on writes. */
export class TestClient {
  cookie: string | undefined;
  csrfToken: string | undefined;

  constructor(readonly baseUrl: string) {}

  async login(username: string, password: string): Promise<Reply> {
    const reply = await this.request('POST', '/api/auth/login', { username, password });
    if (reply.status !== 200)
      throw new Error(`login as ${username} failed: ${reply.status} ${JSON.stringify(reply.body)}`);
    this.csrfToken = reply.body.csrfToken;
    return reply;
  }

  get = <T = any>(path: string) => this.request<T>('GET', path);
  post = <T = any>(path: string, body?: unknown) => this.request<T>('POST', path, body);

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply<T>> {
    const init: RequestInit = { method, headers: { ...headers }, redirect: 'manual' };
    const h = init.headers as Record<string, string>;
    if (this.cookie) h.cookie = this.cookie;
    if (method !== 'GET' && this.csrfToken && !('x-csrf-token' in h)) h['x-csrf-token'] = this.csrfToken;
    if (body instanceof FormData) init.body = body;
    else if (typeof body === 'string' || body instanceof Uint8Array) init.body = body as RequestInit['body'];
    else if (body !== undefined) {
      init.body = JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.baseUrl + path, init);
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0];
    const type = res.headers.get('content-type') ?? '';
    const parsed = type.includes('json')
      ? await res.json()
      : type.startsWith('text/')
        ? await res.text()
        : Buffer.from(await res.arrayBuffer());
    return { status: res.status, body: parsed as T, headers: res.headers };
  }
}
