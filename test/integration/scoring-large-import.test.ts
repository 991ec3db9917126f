import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCORE_SITES_MAX_SITES } from '@skywater/core/jobs/scoring-jobs';
import { SERIES_JOBS_MAX } from '../../server/src/wastewater/scoring-jobs';
import { scoreSeriesBatchIn } from '../../workers/src/scoring/series-batch';
import { startTestApp, type TestApp, type TestClient } from '../support/test-app';
import { waitForScoring } from './scoring-demo-data';

/**
 * An import touching more series than SERIES_JOBS_MAX (a whole round of a province) is scored in
 * `score-sites` jobs of at most SCORE_SITES_MAX_SITES sites and the analytes it touched, not a
 * job per series: 250 sites × 3 analytes (750 series) → 2 jobs. What they store is what scoring
 * every series afresh computes.
 */
let app: TestApp;
let lab: TestClient;
const siteIds: number[] = [];
const SITES = 250;
const ANALYTES = ['KET', 'MDMA', 'METH'];
const HEADER =
  'site_code,round,sample_id,collected_start,collected_end,collection_type,flow_m3_per_day,population,analyte,value,unit,loq';

beforeAll(async () => {
  app = await startTestApp({ mode: 'all', env: { WORKER_CONCURRENCY: '2' } });
  lab = await app.client('lab');
  const { rows } = await app.db.query<{ id: number }>(
    `insert into sites (code, name, kind, geom, population_served)
     select 'LARGE-' || n, 'LARGE-' || n, 'sewer', st_setsrid(st_point(110.2 + n * 0.0005, 20.0), 4326), 20000
       from generate_series(1, ${SITES}) n
     returning id`,
  );
  siteIds.push(...rows.map((r) => Number(r.id)).sort((a, b) => a - b));
  await app.db.query(
    `insert into rounds (name, starts_on, ends_on)
     values ('LARGE-R1', '2025-03-01', '2025-03-30'), ('LARGE-R2', '2025-04-01', '2025-04-30')`,
  );
});
afterAll(() => app?.close());

describe('a large import is scored in score-sites jobs', () => {
  it('queues 2 score-sites jobs for 750 series, and they score every one as a fresh scoring would', async () => {
    expect(SITES * ANALYTES.length).toBeGreaterThan(SERIES_JOBS_MAX);
    const lines = [HEADER];
    for (const [r, day] of [
      ['LARGE-R1', '2025-03-10'],
      ['LARGE-R2', '2025-04-10'],
    ] as const)
      for (let n = 1; n <= SITES; n++)
        ANALYTES.forEach((analyte, a) =>
          lines.push(
            `LARGE-${n},${r},L-${r}-${n},${day} 08:00,2025-${day.slice(5, 7)}-11 08:00,composite_flow,5000,20000,${analyte},${10 + ((n * 7 + a * 13) % 50)},ng/L,1`,
          ),
        );
    const form = new FormData();
    form.append('file', new Blob([lines.join('\n') + '\n']), 'large-round.csv');
    const reply = await lab.post('/api/lab/imports', form);
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ status: 'imported', rowsImported: SITES * ANALYTES.length * 2 });
    expect(reply.body.seriesQueued).toBe(SITES * ANALYTES.length);

    const { rows: jobs } = await app.db.query<{
      job_name: string;
      job_id: string;
      payload: Record<string, unknown>;
    }>(
      `select job_name, job_id, payload from outbox where job_name in ('score-series', 'score-sites')
        and (payload->>'batchId')::bigint = $1 order by job_id`,
      [reply.body.batchId],
    );
    expect(jobs.map((j) => j.job_name)).toEqual(['score-sites', 'score-sites']);
    const [first, second] = jobs.map((j) => j.payload as { siteIds: number[]; analyteCodes: string[] });
    expect(first!.siteIds).toEqual(siteIds.slice(0, SCORE_SITES_MAX_SITES));
    expect(second!.siteIds).toEqual(siteIds.slice(SCORE_SITES_MAX_SITES));
    expect(first!.analyteCodes).toEqual(ANALYTES);
    expect(second!.analyteCodes).toEqual(ANALYTES);

    await waitForScoring(app);
    const scored = await app.db.query<{ n: number }>(
      `select count(*)::int as n from series_scores where site_id = any($1::bigint[])`,
      [siteIds],
    );
    expect(scored.rows[0]!.n).toBe(SITES * ANALYTES.length);
    // Scoring every series of these sites again finds every stored input version current.
    const again = await app.db.transaction((tx) => scoreSeriesBatchIn(tx, { siteIds }));
    expect(again).toMatchObject({ scored: 0, unchanged: SITES * ANALYTES.length, removed: 0 });
  });
});
