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

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).embedded).toBe(true);
  });
});
