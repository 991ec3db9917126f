import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app';
import { importDemoRound, loadDemoPlaces, waitForScoring } from './scoring-demo-data';

/**
 * The demo's planted patterns (samples/generate/lab-results.ts PLANTED) scored through the
 * queue, as after the demo load: each comes out as its alerts, and nothing else is high.
 */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ mode: 'all', env: { WORKER_CONCURRENCY: '4' } });
  await loadDemoPlaces(app.db);
  // Scored as after the demo load, every round in before the first job runs: the AMP/METH rule
  // reads the area's samples in the store, so jobs racing the imports would judge against a
  // partly loaded area.
  const queues = (['scoring', 'hotspots'] as const).map((name) => app.services.queues.get(name));
  await Promise.all(queues.map((queue) => queue.pause()));
  for (let round = 1; round <= 6; round++) await importDemoRound(app.db, round);
  await Promise.all(queues.map((queue) => queue.resume()));
  await waitForScoring(app, 450_000);
}, 600_000);
afterAll(() => app?.close());

const CLUSTER = [
  'HK-V-031',
  'HK-V-032',
  'HK-V-033',
  'HK-V-034',
  'HK-V-035',
  'HK-V-036',
  'HK-V-037',
  'HK-V-038',
];

/** The inbox: every alert above `low` (low ones are signals on the site). */
async function inboxAlerts() {
  const { rows } = await app.db.query<{
    kind: string;
    site: string;
    analyte: string;
    round: string;
    severity: string;
  }>(
    `select a.kind, s.code as site, a.analyte_code as analyte, r.name as round, a.severity
       from alerts a join sites s on s.id = a.site_id join rounds r on r.id = a.round_id
      where a.severity <> 'low' order by 1, 2`,
  );
  return rows.map((r) => `${r.kind} ${r.site} ${r.analyte} ${r.round} ${r.severity}`).sort();
}

describe('the demo planted patterns', () => {
  it('put exactly the planted patterns in the inbox, each high, and nothing else above low', async () => {
    const expected = [
      'trend_rising HK-V-017 METH 2025年第6轮 high',
      'spike HK-H-008 KET 2025年第5轮 high',
      'first_detection DF-V-004 ETO-ACID 2025年第6轮 high',
      'amp_meth_ratio HK-R-012 AMP 2025年第4轮 high',
      // The same planted sample: AMP set to 0.9 × METH is also 3.3 × the site's usual AMP.
      'spike HK-R-012 AMP 2025年第4轮 high',
      // A hot spot alert keeps its most severe evidence: round 1, when the cluster was new at 99 %.
      ...CLUSTER.map((code) => `hotspot ${code} METH 2025年第1轮 high`),
    ].sort();
    expect(await inboxAlerts()).toEqual(expected);
  });

  it('scores the rising series with the exact Mann-Kendall test and keeps noise stable', async () => {
    const { rows } = await app.db.query<{
      code: string;
      category: string;
      n: number;
      s: number;
      method: string;
    }>(
      `select s.code, sc.category, sc.n, sc.s, sc.method, sc.p_value, sc.basis
         from series_scores sc join sites s on s.id = sc.site_id
        where sc.analyte_code = 'METH' and s.code = 'HK-V-017'`,
    );
    expect(rows[0]).toMatchObject({
      category: 'rising',
      n: 6,
      s: 15,
      method: 'exact',
      basis: 'normalised_load',
    });
    const counts = await app.db.query<{ category: string; n: number }>(
      `select category, count(*)::int as n from series_scores group by category`,
    );
    const byCategory = Object.fromEntries(counts.rows.map((r) => [r.category, r.n]));
    expect(byCategory.rising).toBeLessThanOrEqual(5);
    expect((await app.db.query(`select count(*)::int as n from series_scores`)).rows[0]).toEqual({ n: 1470 });
  });

  it('classifies the planted cluster as a persistent hot spot in emerging_hotspots', async () => {
    const { rows } = await app.db.query<{ code: string; category: string }>(
      `select s.code, e.category from emerging_hotspots e join sites s on s.id = e.site_id
        where e.analyte_code = 'METH' and s.code = any($1::text[]) order by 1`,
      [CLUSTER],
    );
    expect(rows.map((r) => r.category)).toEqual(CLUSTER.map(() => 'persistent_hot_spot'));
  });

  it('adds nothing when every job runs again (alerts deduplicated per condition)', async () => {
    const before = await app.db.query(`select id, severity, updated_at from alerts order by id`);
    await app.db.transaction(async (tx) => {
      const { enqueueScoringJobs } = await import('./scoring-demo-data');
      const batches = await tx.query<{ id: number }>(`select id from import_batches order by id`);
      for (const b of batches.rows) {
        await tx.query(`update outbox set relayed_at = now() where relayed_at is null`);
        await enqueueScoringJobs(tx, b.id);
      }
      await tx.query(`update outbox set job_id = job_id || '-again' where relayed_at is null`);
    });
    await app.db.query(`update series_scores set inputs_version = 'stale'`);
    await waitForScoring(app);
    const after = await app.db.query(`select id, severity, updated_at from alerts order by id`);
    expect(after.rows).toEqual(before.rows);
  });

  it('after the next round is uploaded, only its new first etomidate detection is new in the inbox', async () => {
    const before = await app.db.query<{ id: number }>(`select max(id)::int as id from alerts`);
    await importDemoRound(app.db, 7);
    await waitForScoring(app);
    const { rows } = await app.db.query<{ kind: string; site: string; analyte: string; severity: string }>(
      `select a.kind, s.code as site, a.analyte_code as analyte, a.severity
         from alerts a join sites s on s.id = a.site_id where a.id > $1 and a.severity <> 'low'`,
      [before.rows[0]!.id],
    );
    expect(rows).toEqual([
      { kind: 'first_detection', site: 'HK-V-005', analyte: 'ETO-ACID', severity: 'high' },
    ]);
  });
});
