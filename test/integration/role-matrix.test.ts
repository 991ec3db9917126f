import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasAccess } from '../../server/src/auth/guard';
import { ROLES, type RouteDef } from '../../server/src/http/route-table';
import { TILE_LAYERS } from '../../server/src/tiles/tile-layers';
import { routeTableOf } from '../support/route-table';
import { startTestApp, TestClient, type TestApp } from '../support/test-app';

/**
 * Every route × every role × anonymous, generated from the route table: a new route is in this
 * matrix the moment it is registered, and a route can only be registered with a rule.
 */
let app: TestApp;
let routes: RouteDef[];
const clients = new Map<string, TestClient>();

beforeAll(async () => {
  app = await startTestApp({ mode: 'server' });
  routes = routeTableOf(app);
  for (const role of ROLES) clients.set(role, await app.client(role));
});
afterAll(() => app?.close());

/** A concrete URL for a route pattern: ids that do not exist, a real tile layer. */
function concretePath(pattern: string): string {
  return pattern
    .replace(':layer', 'sites')
    .replace(/:z\b/, '0')
    .replace(/:x\b/, '0')
    .replace(/:y\b/, '0')
    .replace(/:code\b/, 'NO-SUCH-CODE')
    .replace(/:[a-zA-Z]+/g, '987654');
}

/** Status only: the body of a stream (SSE) is never awaited. */
async function statusOf(client: TestClient | null, route: RouteDef): Promise<number> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 15_000);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (client?.cookie) headers.cookie = client.cookie;
  if (client?.csrfToken && route.method !== 'get') headers['x-csrf-token'] = client.csrfToken;
  try {
    const res = await fetch(app.baseUrl + concretePath(route.path), {
      method: route.method.toUpperCase(),
      headers,
      body: route.method === 'get' ? undefined : '{}',
      signal: controller.signal,
      redirect: 'manual',
    });
    controller.abort();
    return res.status;
  } finally {
    clearTimeout(timer);
  }
}

describe('role matrix', () => {
  it('has a rule on every route, and unique method + path pairs', () => {
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) {
      expect(route.access, `${route.method} ${route.path}`).toBeDefined();
      expect(route.summary.length, `${route.method} ${route.path} needs a summary`).toBeGreaterThan(5);
    }
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('documents every route in the README (regenerate the table with `npm run routes`)', () => {
    const readme = fs.readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
    const missing = routes.filter((r) => !readme.includes(`| ${r.method.toUpperCase()} | \`${r.path}\` |`));
    expect(missing.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it('answers every route as its rule says, for anonymous and each role', async () => {
    const failures: string[] = [];
    // Logging out would end the shared session: it is checked last.
    const ordered = [...routes].sort(
      (a, b) => Number(a.path === '/api/auth/logout') - Number(b.path === '/api/auth/logout'),
    );
    for (const route of ordered) {
      const label = `${route.method.toUpperCase()} ${route.path}`;
      const anonymous = await statusOf(null, route);
      if (route.access === 'public') {
        if (anonymous === 401 || anonymous === 403 || anonymous >= 500)
          failures.push(`${label} anonymous → ${anonymous}`);
      } else if (anonymous !== 401) {
        failures.push(`${label} anonymous → ${anonymous}, expected 401`);
      }
      for (const role of ROLES) {
        const status = await statusOf(clients.get(role)!, route);
        const allowed = hasAccess([role], route.access);
        if (allowed && (status === 401 || status === 403 || status >= 500))
          failures.push(`${label} ${role} → ${status}, expected allowed`);
        if (!allowed && status !== 403) failures.push(`${label} ${role} → ${status}, expected 403`);
      }
    }
    expect(failures).toEqual([]);
  });
});

/**
 * The route that serves each tile layer's data as JSON: the layer must answer exactly the roles
 * that route answers. Every layer has one: a layer whose data no route serves would have no rule
 * to be checked against.
 */
const ROUTE_OF_LAYER: Record<string, string> = {
  flights: 'get /api/flights',
  footprints: 'get /api/images/:id',
  findings: 'get /api/findings',
  sites: 'get /api/sites',
  coverage: 'get /api/areas/:id/coverage',
  gaps: 'get /api/areas/:id/gaps',
  districts: 'get /basemap/hainan-districts.geojson',
  hotspots: 'get /api/reports/bulletin',
};

describe('tile layers in the role matrix', () => {
  it('gives each layer the access of the route that serves the same data', () => {
    expect(Object.keys(ROUTE_OF_LAYER).sort()).toEqual(TILE_LAYERS.map((l) => l.name).sort());
    const mismatches: string[] = [];
    for (const layer of TILE_LAYERS) {
      const routeKey = ROUTE_OF_LAYER[layer.name]!;
      const route = routes.find((r) => `${r.method} ${r.path}` === routeKey);
      expect(route, routeKey).toBeDefined();
      for (const role of ROLES) {
        const layerAllows = hasAccess([role], layer.access ?? 'authenticated');
        if (layerAllows !== hasAccess([role], route!.access))
          mismatches.push(`${layer.name} for ${role}: tile ${layerAllows}, ${routeKey} ${!layerAllows}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('answers every layer as its rule says, for anonymous and each role', async () => {
    const failures: string[] = [];
    // The route matrix above ended the shared sessions (logout is checked last): log in again.
    for (const role of ROLES) clients.set(role, await app.client(role));
    for (const layer of TILE_LAYERS) {
      const route = routes.find((r) => r.path === '/tiles/:layer/:z/:x/:y.pbf')!;
      const tile = { ...route, path: `/tiles/${layer.name}/0/0/0.pbf` };
      const anonymous = await statusOf(null, tile);
      if (anonymous !== 401) failures.push(`${layer.name} anonymous → ${anonymous}`);
      for (const role of ROLES) {
        const status = await statusOf(clients.get(role)!, tile);
        const allowed = hasAccess([role], layer.access ?? 'authenticated');
        if (allowed && status !== 200) failures.push(`${layer.name} ${role} → ${status}, expected 200`);
        if (!allowed && status !== 403) failures.push(`${layer.name} ${role} → ${status}, expected 403`);
      }
    }
    expect(failures).toEqual([]);
  });
});
