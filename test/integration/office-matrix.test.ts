import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasAccess } from '../../server/src/auth/guard';
import { ROLES, type RouteDef } from '../../server/src/http/route-table';
import { OWNED_KINDS, ownerOfPath, type OwnedKind } from '../../server/src/offices/owned-objects';
import { routeTableOf } from '../support/route-table';
import { startTestApp, TestClient, type TestApp } from '../support/test-app';
import { createOfficeWorld, RELATIONS, type OfficeObjects, type Relation } from './office-fixtures';

/**
 * Every route × every role × the object's office (own, sub-office, sibling, parent) × anonymous,
 * generated from the route table, for accounts of a city office (Haikou). A route naming an
 * object answers 404 for a sibling's or the parent's object, exactly as for an absent one, and
 * never 404 for its own office's or a sub-office's; every list holds only the offices the account
 * may see. A route whose path parameter names something the office scope does not know fails.
 */
let app: TestApp;
let routes: RouteDef[];
let world: Record<Relation, OfficeObjects>;
const clients = new Map<string, TestClient>();

beforeAll(async () => {
  app = await startTestApp({ mode: 'server' });
  routes = routeTableOf(app);
  world = await createOfficeWorld(app.db);
  for (const role of ROLES) clients.set(role, await app.client(`haikou-${role}`));
}, 300_000);
afterAll(() => app?.close());

function concretePath(route: RouteDef, objects: OfficeObjects, kind: OwnedKind): string {
  const key = String(objects[kind]);
  return route.path.replace(/:[a-zA-Z]+/, encodeURIComponent(key));
}

async function call(client: TestClient | null, method: string, path: string) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 20_000);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (client?.cookie) headers.cookie = client.cookie;
  if (client?.csrfToken && method !== 'get') headers['x-csrf-token'] = client.csrfToken;
  try {
    const res = await fetch(app.baseUrl + path, {
      method: method.toUpperCase(),
      headers,
      body: method === 'get' ? undefined : '{}',
      signal: controller.signal,
      redirect: 'manual',
    });
    const type = res.headers.get('content-type') ?? '';
    // A stream's body is never awaited.
    const body = type.includes('json') ? await res.json() : null;
    controller.abort();
    return { status: res.status, body };
  } catch (error) {
    if ((error as Error).name === 'AbortError') return { status: 0, body: null };
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** Every `officeId` anywhere in a reply. */
function officeIdsIn(value: unknown, found: Set<number> = new Set()): Set<number> {
  if (Array.isArray(value)) for (const item of value) officeIdsIn(item, found);
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'officeId' && typeof inner === 'number') found.add(inner);
      else officeIdsIn(inner, found);
    }
  }
  return found;
}

describe('role × office matrix', () => {
  it('knows what every route’s path parameter names', () => {
    const unknown = routes
      .filter((r) => ownerOfPath(r.path) === undefined)
      .map((r) => `${r.method} ${r.path}`);
    expect(unknown).toEqual([]);
    const owned = routes.filter((r) => {
      const owner = ownerOfPath(r.path);
      return owner && owner !== 'shared';
    });
    expect(owned.length).toBeGreaterThan(30);
    // Routes that read through the read replica, the tile cache or a live stream are in it too.
    const keys = owned.map((r) => `${r.method} ${r.path}`);
    expect(keys).toEqual(
      expect.arrayContaining([
        'get /api/flights/:id/stream',
        'get /api/sites/:id/series',
        'post /api/areas/:id/coverage/rebuild',
      ]),
    );
  });

  it('answers an object of a sibling or parent office 404 as if absent, and its own and sub-offices’ not', async () => {
    const failures: string[] = [];
    const owned = routes.filter((r) => {
      const owner = ownerOfPath(r.path);
      return owner && owner !== 'shared' && r.access !== 'public';
    });
    for (const route of owned) {
      const kind = ownerOfPath(route.path) as OwnedKind;
      const label = `${route.method.toUpperCase()} ${route.path}`;
      const absent = `${OWNED_KINDS[kind].label} not found`;
      for (const relation of RELATIONS) {
        const path = concretePath(route, world[relation], kind);
        const anonymous = await call(null, route.method, path);
        if (anonymous.status !== 401) failures.push(`${label} anonymous ${relation} → ${anonymous.status}`);
        for (const role of ROLES) {
          const { status, body } = await call(clients.get(role)!, route.method, path);
          const allowed = hasAccess([role], route.access);
          const where = `${label} ${role} ${relation}`;
          if (!allowed) {
            if (status !== 403) failures.push(`${where} → ${status}, expected 403`);
            continue;
          }
          const hidden = relation === 'sibling' || relation === 'parent';
          if (hidden && (status !== 404 || body?.error?.message !== absent))
            failures.push(
              `${where} → ${status} ${JSON.stringify(body?.error ?? null)}, expected 404 as absent`,
            );
          if (
            !hidden &&
            (status === 401 || status === 403 || status >= 500 || body?.error?.message === absent)
          )
            failures.push(`${where} → ${status} ${JSON.stringify(body?.error ?? null)}, expected visible`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it('lists only the objects of the account’s office and its sub-offices, on every list route', async () => {
    const visible = new Set([world.own.officeId, world.sub.officeId]);
    const failures: string[] = [];
    const seen = new Map<string, Set<number>>();
    const lists = routes.filter(
      (r) =>
        r.method === 'get' && !r.path.includes(':') && r.access !== 'public' && r.path.startsWith('/api/'),
    );
    for (const route of lists) {
      if (route.path === '/api/alerts/stream') continue; // never ends: alert-stream-session.test.ts
      for (const role of ROLES) {
        if (!hasAccess([role], route.access)) continue;
        const { status, body } = await call(clients.get(role)!, 'get', route.path);
        if (status !== 200) continue;
        const ids = officeIdsIn(body);
        for (const id of ids) if (!visible.has(id)) failures.push(`${route.path} ${role} shows office ${id}`);
        seen.set(`${route.path} ${role}`, ids);
      }
    }
    expect(failures).toEqual([]);
    // The lists of every kind hold both the own office's and the sub-office's objects.
    for (const key of [
      '/api/areas analyst',
      '/api/sites analyst',
      '/api/rounds lab',
      '/api/campaigns lab',
      '/api/lab/imports lab',
      '/api/alerts analyst',
      '/api/flights pilot',
      '/api/findings analyst',
      '/api/users admin',
      '/api/offices analyst',
    ]) {
      const ids = seen.get(key) ?? new Set<number>();
      if (key.startsWith('/api/offices')) continue;
      expect([...ids].sort(), key).toEqual([...visible].sort());
    }
    const offices = await call(clients.get('analyst')!, 'get', '/api/offices');
    expect(offices.body.map((o: { id: number }) => o.id).sort()).toEqual([...visible].sort());
  }, 600_000);
});
