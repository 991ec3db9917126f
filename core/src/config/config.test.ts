import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('defaults to the embedded database, demo mode and port 8080', () => {
    const config = loadConfig({});
    expect(config.embedded).toBe(true);
    expect(config.demo).toBe(true);
    expect(config.port).toBe(8080);
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
  });

  it('leaves demo mode off on a database server unless asked', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://db/skywater' }).demo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/skywater', DEMO: 'true' }).demo).toBe(true);
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL/);
  });

  it('reads the hot-spot distance band in metres, 1,500 by default', () => {
    expect(loadConfig({}).hotspotDistanceBandM).toBe(1500);
    expect(loadConfig({ HOTSPOT_DISTANCE_BAND_M: '2500' }).hotspotDistanceBandM).toBe(2500);
    expect(() => loadConfig({ HOTSPOT_DISTANCE_BAND_M: '-1' })).toThrow(/HOTSPOT_DISTANCE_BAND_M/);
  });

  it('keeps imagery on the local disk unless IMAGERY_STORE=s3', () => {
    expect(loadConfig({}).imagery).toEqual({ store: 'local' });
    expect(() => loadConfig({ IMAGERY_STORE: 'ftp' })).toThrow(/IMAGERY_STORE/);
  });

  it('reads an S3-compatible imagery store, path-style by default when it has its own endpoint', () => {
    const config = loadConfig({
      IMAGERY_STORE: 's3',
      S3_ENDPOINT: 'http://rgw.office.lan:7480',
      S3_BUCKET: 'skywater-imagery',
      S3_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      S3_SECRET_ACCESS_KEY: 'secret-example',
    });
    expect(config.imagery).toEqual({
      store: 's3',
      s3: {
        endpoint: 'http://rgw.office.lan:7480',
        bucket: 'skywater-imagery',
        region: 'us-east-1',
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-example' },
        forcePathStyle: true,
      },
    });
    const aws = loadConfig({ IMAGERY_STORE: 's3', S3_BUCKET: 'imagery', S3_REGION: 'ap-east-1' });
    expect(aws.imagery).toMatchObject({
      s3: { endpoint: undefined, credentials: undefined, forcePathStyle: false },
    });
  });

  it('stops with one line naming the S3 variable that is missing or wrong', () => {
    const message = (env: Record<string, string | undefined>) => {
      try {
        loadConfig(env);
      } catch (error) {
        return (error as Error).message;
      }
      return 'no error';
    };
    expect(message({ IMAGERY_STORE: 's3' })).toBe(
      'Configuration error: S3_BUCKET is required when IMAGERY_STORE=s3',
    );
    expect(message({ IMAGERY_STORE: 's3', S3_BUCKET: 'Bad_Bucket' })).toMatch(
      /^Configuration error: S3_BUCKET is invalid/,
    );
    expect(message({ IMAGERY_STORE: 's3', S3_BUCKET: 'imagery', S3_ENDPOINT: 'rgw:7480' })).toMatch(
      /^Configuration error: S3_ENDPOINT is invalid/,
    );
    expect(message({ IMAGERY_STORE: 's3', S3_BUCKET: 'imagery', S3_ACCESS_KEY_ID: 'AKID' })).toMatch(
      /^Configuration error: S3_SECRET_ACCESS_KEY is required/,
    );
    for (const env of [{ IMAGERY_STORE: 's3' }, { IMAGERY_STORE: 's3', S3_BUCKET: 'x_' }])
      expect(message(env)).not.toContain('\n');
  });

  it('reads a Redis Cluster as host:port pairs, and wants a hash tag in the queue prefix then', () => {
    expect(loadConfig({}).redisClusterNodes).toBeUndefined();
    expect(loadConfig({ REDIS_CLUSTER_NODES: 'redis-a:7000,10.0.0.2:7001' }).redisClusterNodes).toEqual([
      { host: 'redis-a', port: 7000 },
      { host: '10.0.0.2', port: 7001 },
    ]);
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: 'redis-a' })).toThrow(/REDIS_CLUSTER_NODES/);
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: 'redis-a:7000', QUEUE_PREFIX: 'skywater' })).toThrow(
      /QUEUE_PREFIX must hold a hash tag/,
    );
  });

  it('reads a read replica and its lag ceiling, 16 MiB by default', () => {
    expect(loadConfig({}).databaseReadUrl).toBeUndefined();
    const config = loadConfig({
      DATABASE_URL: 'postgres://primary/skywater',
      DATABASE_READ_URL: 'postgres://replica/skywater',
    });
    expect(config.databaseReadUrl).toBe('postgres://replica/skywater');
    expect(config.databaseReadMaxLagBytes).toBe(16 * 1024 * 1024);
    expect(() => loadConfig({ DATABASE_READ_URL: 'replica:5432' })).toThrow(/DATABASE_READ_URL/);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).embedded).toBe(true);
  });
});
