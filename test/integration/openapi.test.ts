import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiPath, requestJsonSchema } from '../../server/src/http/openapi';
import type { RouteDef } from '../../server/src/http/route-table';
import { routeTableOf } from '../support/route-table';
import { startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let routes: RouteDef[];
beforeAll(async () => {
  app = await startTestApp({ mode: 'server' });
  routes = routeTableOf(app);
});
afterAll(() => app?.close());

describe('GET /api/openapi.json', () => {
  it('describes exactly the routes the server mounts: method, access, limits and request schemas', async () => {
    const reply = await (await app.client()).get('/api/openapi.json');
    expect(reply.status).toBe(200);
    const doc = reply.body;
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.values(doc.paths as Record<string, Record<string, unknown>>).flatMap((p) =>
      Object.keys(p),
    );
    expect(operations).toHaveLength(routes.length);
    expect(routes.map((r) => r.path)).toContain('/api/openapi.json');

    for (const route of routes) {
      const label = `${route.method} ${route.path}`;
      const operation = doc.paths[openApiPath(route.path)]?.[route.method];
      expect(operation, label).toBeDefined();
      expect(operation.summary, label).toBe(route.summary);
      expect(operation['x-access'], label).toEqual(
        typeof route.access === 'string' ? route.access : [...route.access],
      );
      expect(operation.security, label).toEqual(route.access === 'public' ? [] : [{ session: [] }]);
      expect(operation['x-rate-limit'], label).toBe(route.rateLimit);
      const pathParams = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]);
      const params = operation.parameters as { name: string; in: string }[];
      expect(
        params.filter((p) => p.in === 'path').map((p) => p.name),
        label,
      ).toEqual(pathParams);
      if (route.request?.body) {
        expect(operation.requestBody.content['application/json'].schema, label).toEqual(
          requestJsonSchema(route.request.body),
        );
      } else expect(operation.requestBody, label).toBeUndefined();
      if (route.request?.query) {
        const names = Object.keys((requestJsonSchema(route.request.query).properties ?? {}) as object);
        expect(
          params.filter((p) => p.in === 'query').map((p) => p.name),
          label,
        ).toEqual(names);
      }
    }
  });

  it('gives the login body its limits, as the route checks them', async () => {
    const doc = (await (await app.client()).get('/api/openapi.json')).body;
    const login = doc.paths['/api/auth/login'].post;
    expect(login['x-access']).toBe('public');
    expect(login.requestBody.content['application/json'].schema).toMatchObject({
      type: 'object',
      required: ['username', 'password'],
      properties: {
        username: { type: 'string', maxLength: 64 },
        password: { type: 'string', maxLength: 256 },
      },
    });
    expect(doc.paths['/api/areas/{id}/coverage'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      ['id', 'from', 'to'],
    );
  });
});
