import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres';
import { startTestApp, type TestApp } from '../support/test-app';
import { eventually } from '../support/eventually';

/**
 * The PostgreSQL server goes away while the application runs: requests get 503 (not 500, no
 * stack), /api/ready names the database, and everything recovers by itself when it is back.
 * Runs on a private PostgreSQL cluster so the shared test server is never stopped.
 */
let pg: PrivatePostgres;
let app: TestApp;
beforeAll(async () => {
  pg = await startPrivatePostgres();
  app = await startTestApp({ mode: 'server', databaseUrl: pg.url });
});
afterAll(async () => {
  pg?.start();
  await app?.close();
  pg?.destroy();
});

describe('PostgreSQL restart', () => {
  it('answers 503 while the database is down and recovers without a restart of the app', async () => {
    const analyst = await app.client('analyst');
    expect((await analyst.get('/api/areas')).status).toBe(200);

    pg.stop();
    const ready = await analyst.get('/api/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.down).toEqual(['database']);
    const areas = await analyst.get('/api/areas');
    expect(areas.status).toBe(503);
    expect(areas.body.error.code).toBe('dependency_down');
    expect(JSON.stringify(areas.body)).not.toMatch(/ECONNREFUSED|\.ts:\d+/);

    pg.start();
    expect(await eventually(async () => (await analyst.get('/api/ready')).status === 200)).toBe(true);
    expect((await analyst.get('/api/areas')).status).toBe(200);
  });
});
