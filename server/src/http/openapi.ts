import { z } from 'zod';
import type { RouteDef } from './route-table';

type JsonSchema = Record<string, unknown>;

/** A zod schema as JSON Schema (draft 2020-12, what OpenAPI 3.1 uses), as a client sends it. */
export function requestJsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchema;
  return json;
}

/** `/api/areas/:id/coverage` → `/api/areas/{id}/coverage`. */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z_]\w*)/g, '{$1}');
}

function accessOf(route: RouteDef): string | string[] {
  return typeof route.access === 'string' ? route.access : [...route.access];
}

/**
 * The OpenAPI 3.1 document of the route table: every route with its method, summary, access rule
 * (`x-access`: public, authenticated or the roles; admins pass every role rule), rate limit
 * (`x-rate-limit`), path parameters, and the request's body and query as JSON Schema where the
 * route declares them (`request`). Built from the same table the server mounts, so it cannot
 * list a route that does not exist or miss one that does.
 */
export function openApiDocument(routes: readonly RouteDef[], version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const parameters: JsonSchema[] = [...route.path.matchAll(/:([A-Za-z_]\w*)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const query = route.request?.query ? requestJsonSchema(route.request.query) : undefined;
    const queryProperties = (query?.properties ?? {}) as Record<string, JsonSchema>;
    const requiredQuery = new Set((query?.required ?? []) as string[]);
    for (const [name, schema] of Object.entries(queryProperties)) {
      parameters.push({ name, in: 'query', required: requiredQuery.has(name), schema });
    }
    const operation: JsonSchema = {
      summary: route.summary,
      operationId: `${route.method} ${route.path}`,
      'x-access': accessOf(route),
      security: route.access === 'public' ? [] : [{ session: [] }],
      parameters,
      responses: {
        default: {
          description:
            'JSON (or the file the summary names); errors as { error: { code, message, details } }',
        },
      },
    };
    if (route.rateLimit) operation['x-rate-limit'] = route.rateLimit;
    if (route.request?.body) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: requestJsonSchema(route.request.body) } },
      };
    }
    (paths[openApiPath(route.path)] ??= {})[route.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Skywater API',
      version,
      description:
        'Wastewater and drone-survey monitoring. State-changing requests of a session need the X-CSRF-Token header (from login or GET /api/auth/me).',
    },
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'sw_session' } },
    },
    paths,
  };
}
