import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countPendingJobs } from '@skywater/core/outbox/outbox';
import { startPrivateRedis, type PrivateRedis } from '../support/private-redis';
import { startTestApp, type TestApp } from '../support/test-app';
import { eventually } from '../support/eventually';

/**
 * Redis goes away during an import: the import still succeeds (its jobs wait in the outbox,
 * written in the same transaction), and when Redis is back every job runs, once.
 */
let redis: PrivateRedis;
let app: TestApp;
beforeAll(async () => {
  redis = await startPrivateRedis();
  app = await startTestApp({ mode: 'all', env: { REDIS_URL: redis.url } });
});
afterAll(async () => {
  redis?.start();
  await app?.close();
  redis?.stop();
});

const CSV = [
  'site_code,round,sample_id,collected_start,collected_end,collection_type,flow_m3_per_day,population,analyte,value,unit,lod,loq',
  'FAULT-A,故障轮次,FA-1,2025-03-24 08:00,2025-03-25 08:00,composite_flow,100000,500000,METH,200,ng/L,0.5,1',
  'FAULT-A,故障轮次,FA-1,2025-03-24 08:00,2025-03-25 08:00,composite_flow,100000,500000,KET,20,ng/L,0.5,1',
  'FAULT-B,故障轮次,FB-1,2025-03-24 08:00,2025-03-25 08:00,composite_flow,50000,200000,METH,80,ng/L,0.5,1',
].join('\n');

describe('Redis outage during an import', () => {
  it('imports, keeps the jobs, and runs each of them once when Redis returns', async () => {
    const analyst = await app.client('analyst');
    expect(
      (
        await analyst.post('/api/sites', {
          code: 'FAULT-A',
          name: 'A',
          kind: 'wwtp',
          lon: 110.3,
          lat: 20.0,
          populationServed: 500000,
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await analyst.post('/api/sites', {
          code: 'FAULT-B',
          name: 'B',
          kind: 'wwtp',
          lon: 110.4,
          lat: 20.0,
          populationServed: 200000,
        })
      ).status,
    ).toBe(201);
    expect(
      (await analyst.post('/api/rounds', { name: '故障轮次', startsOn: '2025-03-20', endsOn: '2025-03-30' }))
        .status,
    ).toBe(201);

    redis.stop();
    const lab = await app.client('lab');
    const form = new FormData();
    form.append('file', new Blob([CSV], { type: 'text/csv' }), 'fault.csv');
    const reply = await lab.post('/api/lab/imports', form);
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ status: 'imported', rowsImported: 3 });
    expect(await countPendingJobs(app.db)).toBeGreaterThanOrEqual(3);
    expect((await analyst.get('/api/ready')).body.down).toEqual(['redis']);

    redis.start();
    const scored = await eventually(async () => {
      const { rows } = await app.db.query<{ n: number }>(
        `select count(*)::int as n from series_scores ss join sites s on s.id = ss.site_id where s.code like 'FAULT-%'`,
      );
      const emerging = await app.db.query(
        `select 1 from outbox where job_name = 'score-emerging' and relayed_at is not null`,
      );
      return rows[0]!.n === 3 && emerging.rows.length > 0 && (await countPendingJobs(app.db)) === 0;
    });
    expect(scored).toBe(true);
    const { rows } = await app.db.query<{ job_name: string; n: number; relayed: number }>(
      `select job_name, count(*)::int as n, count(relayed_at)::int as relayed from outbox group by job_name order by job_name`,
    );
    // One scoring job per series (3), one hot-spot job for the round, and the emerging-hot-spot
    // run the round job asked for: all relayed, none lost.
    expect(rows).toEqual([
      { job_name: 'score-emerging', n: 1, relayed: 1 },
      { job_name: 'score-round', n: 1, relayed: 1 },
      { job_name: 'score-series', n: 3, relayed: 3 },
    ]);
  });
});
