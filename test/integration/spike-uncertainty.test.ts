import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreSeriesIn } from '../../workers/src/scoring/score-series';
import { startTestApp, type TestApp, type TestClient } from '../support/test-app';

/**
 * The spike rule judges with the uncertainty components an admin stored, the ones the site's
 * series draws its 95 % band with: a KET round at 2.9 × its baseline is a spike with the shipped
 * 10 % analytical RSD, not once the admin stores 40 % for KET (the intervals overlap), and a spike
 * again when the setting is removed. Each change queues the re-score of every series.
 */
let app: TestApp;
let admin: TestClient;
let analyst: TestClient;
let siteId: number;

beforeAll(async () => {
  app = await startTestApp({ mode: 'server' });
  [admin, analyst] = await Promise.all([app.client('admin'), app.client('analyst')]);
  await app.db.transaction(async (tx) => {
    const site = await tx.query<{ id: number }>(
      `insert into sites (code, name, kind, geom) values ('SU-1', 'SU-1', 'sewer', st_setsrid(st_point(110.3, 20.0), 4326))
       returning id`,
    );
    siteId = site.rows[0]!.id;
    const values = [20, 22, 19, 21, 60];
    for (const [r, value] of values.entries()) {
      const round = await tx.query<{ id: number }>(
        `insert into rounds (name, starts_on, ends_on) values ($1, $2, $2) returning id`,
        [`SU-R${r + 1}`, `2025-0${r + 1}-01`],
      );
      const sample = await tx.query<{ id: number }>(
        `insert into samples (site_id, round_id, lab_sample_id, collected_start, collected_end, collection_type)
         values ($1, $2, $3, $4, $5, 'composite_time') returning id`,
        [
          siteId,
          round.rows[0]!.id,
          `SU-${r}`,
          `2025-0${r + 1}-01T08:00:00+08:00`,
          `2025-0${r + 1}-02T08:00:00+08:00`,
        ],
      );
      await tx.query(
        `insert into measurements (sample_id, analyte_code, qualifier, value_ng_l, lod_ng_l, loq_ng_l)
         values ($1, 'KET', '=', $2, 0.5, 1)`,
        [sample.rows[0]!.id, value],
      );
    }
  });
}, 600_000);
afterAll(() => app?.close());

const liveSpikes = async () =>
  (
    await app.db.query<{ status: string; severity: string }>(
      `select status, severity from alerts where site_id = $1 and kind = 'spike' and status <> 'resolved'`,
      [siteId],
    )
  ).rows;
const rescoreJobs = async () =>
  (
    await app.db.query<{ n: number }>(
      `select count(*)::int as n from outbox where job_name = 'rescore-all' and job_id like 'rescore-all-uncertainty-%'`,
    )
  ).rows[0]!.n;
const score = () => app.db.transaction((tx) => scoreSeriesIn(tx, siteId, 'KET'));
const latestAnalyticalRsd = async () => {
  const reply = await analyst.get(`/api/sites/${siteId}/series?analyte=KET`);
  expect(reply.status).toBe(200);
  return reply.body.points.at(-1).uncertainty.components.analytical.rsd as number;
};

describe('spike rule and the stored uncertainty components', () => {
  it('changes its verdict when an admin changes a component, and back when it is removed', async () => {
    expect(await score()).toMatchObject({ status: 'scored' });
    expect(await liveSpikes()).toEqual([{ status: 'open', severity: 'medium' }]);
    expect(await latestAnalyticalRsd()).toBe(0.1);

    const setting = {
      component: 'analytical',
      scope: 'analyte',
      key: 'KET',
      rsd: 0.4,
      source: 'the lab’s inter-day precision study',
      reason: 'the lab’s KET method is less precise',
    };
    expect((await admin.request('PUT', '/api/uncertainty-components', setting)).status).toBe(200);
    expect(await rescoreJobs()).toBe(1);
    // The series draws its band with 40 %; the rule judges with the same 40 %: no spike.
    expect(await latestAnalyticalRsd()).toBe(0.4);
    expect(await score()).toMatchObject({ status: 'scored' });
    expect(await liveSpikes()).toEqual([]);
    // Nothing changed since: the series is not scored again.
    expect(await score()).toEqual({ status: 'unchanged' });

    const removed = await admin.request('DELETE', '/api/uncertainty-components', {
      component: 'analytical',
      scope: 'analyte',
      key: 'KET',
      reason: 'back to the shipped default',
    });
    expect(removed.status).toBe(204);
    expect(await rescoreJobs()).toBe(2);
    expect(await latestAnalyticalRsd()).toBe(0.1);
    expect(await score()).toMatchObject({ status: 'scored' });
    expect(await liveSpikes()).toEqual([{ status: 'open', severity: 'medium' }]);
  });
});
