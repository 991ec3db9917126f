import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { Config } from '@skywater/core/config/config';
import { withTimeout } from '@skywater/core/timeouts/with-timeout';

export { withTimeout };

/** A connection to one Redis server or to a Redis Cluster: BullMQ takes either. */
export type RedisConnection = Redis | Cluster;

/** Where BullMQ's Redis is: a URL (one server), or the configuration (REDIS_CLUSTER_NODES wins). */
export type RedisTarget = string | Pick<Config, 'redisUrl' | 'redisClusterNodes'>;

/**
 * Redis connections for BullMQ. Workers block on Redis and must retry forever
 * (`maxRetriesPerRequest: null`); producers fail fast while Redis is down
 * (`enableOfflineQueue: false`), so the outbox keeps the job and retries later. On a cluster the
 * same options hold for each node's connection, and the cluster is rediscovered the same way.
 */
export function createRedis(target: RedisTarget, purpose: 'worker' | 'producer' | 'probe'): RedisConnection {
  const retry = (times: number) => Math.min(times * 200, 5_000);
  const options: RedisOptions = {
    maxRetriesPerRequest: purpose === 'worker' ? null : 1,
    enableOfflineQueue: purpose === 'worker',
    connectTimeout: 3_000,
    lazyConnect: purpose === 'probe',
    retryStrategy: purpose === 'probe' ? () => null : retry,
  };
  const nodes = typeof target === 'string' ? undefined : target.redisClusterNodes;
  const redis: RedisConnection = nodes
    ? new Cluster(nodes, {
        redisOptions: options,
        enableOfflineQueue: options.enableOfflineQueue,
        lazyConnect: options.lazyConnect,
        clusterRetryStrategy: purpose === 'probe' ? () => null : retry,
        // A master that restarts answers MOVED/TRYAGAIN/CLUSTERDOWN for a moment: wait it out.
        retryDelayOnClusterDown: 300,
        retryDelayOnTryAgain: 300,
      })
    : new Redis(typeof target === 'string' ? target : target.redisUrl, options);
  // Connection errors are reported by readiness and the relay, not as unhandled events.
  redis.on('error', () => undefined);
  return redis;
}

/** The target for messages: the URL, or the cluster's nodes. */
export function describeRedisTarget(target: RedisTarget): string {
  if (typeof target === 'string') return target;
  if (target.redisClusterNodes)
    return `the cluster ${target.redisClusterNodes.map((n) => `${n.host}:${n.port}`).join(',')}`;
  return target.redisUrl;
}

export class RedisUnreachableError extends Error {
  override name = 'RedisUnreachableError';
}

/** One round trip to Redis, with a deadline. */
export async function pingRedis(target: RedisTarget, timeoutMs = 3_000): Promise<void> {
  const redis = createRedis(target, 'probe');
  try {
    await withTimeout(
      redis.connect().then(() => redis.ping()),
      timeoutMs,
    );
  } catch (error) {
    throw new RedisUnreachableError(
      `Redis is not reachable at ${describeRedisTarget(target)} (${(error as Error).message || 'no answer'}): start it with \`redis-server --appendonly yes --maxmemory-policy noeviction\`, or set REDIS_URL (or REDIS_CLUSTER_NODES).`,
    );
  } finally {
    redis.disconnect();
  }
}

/** Resolves once the connection is ready (it may be connecting or reconnecting), or rejects after `ms`. */
export function waitUntilReady(redis: RedisConnection, ms: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  if (redis.status === 'end' || redis.status === 'close') {
    return Promise.reject(new Error(`Redis connection is ${redis.status}`));
  }
  return withTimeout(new Promise<void>((resolve) => redis.once('ready', () => resolve())), ms);
}

/**
 * One round trip on a connection that may still be connecting: a producer's connection has no
 * offline queue, so a command sent before it is ready fails at once (a cluster's first slots
 * refresh takes a moment after start-up).
 */
export function pingWhenReady(redis: RedisConnection, ms: number): Promise<void> {
  return withTimeout(
    waitUntilReady(redis, ms).then(() => redis.ping()).then(() => undefined),
    ms,
  );
}
