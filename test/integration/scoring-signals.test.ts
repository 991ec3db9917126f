import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '@skywater/core/db/db';
import { createLogger } from '@skywater/core/log/logger';
import { scoreEmerging } from '../../workers/src/scoring/score-emerging';
import { scoreRound } from '../../workers/src/scoring/score-round';
import { scoreSeriesIn } from '../../workers/src/scoring/score-series';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Each signal from a constructed series, through the processors on the real database:
 * samples and measurements written in SQL, then score-series / score-round run directly.
 */
let app: TestApp;
const rounds: number[] = [];
beforeAll(async () => {
  app = await startTestApp({ mode: 'server' });
  for (let r = 1; r <= 6; r++) {
    const { rows } = await app.db.query<{ id: number }>(
      `insert into rounds (name, starts_on, ends_on) values ($1, $2, $2) returning id`,
      [`R${r}`, `2025-0${r}-01`],
    );
    rounds.push(rows[0]!.id);
  }
});
afterAll(() => app?.close());

let siteSeq = 0;
async function site(
  tx: Queryable,
  lon = 110.3,
  lat = 20.0,
  population: number | null = null,
): Promise<number> {
  siteSeq++;
  const { rows } = await tx.query<{ id: number }>(
    `insert into sites (code, name, kind, geom, population_served) values ($1, $1, 'sewer', st_setsrid(st_point($2, $3), 4326), $4)
     returning id`,
    [`T-${siteSeq}`, lon, lat, population],
  );
  return rows[0]!.id;
}

type Result = number | 'ND' | '<LOQ';
async function measure(
  siteId: number,
  byAnalyte: Record<string, Result[]>,
  opts: { flowM3PerDay?: number; population?: number } = {},
) {
  await app.db.transaction(async (tx) => {
    const length = Math.max(...Object.values(byAnalyte).map((v) => v.length));
    for (let r = 0; r < length; r++) {
      const sample = await tx.query<{ id: number }>(
        `insert into samples (site_id, round_id, lab_sample_id, collected_start, collected_end, collection_type,
           flow_m3_per_day, population)
         values ($1, $2, $3, '2025-01-01T08:00:00+08:00', '2025-01-02T08:00:00+08:00', 'composite_time', $4, $5) returning id`,
        [siteId, rounds[r], `S${siteId}-${r}`, opts.flowM3PerDay ?? null, opts.population ?? null],
      );
      for (const [analyte, values] of Object.entries(byAnalyte)) {
        const v = values[r];
        if (v === undefined) continue;
        await tx.query(
          `insert into measurements (sample_id, analyte_code, qualifier, value_ng_l, lod_ng_l, loq_ng_l)
           values ($1, $2, $3, $4, 0.5, 1)`,
          [sample.rows[0]!.id, analyte, typeof v === 'number' ? '=' : v, typeof v === 'number' ? v : null],
        );
      }
    }
  });
}

const score = (siteId: number, analyte: string) =>
  app.db.transaction((tx) => scoreSeriesIn(tx, siteId, analyte));
const alertsOf = async (siteId: number) =>
  (
    await app.db.query<{
      kind: string;
      severity: string;
      analyte_code: string;
      detail: any;
      condition_key: string;
    }>(
      `select kind, severity, analyte_code, detail, condition_key from alerts where site_id = $1 order by id`,
      [siteId],
    )
  ).rows;

