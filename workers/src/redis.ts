import { Redis, type RedisOptions } from 'ioredis';
import { withTimeout } from '@skywater/core/timeouts/with-timeout';

export { withTimeout };

/**
 * Redis connections for BullMQ. Workers block on Redis and must retry forever
 * (`maxRetriesPerRequest: null`); producers fail fast while Redis is down
 * (`enableOfflineQueue: false`), so the outbox keeps the job and retries later.
 */
export function createRedis(url: string, purpose: 'worker' | 'producer' | 'probe'): Redis {
  const options: RedisOptions = {
    maxRetriesPerRequest: purpose === 'worker' ? null : 1,
    enableOfflineQueue: purpose === 'worker',
    connectTimeout: 3_000,
    lazyConnect: purpose === 'probe',
    retryStrategy: purpose === 'probe' ? () => null : (times) => Math.min(times * 200, 5_000),
  };
  const redis = new Redis(url, options);
  // Connection errors are reported by readiness and the relay, not as unhandled events.
  redis.on('error', () => undefined);
  return redis;
}

export class RedisUnreachableError extends Error {
  override name = 'RedisUnreachableError';
}

/** One round trip to Redis, with a deadline. */
export async function pingRedis(url: string, timeoutMs = 3_000): Promise<void> {
  const redis = createRedis(url, 'probe');
  try {
    await withTimeout(
      redis.connect().then(() => redis.ping()),
      timeoutMs,
    );
  } catch (error) {
    throw new RedisUnreachableError(
      `Redis is not reachable at ${url} (${(error as Error).message || 'no answer'}): start it with \`redis-server --appendonly yes --maxmemory-policy noeviction\`, or set REDIS_URL.`,
    );
  } finally {
    redis.disconnect();
  }
}

/** Resolves once the connection is ready (it may be connecting or reconnecting), or rejects after `ms`. */
export function waitUntilReady(redis: Redis, ms: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  if (redis.status === 'end' || redis.status === 'close') {
    return Promise.reject(new Error(`Redis connection is ${redis.status}`));
  }
  return withTimeout(new Promise<void>((resolve) => redis.once('ready', () => resolve())), ms);
}
