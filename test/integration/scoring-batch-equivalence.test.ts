import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreSeriesBatchIn } from '../../workers/src/scoring/series-batch';
import { siteBatches } from '../../workers/src/scoring/site-batches';
import { startTestApp, type TestApp } from '../support/test-app';
import { importDemoRound, loadDemoPlaces } from './scoring-demo-data';

/**
 * A round-wide re-score cut into large jobs (siteBatches: sites grouped by area, each job
 * reading only its areas' samples) stores exactly what scoring each site alone stores: every
 * column of every series score and every alert, on sites of the demo's two areas and sites
 * without an area. The processors' core runs here in a fixed order (mode 'server': no workers).
 */
let app: TestApp;
let sites: { siteId: number; areaId: number | null }[];

beforeAll(async () => {
  app = await startTestApp({ mode: 'server' });
  await loadDemoPlaces(app.db);
  for (let round = 1; round <= 6; round++) await importDemoRound(app.db, round);
  // Dongfang's sites, 20 of Haikou's, three of which lose their area: two areas and no area.
  const { rows } = await app.db.query<{ id: string; area_id: string | null }>(
    `with chosen as (
       select st.id, st.area_id, row_number() over (partition by st.area_id order by st.id) as n,
              (select max(area_id) from sites) as last_area
         from sites st where exists (select 1 from samples s where s.site_id = st.id))
     select id, area_id from chosen where area_id = last_area or n <= 20 order by area_id, id`,
  );
  const haikou = rows.slice(0, 3).map((r) => Number(r.id));
  await app.db.query(`update sites set area_id = null where id = any($1::bigint[])`, [haikou]);
  sites = rows.map((r) => ({
    siteId: Number(r.id),
    areaId: haikou.includes(Number(r.id)) || r.area_id === null ? null : Number(r.area_id),
  }));
}, 600_000);
afterAll(() => app?.close());

/** Scores in the given jobs, each job one transaction, after clearing every score and alert. */
async function scoreInJobs(jobs: readonly (readonly number[])[]) {
  await app.db.exec(`delete from alert_events; delete from alerts; delete from series_scores;`);
  for (const siteIds of jobs) await app.db.transaction((tx) => scoreSeriesBatchIn(tx, { siteIds }));
  const scores = await app.db.query(
    `select st.code, sc.analyte_code, sc.basis, sc.unit, sc.n, sc.quantified_n, sc.substituted_n, sc.s, sc.var_s,
            sc.z, sc.p_value, sc.tau, sc.sen_slope, sc.percent_change, sc.category, sc.method, sc.has_ties,
            sc.spike_method, r.name as spike_round, sc.spike_statistic, sc.spike_threshold, sc.spike_is_spike,
            sc.spike_baseline_n, l.name as latest_round, sc.inputs_version, sc.params
       from series_scores sc join sites st on st.id = sc.site_id
       left join rounds r on r.id = sc.spike_round_id left join rounds l on l.id = sc.latest_round_id
      order by st.code, sc.analyte_code`,
  );
  const alerts = await app.db.query(
    `select a.kind, a.condition_key, st.code, a.analyte_code, r.name as round, a.severity, a.status, a.detail
       from alerts a join sites st on st.id = a.site_id left join rounds r on r.id = a.round_id
      order by a.condition_key, a.status`,
  );
  return { scores: scores.rows, alerts: alerts.rows };
}

describe('score-sites in large jobs', () => {
  it('stores the same series scores and alerts as scoring each site alone', async () => {
    const alone = await scoreInJobs(sites.map((s) => [s.siteId]));
    const areas = new Set(sites.map((s) => s.areaId));
    expect(areas.size).toBeGreaterThanOrEqual(3); // several areas, and sites without one
    expect(areas.has(null)).toBe(true);
    expect(alone.scores.length).toBeGreaterThan(300);
    expect(new Set(alone.alerts.map((a) => a.kind)).size).toBeGreaterThanOrEqual(2);

    // The jobs a re-score queues with one worker slot: a few, each of one or more areas.
    const jobs = siteBatches(sites, 1);
    expect(jobs.length).toBeGreaterThan(1);
    expect(await scoreInJobs(jobs)).toEqual(alone);
    // Every site in one job, areas interleaved as the site ids come.
    expect(await scoreInJobs([sites.map((s) => s.siteId)])).toEqual(alone);
  }, 1_200_000);
});
