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
    expect(venues.body.areaName).toBeNull();
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

  it("names a campaign's area, archived or not, so a reader without the area list can show it", async () => {
    const analyst = await app.client('analyst');
    const { rows } = await app.db.query<{ id: number }>(
      `insert into survey_areas (name, city, geom, area_km2)
       select '崖州区南山片区', 'sanya', g, st_area(g::geography) / 1e6
       from (select st_multi(st_makeenvelope(109.1, 18.3, 109.15, 18.35, 4326)) as g) x returning id`,
    );
    const areaId = Number(rows[0]!.id);
    const made = await analyst.post('/api/campaigns', {
      name: '南山片区季度监测',
      areaId,
      cadence: 'quarterly',
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ areaId, areaName: '崖州区南山片区' });
    await app.db.query(`update survey_areas set archived_at = now() where id = $1`, [areaId]);
    const listed = (await analyst.get('/api/campaigns')).body.find(
      (c: { id: number }) => c.id === made.body.id,
    );
    expect(listed).toMatchObject({ areaId, areaName: '崖州区南山片区' });
  });
});