describe('score-series', () => {
  it("scores docs/design.md's worked example: S 13, exact p, Sen's slope 28 per round, rising", async () => {
    const id = await site(app.db);
    await measure(id, { METH: [100, 120, 115, 160, 190, 240] });
    expect(await score(id, 'METH')).toMatchObject({ status: 'scored', category: 'rising' });
    const { rows } = await app.db.query(`select * from series_scores where site_id = $1`, [id]);
    expect(rows[0]).toMatchObject({
      basis: 'concentration',
      unit: 'ng/L',
      n: 6,
      s: 13,
      method: 'exact',
      category: 'rising',
    });
    // Two-sided exact p = 2 × 6/720 (docs/design.md: one-sided 0.0083 for n 6, S 13).
    expect(rows[0]!.p_value).toBeCloseTo(12 / 720, 10);
    expect(rows[0]!.sen_slope).toBe(28);
    const alerts = await alertsOf(id);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'trend_rising', condition_key: `trend_rising:${id}:METH` });
    // p 0.0167 is not < 0.01: medium at most, whatever the size.
    expect(alerts[0]!.severity).toBe('medium');
  });

  it('scores on normalised load when flow and population are known, and stops when the inputs did not change', async () => {
    const id = await site(app.db, 110.3, 20.0, 500_000);
    await measure(id, { METH: [200, 210, 190, 205] }, { flowM3PerDay: 100_000 });
    await score(id, 'METH');
    const { rows } = await app.db.query(
      `select basis, unit, category from series_scores where site_id = $1`,
      [id],
    );
    expect(rows[0]).toEqual({ basis: 'normalised_load', unit: 'mg/day/1000', category: 'stable' });
    expect(await score(id, 'METH')).toEqual({ status: 'unchanged' });
  });

  it('calls three rounds insufficient_data, and four below-LOQ rounds plus detections too', async () => {
    const a = await site(app.db);
    await measure(a, { KET: [10, 20, 40] });
    expect(await score(a, 'KET')).toMatchObject({ category: 'insufficient_data' });
    const b = await site(app.db);
    await measure(b, { KET: ['<LOQ', '<LOQ', 'ND', '<LOQ', 30, 60] });
    expect(await score(b, 'KET')).toMatchObject({ category: 'insufficient_data' });
  });

  it('raises a high spike for a round twelve times the baseline, once, however often the job runs', async () => {
    const id = await site(app.db);
    await measure(id, { KET: [20, 22, 19, 21, 250, 20] });
    await score(id, 'KET');
    await app.db.query(`update series_scores set inputs_version = 'stale' where site_id = $1`, [id]);
    await score(id, 'KET');
    const alerts = await alertsOf(id);
    expect(alerts.map((a) => [a.kind, a.severity])).toEqual([['spike', 'high']]);
    expect(alerts[0]!.detail.z).toBeGreaterThan(10);
    expect(alerts[0]!.condition_key).toBe(`spike:${id}:KET:${rounds[4]}`);
  });

  it('raises a high first detection for etomidate after non-detects, a low one for a common drug', async () => {
    const id = await site(app.db);
    await measure(id, { 'ETO-ACID': ['ND', 'ND', 'ND', 18], MDMA: ['ND', '<LOQ', 1.4] });
    await score(id, 'ETO-ACID');
    await score(id, 'MDMA');
    const alerts = await alertsOf(id);
    expect(alerts.map((a) => [a.kind, a.analyte_code, a.severity])).toEqual([
      ['first_detection', 'ETO-ACID', 'high'],
      ['first_detection', 'MDMA', 'low'],
    ]);
    expect(alerts[0]!.detail).toMatchObject({ valueNgL: 18, earlierRoundsNotDetected: 3 });
  });

  it("raises a priority substance high at a site's first measurement of it, but not within the LOQ's uncertainty", async () => {
    const first = await site(app.db);
    await measure(first, { 'ETO-ACID': [5] });
    await score(first, 'ETO-ACID');
    expect((await alertsOf(first)).map((a) => [a.kind, a.severity, a.detail.priority])).toEqual([
      ['first_detection', 'high', true],
    ]);
    // 1.1 ng/L at an LOQ of 1 with a 10 % analytical RSD cannot be told from the LOQ (needs ≥ 1.2).
    const near = await site(app.db);
    await measure(near, { 'ETO-ACID': [1.1], MDMA: ['ND', 'ND', 1.1] });
    await score(near, 'ETO-ACID');
    await score(near, 'MDMA');
    expect(await alertsOf(near)).toEqual([]);
  });

  it('raises AMP/METH far outside the usual ratios and new at the site as high, from either series, once', async () => {
    const id = await site(app.db);
    // Three ordinary rounds give the site its own usual ratio; the fourth is 7 × that.
    await measure(id, { METH: [100, 100, 100, 100], AMP: [12, 11, 13, 90] });
    await score(id, 'AMP');
    await score(id, 'METH');
    const alerts = (await alertsOf(id)).filter((a) => a.kind === 'amp_meth_ratio');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ severity: 'high', detail: { ratio: 0.9, direction: 'above' } });
  });

  it('raises cocaine without benzoylecgonine as high', async () => {
    const id = await site(app.db);
    await measure(id, { COC: [2, 15], BE: [8, 'ND'] });
    await score(id, 'COC');
    expect((await alertsOf(id)).map((a) => [a.kind, a.severity, a.detail.beQualifier])).toEqual([
      ['cocaine_without_be', 'high', 'ND'],
    ]);
  });

  it('raises a load impossible for the population (ng/L typed for µg/L) as high', async () => {
    const id = await site(app.db, 110.3, 20.0, 1_000);
    await measure(id, { METH: [60_000] }, { flowM3PerDay: 250 });
    await score(id, 'METH');
    // 60,000 ng/L × 250 m³/d / 1 (thousand) = 15,000 mg/d/1000 → × 2.33 = 34,950 > 3,760.
    const alerts = await alertsOf(id);
    expect(alerts.map((a) => [a.kind, a.severity])).toEqual([['implausible_load', 'high']]);
    expect(alerts[0]!.detail.consumptionMgPerDayPer1000).toBeCloseTo(34_950, 0);
  });
});

