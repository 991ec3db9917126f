import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '@skywater/core/db/db';
import { scoreSeriesIn } from '../../workers/src/scoring/score-series';
import { scoreSeriesBatchIn } from '../../workers/src/scoring/series-batch';
import { startTestApp, type TestApp } from '../support/test-app';
import { waitForScoring } from './scoring-demo-data';

/**
 * The batched paths give the results of the one-by-one paths: `score-sites` (one read, one
 * upsert, alerts in bulk) against `score-series` per series, and the nightly `rescore-all`
 * through the queue.
 */
let app: TestApp;
const rounds: number[] = [];
beforeAll(async () => {
  app = await startTestApp({ mode: 'all', env: { WORKER_CONCURRENCY: '2' } });
  for (let r = 1; r <= 6; r++) {
    const { rows } = await app.db.query<{ id: number }>(
      `insert into rounds (name, starts_on, ends_on) values ($1, $2, $2) returning id`,
      [`B${r}`, `2025-0${r}-01`],
    );
    rounds.push(rows[0]!.id);
  }
});
afterAll(() => app?.close());

type Result = number | 'ND' | '<LOQ';
/** Every signal at once: rising METH, AMP/METH 0.9, a KET spike, cocaine without BE, first etomidate. */
const PANEL: Record<string, Result[]> = {
  METH: [100, 120, 115, 160, 190, 240],
  AMP: [12, 11, 14, 13, 171, 20],
  KET: [20, 22, 19, 21, 250, 20],
  COC: [2, 3, 2, 4, 3, 15],
  BE: [8, 9, 8, 10, 9, 'ND'],
  'ETO-ACID': ['ND', 'ND', 'ND', 'ND', '<LOQ', 18],
  MDMA: [5, 6, 5, 7, 6, 5],
};

let siteSeq = 0;
async function siteWithPanel(lon = 110.3, lat = 20.0, scale = 1): Promise<number> {
  return app.db.transaction(async (tx) => {
    siteSeq++;
    const { rows } = await tx.query<{ id: number }>(
      `insert into sites (code, name, kind, geom, population_served)
       values ($1, $1, 'sewer', st_setsrid(st_point($2, $3), 4326), 20000) returning id`,
      [`BATCH-${siteSeq}`, lon, lat],
    );
    const siteId = rows[0]!.id;
    await measure(tx, siteId, PANEL, scale);
    return siteId;
  });
}

async function measure(tx: Queryable, siteId: number, panel: Record<string, Result[]>, scale: number) {
  for (let r = 0; r < 6; r++) {
    const sample = await tx.query<{ id: number }>(
      `insert into samples (site_id, round_id, lab_sample_id, collected_start, collected_end, collection_type,
         flow_m3_per_day, population)
       values ($1, $2, $3, '2025-01-01T08:00:00+08:00', '2025-01-02T08:00:00+08:00', 'composite_time', 5000, null)
       returning id`,
      [siteId, rounds[r], `B${siteId}-${r}`],
    );
    for (const [analyte, values] of Object.entries(panel)) {
      const v = values[r]!;
      await tx.query(
        `insert into measurements (sample_id, analyte_code, qualifier, value_ng_l, lod_ng_l, loq_ng_l)
         values ($1, $2, $3, $4, 0.5, 1)`,
        [
          sample.rows[0]!.id,
          analyte,
          typeof v === 'number' ? '=' : v,
          typeof v === 'number' ? v * scale : null,
        ],
      );
    }
  }
}

const scoresOf = async (siteId: number) =>
  (
    await app.db.query<Record<string, unknown>>(
      `select analyte_code, basis, unit, n, quantified_n, substituted_n, s, var_s, z, p_value, tau, sen_slope,
              percent_change, category, method, has_ties, spike_method, spike_statistic, spike_threshold,
              spike_is_spike, spike_baseline_n, params, split_part(inputs_version, ':', 1) || ':' ||
              split_part(inputs_version, ':', 2) as version_head
         from series_scores where site_id = $1 order by analyte_code`,
      [siteId],
    )
  ).rows;

const alertsOf = async (siteId: number) =>
  (
    await app.db.query<{
      kind: string;
      analyte_code: string;
      severity: string;
      round_id: number;
      detail: object;
    }>(
      `select kind, analyte_code, severity, round_id, detail from alerts where site_id = $1
        order by kind, analyte_code, round_id`,
      [siteId],
    )
  ).rows;

