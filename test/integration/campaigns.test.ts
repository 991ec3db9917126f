import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app';

/** Sampling campaigns: rounds belong to one; existing and unplaced rounds join the default. */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ mode: 'server' });
}, 120_000);
afterAll(() => app?.close());

describe('campaigns', () => {
  it('puts a round in the default campaign unless it names one, and refuses an unknown one', async () => {
    const analyst = await app.client('analyst');
    const campaigns = await analyst.get('/api/campaigns');
    const fallback = campaigns.body.find((c: { areaId: number | null }) => c.areaId === null);
    expect(fallback).toMatchObject({ name: '默认 / default' });

    const plain = await analyst.post('/api/rounds', {
      name: 'C-R1',
      startsOn: '2025-01-01',
      endsOn: '2025-01-10',
    });
    expect(plain.body.campaignId).toBe(fallback.id);

    const venues = await analyst.post('/api/campaigns', { name: '海口娱乐场所月度监测', cadence: 'monthly' });
    expect(venues.status).toBe(201);
    const monthly = await analyst.post('/api/rounds', {
      name: 'C-M1',
      startsOn: '2025-02-01',
      endsOn: '2025-02-03',
      campaignId: venues.body.id,
    });
    expect(monthly.status).toBe(201);
    expect(monthly.body.campaignId).toBe(venues.body.id);

    const count = async () => (await app.db.query(`select count(*)::int as n from rounds`)).rows[0];
    const before = await count();
    const unknown = await analyst.post('/api/rounds', {
      name: 'C-X',
      startsOn: '2025-02-01',
      endsOn: '2025-02-03',
      campaignId: 999_999,
    });
    expect(unknown.status).toBe(400);
    expect(await count()).toEqual(before);
    expect((await analyst.post('/api/campaigns', { name: '海口娱乐场所月度监测' })).status).toBe(409);
    expect((await (await app.client('lab')).post('/api/campaigns', { name: 'x' })).status).toBe(403);
    // A round written without the API (the demo loader) joins the default campaign too.
    const { rows } = await app.db.query<{ campaign_id: string }>(
      `insert into rounds (name, starts_on, ends_on) values ('C-SQL', '2025-03-01', '2025-03-02') returning campaign_id`,
    );
    expect(Number(rows[0]!.campaign_id)).toBe(fallback.id);
  });
});
