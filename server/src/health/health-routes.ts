import { schemaStatus } from '@skywater/core/db/migrate';
import type { RouteModule } from '../http/route-table';
import { withTimeout } from '@skywater/core/timeouts/with-timeout';

export const healthRoutes: RouteModule = ({ db, reads, pingRedis }) => [
  {
    method: 'get',
    path: '/api/health',
    access: 'public',
    summary: 'The process is alive',
    handler(_req, res) {
      res.json({ status: 'ok' });
    },
  },
  {
    method: 'get',
    path: '/api/ready',
    access: 'public',
    summary:
      'Database (migrated, PostGIS) and Redis answer; 503 names what does not; "degraded" when a read replica is down or behind',
    async handler(_req, res) {
      const [database, redis] = await Promise.all([
        withTimeout(schemaStatus(db), 3_000).then(
          (s) =>
            s.migrated
              ? { ok: true, version: s.version, postgis: s.postgis }
              : { ok: false, error: `schema at ${s.version ?? 'none'}, expected ${s.latest}` },
          (error: Error) => ({ ok: false, error: error.message }),
        ),
        withTimeout(pingRedis(), 3_000).then(
          () => ({ ok: true }),
          (error: Error) => ({ ok: false, error: error.message }),
        ),
      ]);
      const ready = database.ok && redis.ok;
      const down = [!database.ok && 'database', !redis.ok && 'redis'].filter(Boolean);
      // A read replica is optional: without it reads go to the primary, slower but whole.
      const replica = reads.status();
      const readReplica = replica && {
        ok: replica.state === 'streaming',
        state: replica.state,
        lagBytes: replica.lagBytes,
        ...(replica.error ? { error: replica.error } : {}),
      };
      const degraded = readReplica && !readReplica.ok ? ['readReplica'] : [];
      res.status(ready ? 200 : 503).json({
        status: !ready ? 'unavailable' : degraded.length ? 'degraded' : 'ready',
        down,
        ...(readReplica
          ? { degraded, checks: { database, redis, readReplica } }
          : { checks: { database, redis } }),
      });
    },
  },
];
