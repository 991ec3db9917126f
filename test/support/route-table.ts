import { primaryOnly } from '@skywater/core/db/read-replica';
import { createLogger } from '@skywater/core/log/logger';
import type { AppContext } from '../../server/src/app-context';
import type { RouteDef } from '../../server/src/http/route-table';
import { buildRoutes } from '../../server/src/routes';
import type { TestApp } from './test-app';

/**
 * The route table the app mounts, built over the test app's database (no Redis, no jobs): what
 * the role matrix, the office matrix and the OpenAPI test walk.
 */
export function routeTableOf(app: TestApp): RouteDef[] {
  const ctx: AppContext = {
    config: app.config,
    db: app.db,
    reads: primaryOnly(app.db),
    log: createLogger('silent'),
    jobsWritten: () => undefined,
    pingRedis: async () => undefined,
  };
  return buildRoutes(ctx);
}