describe('score-round', () => {
  it('finds a new 99 % hot spot cluster, stores Gi* per site and raises high alerts for its own high sites', async () => {
    const ids: number[] = [];
    // A 6 × 6 grid 500 m apart; the four sites of one corner ten times the others.
    for (let i = 0; i < 36; i++)
      ids.push(await site(app.db, 110.5 + (i % 6) * 0.0048, 19.5 + Math.floor(i / 6) * 0.0045));
    for (const [i, id] of ids.entries()) {
      const hot = [0, 1, 6, 7].includes(i);
      await measure(id, { MOR: [(hot ? 400 : 40) * (1 + 0.05 * Math.sin(i * 7))] });
    }
    const job = { data: { roundId: rounds[0], distanceBandM: 600 } } as never;
    const ctx = { db: app.db, log: createLogger('silent'), config: app.config };
    const outcome = await scoreRound(job, ctx);
    expect(outcome).toMatchObject({ analytes: 1 });
    // The round job enqueues the emerging step (patterns and hot spot alerts) for its generation.
    expect(await scoreEmerging({ data: {} } as never, ctx)).toMatchObject({ status: 'classified' });
    const { rows } = await app.db.query<{ site_id: number; bin: number; neighbour_count: number }>(
      `select site_id, bin, neighbour_count from hotspot_results where round_id = $1 and analyte_code = 'MOR'
        and site_id = any($2::bigint[]) order by site_id`,
      [rounds[0], ids],
    );
    expect(rows).toHaveLength(36);
    expect(rows[0]!.bin).toBe(3);
    const alerts = await app.db.query<{ site_id: number; severity: string; detail: any }>(
      `select site_id, severity, detail from alerts where kind = 'hotspot' order by site_id`,
    );
    expect(alerts.rows.map((a) => a.site_id)).toEqual([ids[0], ids[1], ids[6], ids[7]]);
    expect(alerts.rows.every((a) => a.severity === 'high' && a.detail.emerging === 'new_hot_spot')).toBe(
      true,
    );
    const emerging = await app.db.query(`select category from emerging_hotspots where site_id = $1`, [
      ids[0],
    ]);
    expect(emerging.rows[0]).toEqual({ category: 'new_hot_spot' });
  });
});
