import { loadConfig } from '@skywater/core/config/config';
import { createLogger } from '@skywater/core/log/logger';
import type { Db } from '@skywater/core/db/db';
import type { AppContext } from '../app-context';
import type { RouteDef } from '../http/route-table';
import { buildRoutes } from '../routes';
import { primaryOnly } from '@skywater/core/db/read-replica';

/** The README's API table, from the route table itself: `npm run routes`. */
export function routeTableMarkdown(routes: RouteDef[]): string {
  const access = (r: RouteDef) =>
    typeof r.access === 'string' ? (r.access === 'public' ? 'public' : 'logged in') : r.access.join(', ');
  const lines = ['| method | path | access | what |', '|---|---|---|---|'];
  for (const r of routes)
    lines.push(
      `| ${r.method.toUpperCase()} | \`${r.path}\` | ${access(r)} | ${r.summary.replaceAll('|', '\\|')} |`,
    );
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // Route modules only close over the context: nothing is queried to list them.
  const ctx: AppContext = {
    config: loadConfig({ DATA_DIR: '/tmp/skywater-routes' }),
    db: {} as Db,
    reads: primaryOnly({} as Db),
    log: createLogger('silent'),
    jobsWritten: () => undefined,
    pingRedis: async () => undefined,
  };
  process.stdout.write(`${routeTableMarkdown(buildRoutes(ctx))}\n`);
}
