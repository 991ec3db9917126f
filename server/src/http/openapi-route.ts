import { openApiDocument } from './openapi';
import type { RouteDef } from './route-table';

/** The version of the API contract (docs/api-contract.md), not of the build. */
export const API_VERSION = '1.0';

/**
 * `GET /api/openapi.json`, public: it lists routes and their rules, which the README publishes
 * too, and never data; code generators and API tools fetch it without a session.
 */
export function openApiRoute(routes: readonly RouteDef[]): RouteDef {
  const route: RouteDef = {
    method: 'get',
    path: '/api/openapi.json',
    access: 'public',
    summary: 'This API as an OpenAPI 3.1 document, generated from the route table and its zod schemas',
    handler(_req, res) {
      res.json(document);
    },
  };
  const document = openApiDocument([...routes, route], API_VERSION);
  return route;
}