describe('score-sites (the batch path)', () => {
  it('stores the same scores and alerts as score-series run for each series', async () => {
    const one = await siteWithPanel();
    const batch = await siteWithPanel();
    for (const analyte of Object.keys(PANEL))
      await app.db.transaction((tx) => scoreSeriesIn(tx, one, analyte));
    const outcome = await app.db.transaction((tx) => scoreSeriesBatchIn(tx, { siteIds: [batch] }));

    expect(outcome).toMatchObject({ scored: 7, unchanged: 0, removed: 0 });
    expect(await scoresOf(batch)).toEqual(await scoresOf(one));
    const alerts = await alertsOf(batch);
    expect(alerts).toEqual(await alertsOf(one));
    expect(alerts.map((a) => `${a.kind} ${a.analyte_code} ${a.severity}`)).toEqual([
      'amp_meth_ratio AMP high',
      'cocaine_without_be COC high',
      'first_detection ETO-ACID high',
      'spike AMP high',
      'spike COC high',
      'spike KET high',
      'trend_rising METH medium',
    ]);
    // The AMP/METH ratio comes from both the AMP and the METH series: one alert, raised once.
    const audits = await app.db.query<{ n: number }>(
      `select count(*)::int as n from audit_log a join alerts al on a.entity = 'alert' and a.entity_id = al.id::text
        where al.site_id = $1 and a.action = 'raise'`,
      [batch],
    );
    expect(audits.rows[0]!.n).toBe(alerts.length);
  });

  it('writes nothing when run again, and removes the score of a series left without measurements', async () => {
    const siteId = await siteWithPanel();
    await app.db.transaction((tx) => scoreSeriesBatchIn(tx, { siteIds: [siteId] }));
    const before = await app.db.query(`select id, updated_at from alerts where site_id = $1 order by id`, [
      siteId,
    ]);
    const again = await app.db.transaction((tx) => scoreSeriesBatchIn(tx, { siteIds: [siteId] }));
    expect(again).toMatchObject({ scored: 0, unchanged: 7, removed: 0 });
    expect(
      (await app.db.query(`select id, updated_at from alerts where site_id = $1 order by id`, [siteId])).rows,
    ).toEqual(before.rows);

    await app.db.query(
      `delete from measurements where analyte_code = 'MDMA' and sample_id in (select id from samples where site_id = $1)`,
      [siteId],
    );
    const after = await app.db.transaction((tx) => scoreSeriesBatchIn(tx, { siteIds: [siteId] }));
    expect(after).toMatchObject({ scored: 0, unchanged: 6, removed: 1 });
    expect((await scoresOf(siteId)).map((s) => s.analyte_code)).not.toContain('MDMA');
  });
});

/** Runs the nightly job through the queue and waits for it and every job it enqueued. */
async function rescoreAll(jobId: string) {
  const queue = app.services.queues.get('scoring');
  await queue.add('rescore-all', {}, { jobId });
  const deadline = Date.now() + 30_000;
  while (!(await (await queue.getJob(jobId))?.isCompleted())) {
    if (Date.now() > deadline) throw new Error(`${jobId} not completed`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await waitForScoring(app);
}

describe('rescore-all (nightly) through the queue', () => {
  it('scores every site in score-sites batches, then finds nothing to change on a second night', async () => {
    const siteId = await siteWithPanel(110.31, 20.01, 2);
    const queue = app.services.queues.get('scoring');
    await rescoreAll('test-rescore-1');
    expect((await scoresOf(siteId)).map((s) => s.category)).toEqual([
      'stable', // AMP
      'stable', // BE
      'stable', // COC
      'insufficient_data', // ETO-ACID
      'stable', // KET
      'stable', // MDMA
      'rising', // METH
    ]);
    const batches = (await queue.getJobs(['completed'], 0, 200)).filter((j) => j.name === 'score-sites');
    expect(batches.length).toBeGreaterThan(0);
    const alerts = await app.db.query(`select id, severity, updated_at from alerts order by id`);

    await rescoreAll('test-rescore-2');
    const second = (await queue.getJobs(['completed'], 0, 200)).filter(
      (j) => j.name === 'score-sites' && j.id!.endsWith('test-rescore-2'),
    );
    expect(second.length).toBeGreaterThan(0);
    expect(second.every((j) => j.returnvalue.scored === 0)).toBe(true);
    expect((await app.db.query(`select id, severity, updated_at from alerts order by id`)).rows).toEqual(
      alerts.rows,
    );
  });
});
