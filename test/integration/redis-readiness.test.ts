import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '@skywater/core/config/config';
import { createRedis, pingWhenReady, type RedisConnection } from '@skywater/workers';

/**
 * Readiness asks Redis through the producers' connection, which has no offline queue: right after
 * start-up (a cluster's first slots refresh, a reconnect) a bare command fails at once, though
 * Redis is up. The run on the Redis Cluster (TEST_REDIS_CLUSTER_NODES) takes the cluster's path.
 */
const config = loadConfig({
  REDIS_URL: process.env.REDIS_URL,
  REDIS_CLUSTER_NODES: process.env.TEST_REDIS_CLUSTER_NODES,
  NODE_ENV: 'test',
});
let connection: RedisConnection | undefined;
afterEach(() => connection?.disconnect());

describe('Redis readiness on a connection that is still connecting', () => {
  it('refuses a bare command before the connection is ready, and the readiness ping waits for it', async () => {
    connection = createRedis(config, 'producer');
    expect(connection.status).toBe('connecting');
    await expect(connection.ping()).rejects.toThrow(/enableOfflineQueue/);
    const other = createRedis(config, 'producer');
    try {
      expect(other.status).toBe('connecting');
      await expect(pingWhenReady(other, 10_000)).resolves.toBeUndefined();
      expect(other.status).toBe('ready');
    } finally {
      other.disconnect();
    }
  });
});
