import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreTrend } from '@skywater/core/stats/trend';
import type {
  ProvinceComparisonRow,
  ProvinceComparisonView,
} from '@skywater/core/province/province-comparison-view';
import { PROVINCE_COMPARISON_CSV_COLUMNS } from '../../server/src/province/province-comparison-csv';
import * as world from '../support/province-world';
import type { TestApp, TestClient } from '../support/test-app';

/**
 * The province's view, checked for correctness: each office's figure equals an independent SQL
 * computation over its plants, the total equals the population-weighted mean and sums of the
 * rows, a city sees only its subtree (a sibling or the province 404), and the CSV equals the JSON.
 *
 * The world: Haikou (plants H1, H2, a venue that does not count) with its district Qiongshan
 * (plant Q1), Dongfang (plants D1, D2, and a round of its own campaign after the province's last),
 * Wanning with nothing. Five province-wide rounds of the default campaign in 2025 and a sixth in
 * 2026, outside the period asked for.
 */
let app: TestApp;
let province: TestClient;
let haikouAnalyst: TestClient;
const ids: Record<string, number> = {};

beforeAll(async () => {
  const started = await world.startProvinceTestApp();
  app = started.app;
  Object.assign(ids, started.offices);

  const site = (code: string, kind: string, population: number, officeId: number) =>
    world.idOf(
      app.db,
      `insert into sites (code, name, kind, geom, population_served, office_id)
       values ($1, $1, $2, st_setsrid(st_makepoint(110.3, 20.0), 4326), $3, $4) returning id`,
      [code, kind, population, officeId],
    );
  ids.H1 = await site('H1', 'wwtp', 480_000, ids.haikou);
  ids.H2 = await site('H2', 'wwtp', 200_000, ids.haikou);
  ids.V1 = await site('V1', 'venue', 3_000, ids.haikou);
  ids.Q1 = await site('Q1', 'wwtp', 110_000, ids.qiongshan);
  ids.D1 = await site('D1', 'wwtp', 300_000, ids.dongfang);
  ids.D2 = await site('D2', 'wwtp', 150_000, ids.dongfang);

  // Province-wide rounds (the default campaign, the province's) and one of Dongfang's own.
  const ends = ['2025-01-26', '2025-03-23', '2025-05-25', '2025-07-27', '2025-09-21', '2026-02-01'];
  for (const [i, endsOn] of ends.entries())
    ids[`R${i + 1}`] = await world.idOf(
      app.db,
      `insert into rounds (name, starts_on, ends_on) values ($1, $2::date - 13, $2) returning id`,
      [`P-R${i + 1}`, endsOn],
    );
  const dongfangCampaign = await world.idOf(
    app.db,
    `insert into campaigns (name, office_id) values ('东方市季度', $1) returning id`,
    [ids.dongfang],
  );
  ids.D6 = await world.idOf(
    app.db,
    `insert into rounds (name, starts_on, ends_on, campaign_id) values ('D-R6', '2025-10-01', '2025-10-15', $1) returning id`,
    [dongfangCampaign],
  );

  const sample = async (
    siteId: number,
    roundId: number,
    flow: number,
    population: number | null,
    results: Array<{ q?: string; v?: number | null; loq?: number }>,
    collectionType = 'composite_flow',
  ) => {
    const sampleId = await world.idOf(
      app.db,
      `insert into samples (site_id, round_id, lab_sample_id, collected_start, collected_end, collection_type,
         flow_m3_per_day, population)
       values ($1, $2, $3, '2025-01-10T00:00:00Z', '2025-01-11T00:00:00Z', $4, $5, $6) returning id`,
      [siteId, roundId, `s-${siteId}-${roundId}-${Math.random()}`, collectionType, flow, population],
    );
    for (const [i, r] of results.entries())
      await app.db.query(
        `insert into measurements (sample_id, analyte_code, replicate, qualifier, value_ng_l, loq_ng_l)
         values ($1, 'METH', $2, $3, $4, $5)`,
        [sampleId, i + 1, r.q ?? '=', r.q && r.q !== '=' ? null : (r.v ?? null), r.loq ?? null],
      );
  };
  for (let i = 1; i <= 6; i++) {
    const round = ids[`R${i}`]!;
    await sample(ids.H1, round, 120_000, 500_000, [{ v: 100 + 40 * i }]);
    // H2: two replicates, and no population on the sample (the site's counts).
    await sample(ids.H2, round, 60_000, null, [{ v: 80 + 30 * i }, { v: 90 + 30 * i }], 'grab');
    await sample(ids.V1, round, 500, 3_000, [{ v: 5_000 }]);
    // Q1: a non-detect in round 3 (LOQ/2), two samples in round 4.
    await sample(ids.Q1, round, 30_000, 110_000, i === 3 ? [{ q: '<LOQ', loq: 20 }] : [{ v: 60 + 20 * i }]);
    if (i === 4) await sample(ids.Q1, round, 34_000, 120_000, [{ v: 170 }]);
    if (i <= 5) {
      await sample(ids.D1, round, 90_000, 300_000, [{ v: 150 - 5 * i }]);
      await sample(ids.D2, round, 40_000, 150_000, [{ v: 70 + (i % 2) * 8 }], 'composite_time');
    }
  }
  // Dongfang's own round: only D1 sampled.
  await sample(ids.D1, ids.D6!, 95_000, 310_000, [{ v: 131 }]);

  // Alerts: open ones count by severity; acknowledged ones do not.
  const alert = (siteId: number, severity: string, status: string, key: string) =>
    app.db.query(
      `insert into alerts (kind, condition_key, site_id, analyte_code, round_id, severity, status)
       values ('spike', $1, $2, 'METH', $3, $4, $5)`,
      [key, siteId, ids.R5, severity, status],
    );
  await alert(ids.H1, 'high', 'open', 'a1');
  await alert(ids.V1, 'medium', 'open', 'a2');
  await alert(ids.Q1, 'low', 'open', 'a3');
  await alert(ids.H2, 'high', 'acknowledged', 'a4');
  await alert(ids.D1, 'medium', 'open', 'a5');

  // Survey areas with coverage cells, one archived (left out): covered to date, and each day's
  // cover (before, within and after the period; ground flown again on another day counts again).
  const area = world.surveyAreaWithCover;
  const haikouArea = await area(app.db, ids.haikou!, '海口测区', 850, [
    { coveredKm2: 0.5, daysKm2: { '2024-12-31': 0.5, '2025-03-01': 0.4 } },
    { coveredKm2: 0.75, daysKm2: { '2025-03-01': 0.75, '2025-04-02': 0.5 } },
    { coveredKm2: 1, daysKm2: { '2026-01-01': 1 } },
  ]);
  await area(app.db, ids.qiongshan!, '琼山测区', 120.5, [
    { coveredKm2: 0.25, daysKm2: { '2025-12-31': 0.25 } },
  ]);
  const dongfangArea = await area(app.db, ids.dongfang!, '东方测区', 1130, [
    { coveredKm2: 1 },
    { coveredKm2: 1 },
    { coveredKm2: 0.125, daysKm2: { '2025-06-01': 0.125 } },
  ]);
  await area(
    app.db,
    ids.dongfang!,
    '东方旧测区',
    40,
    [{ coveredKm2: 1, daysKm2: { '2025-06-01': 1 } }],
    true,
  );
  const finding = (areaId: number, officeId: number, status: string) =>
    world.idOf(
      app.db,
      `insert into findings (area_id, geom, crop, confidence, source, status, office_id)
       values ($1, st_setsrid(st_makepoint(110.05, 20.05), 4326), 'opium_poppy', 0.8, 'analyst', $2, $3) returning id`,
      [areaId, status, officeId],
    );
  await finding(haikouArea, ids.haikou, 'suspected');
  const eradicated = await finding(haikouArea, ids.qiongshan, 'eradicated');
  await finding(dongfangArea, ids.dongfang, 'verified');
  await finding(dongfangArea, ids.dongfang, 'rejected');
  const eradication = (findingId: number, at: string, m2: number) =>
    app.db.query(
      `insert into finding_events (finding_id, kind, at, detail) values ($1, 'eradication', $2, $3)`,
      [findingId, at, JSON.stringify({ areaM2: m2, plants: 10 })],
    );
  await eradication(eradicated, '2025-06-01T02:00:00Z', 320.5);
  // Before the period in Beijing time (2024-12-31 23:30 +08:00).
  await eradication(eradicated, '2024-12-31T15:30:00Z', 1000);

  province = await app.client('analyst');
  haikouAnalyst = await app.client('haikou-analyst');
}, 300_000);
afterAll(() => app?.close());

/** The figure of a set of offices in one round, computed in SQL: per plant the mean of its points, weighted by population. */
async function sqlFigure(officeIds: number[], roundId: number) {
  const { rows } = await app.db.query<{
    load: number;
    consumption: number;
    population: number;
    plants: number;
  }>(
    `with pts as (
       select st.id as site, coalesce(s.population, st.population_served)::float8 as pop,
              coalesce(m.value_ng_l, m.loq_ng_l / 2) * s.flow_m3_per_day * 1e-3
                / (coalesce(s.population, st.population_served) / 1000.0) as nl
         from measurements m join samples s on s.id = m.sample_id join sites st on st.id = s.site_id
        where st.kind = 'wwtp' and st.office_id = any($1::bigint[]) and s.round_id = $2 and m.analyte_code = 'METH'
     ), plants as (select site, avg(nl) as nl, avg(pop) as pop from pts group by site)
     select sum(nl * pop) / sum(pop) as load,
            sum(nl * pop) / sum(pop) * (select correction_factor from analytes where code = 'METH') as consumption,
            sum(pop) as population, count(*)::int as plants
       from plants`,
    [officeIds, roundId],
  );
  return rows[0]!;
}

/** The interval of a figure combined here from the site series' per-point intervals (the rule written out). */
async function combinedInterval(siteIds: number[], roundId: number) {
  const plants: Array<{
    w: number;
    x: number;
    lo: number;
    hi: number;
    cx: number;
    clo: number;
    chi: number;
  }> = [];
  for (const siteId of siteIds) {
    const series = await province.get(`/api/sites/${siteId}/series?analyte=METH`);
    const points = series.body.points.filter((p: { roundId: number }) => p.roundId === roundId);
    if (points.length === 0) continue;
    const avg = (f: (p: Record<string, number>) => number) =>
      points.reduce((a: number, p: Record<string, number>) => a + f(p), 0) / points.length;
    plants.push({
      w: avg((p) => p.population),
      x: avg((p) => p.normalisedLoadMgPerDayPer1000),
      lo: avg((p) => p.normalisedLoadMgPerDayPer1000 - p.normalisedLoadMgPerDayPer1000Lower95),
      hi: avg((p) => p.normalisedLoadMgPerDayPer1000Upper95 - p.normalisedLoadMgPerDayPer1000),
      cx: avg((p) => p.consumptionMgPerDayPer1000),
      clo: avg((p) => p.consumptionMgPerDayPer1000 - p.consumptionMgPerDayPer1000Lower95),
      chi: avg((p) => p.consumptionMgPerDayPer1000Upper95 - p.consumptionMgPerDayPer1000),
    });
  }
  const W = plants.reduce((a, p) => a + p.w, 0);
  const x = plants.reduce((a, p) => a + p.w * p.x, 0) / W;
  const cx = plants.reduce((a, p) => a + p.w * p.cx, 0) / W;
  const half = (f: (p: (typeof plants)[number]) => number) =>
    Math.sqrt(plants.reduce((a, p) => a + (p.w * f(p)) ** 2, 0)) / W;
  return {
    load: { lower95: x - half((p) => p.lo), upper95: x + half((p) => p.hi) },
    consumption: { lower95: cx - half((p) => p.clo), upper95: cx + half((p) => p.chi) },
  };
}

const rowOf = (view: ProvinceComparisonView, code: string) => view.rows.find((r) => r.office.code === code)!;

describe('province comparison', () => {
  it('gives each city the figures of its own plants, computed independently', async () => {
    const reply = await province.get<ProvinceComparisonView>(
      `/api/province/comparison?${world.PERIOD_2025}&analyte=METH`,
    );
    expect(reply.status).toBe(200);
    const view = reply.body;
    expect(view.office.id).toBe(ids.province);
    expect(view.analyte.code).toBe('METH');
    expect(view.rows.map((r) => r.office.code).sort()).toEqual(['dongfang', 'haikou', 'wanning']);

    // Haikou counts Qiongshan; its round is the province campaign's last within the period (R5, not R6).
    const haikou = rowOf(view, 'haikou');
    expect(haikou.round?.id).toBe(ids.R5);
    const haikouSql = await sqlFigure([ids.haikou!, ids.qiongshan!], ids.R5!);
    expect(haikou.normalisedLoadMgPerDayPer1000).toBeCloseTo(haikouSql.load, 9);
    expect(haikou.consumptionMgPerDayPer1000).toBeCloseTo(haikouSql.consumption, 9);
    expect(haikou.populationServed).toBeCloseTo(haikouSql.population, 6);
    expect(haikou.plantsSampled).toBe(3);
    const haikouPrevious = await sqlFigure([ids.haikou!, ids.qiongshan!], ids.R4!);
    expect(haikou.previousNormalisedLoadMgPerDayPer1000).toBeCloseTo(haikouPrevious.load, 9);
    expect(haikou.changePercent).toBeCloseTo(
      ((haikouSql.load - haikouPrevious.load) / haikouPrevious.load) * 100,
      9,
    );
    const haikouRounds = [];
    for (const r of ['R1', 'R2', 'R3', 'R4', 'R5'])
      haikouRounds.push((await sqlFigure([ids.haikou!, ids.qiongshan!], ids[r]!)).load);
    const category = scoreTrend(haikouRounds).category;
    expect(haikou.trend).toBe(
      category === 'stable' ? 'flat' : category === 'insufficient_data' ? null : category,
    );
    expect(haikou.trend).toBe('rising');
    const haikouInterval = await combinedInterval([ids.H1!, ids.H2!, ids.Q1!], ids.R5!);
    expect(haikou.normalisedLoadInterval95!.lower95).toBeCloseTo(haikouInterval.load.lower95, 6);
    expect(haikou.normalisedLoadInterval95!.upper95).toBeCloseTo(haikouInterval.load.upper95, 6);
    expect(haikou.consumptionInterval95!.lower95).toBeCloseTo(haikouInterval.consumption.lower95, 6);
    expect(haikou.consumptionInterval95!.upper95).toBeCloseTo(haikouInterval.consumption.upper95, 6);
    expect(haikou.openAlerts).toEqual({ low: 1, medium: 1, high: 1 });
    expect(haikou.surveyAreaKm2).toBeCloseTo(850 + 120.5, 9);
    expect(haikou.coveredToDateKm2).toBeCloseTo(2.25 + 0.25, 9);
    // Flown in 2025: Haikou's days within the year (0.4 + 0.75 + 0.5) and Qiongshan's (0.25).
    expect(haikou.flownInPeriodKm2).toBeCloseTo(0.4 + 0.75 + 0.5 + 0.25, 9);
    expect(haikou.findings).toEqual({ suspected: 1, verified: 0, rejected: 0, eradicated: 1, resurveyed: 0 });
    expect(haikou.eradicatedM2).toBeCloseTo(320.5, 9);

    // Dongfang's latest round is its own campaign's (D6), where one plant was sampled.
    const dongfang = rowOf(view, 'dongfang');
    expect(dongfang.round?.id).toBe(ids.D6);
    const dongfangSql = await sqlFigure([ids.dongfang!], ids.D6!);
    expect(dongfang.plantsSampled).toBe(1);
    expect(dongfang.normalisedLoadMgPerDayPer1000).toBeCloseTo(dongfangSql.load, 9);
    expect(dongfang.previousNormalisedLoadMgPerDayPer1000).toBeCloseTo(
      (await sqlFigure([ids.dongfang!], ids.R5!)).load,
      9,
    );
    expect(dongfang.openAlerts).toEqual({ low: 0, medium: 1, high: 0 });
    expect(dongfang.surveyAreaKm2).toBeCloseTo(1130, 9);
    expect(dongfang.coveredToDateKm2).toBeCloseTo(2.125, 9);
    expect(dongfang.flownInPeriodKm2).toBeCloseTo(0.125, 9);
    // The same flown km², straight from SQL over each office's cells' days.
    const flown = await world.flownKm2ByOffice(app.db, view.from, view.to);
    expect(haikou.flownInPeriodKm2).toBeCloseTo(
      (flown.get(ids.haikou!) ?? 0) + (flown.get(ids.qiongshan!) ?? 0),
      9,
    );
    expect(dongfang.flownInPeriodKm2).toBeCloseTo(flown.get(ids.dongfang!) ?? 0, 9);
    expect(dongfang.findings).toMatchObject({ verified: 1, rejected: 1 });

    // Wanning has nothing: no figure, no rank, last.
    const wanning = rowOf(view, 'wanning');
    expect(wanning).toMatchObject({
      round: null,
      rank: null,
      normalisedLoadMgPerDayPer1000: null,
      plantsSampled: 0,
    });
    expect(view.rows.at(-1)!.office.code).toBe('wanning');

    // Ranked by normalised load, highest first.
    const ranked = view.rows.filter((r) => r.rank !== null);
    expect(ranked.map((r) => r.rank)).toEqual([1, 2]);
    expect(ranked[0]!.normalisedLoadMgPerDayPer1000!).toBeGreaterThan(
      ranked[1]!.normalisedLoadMgPerDayPer1000!,
    );
  });

  it('makes the province total the population-weighted mean and the sums of the cities’ own figures', async () => {
    const { body: view } = await province.get<ProvinceComparisonView>(
      `/api/province/comparison?${world.PERIOD_2025}`,
    );
    const rows = view.rows.filter((r) => r.normalisedLoadMgPerDayPer1000 !== null);
    const weighted = (f: (r: ProvinceComparisonRow) => number) =>
      rows.reduce((a, r) => a + r.populationServed * f(r), 0) /
      rows.reduce((a, r) => a + r.populationServed, 0);
    const total = view.total;
    expect(total.normalisedLoadMgPerDayPer1000).toBeCloseTo(
      weighted((r) => r.normalisedLoadMgPerDayPer1000!),
      9,
    );
    expect(total.consumptionMgPerDayPer1000).toBeCloseTo(
      weighted((r) => r.consumptionMgPerDayPer1000!),
      9,
    );
    // The total's interval combines the rows' as independent errors.
    const W = rows.reduce((a, r) => a + r.populationServed, 0);
    const half = (f: (r: ProvinceComparisonRow) => number) =>
      Math.sqrt(rows.reduce((a, r) => a + (r.populationServed * f(r)) ** 2, 0)) / W;
    expect(total.normalisedLoadInterval95!.upper95).toBeCloseTo(
      total.normalisedLoadMgPerDayPer1000! +
        half((r) => r.normalisedLoadInterval95!.upper95 - r.normalisedLoadMgPerDayPer1000!),
      9,
    );
    const sumOf = (f: (r: ProvinceComparisonRow) => number) => view.rows.reduce((a, r) => a + f(r), 0);
    expect(total.populationServed).toBeCloseTo(
      sumOf((r) => r.populationServed),
      6,
    );
    expect(total.plantsSampled).toBe(sumOf((r) => r.plantsSampled));
    expect(total.surveyAreaKm2).toBeCloseTo(
      sumOf((r) => r.surveyAreaKm2),
      9,
    );
    expect(total.coveredToDateKm2).toBeCloseTo(
      sumOf((r) => r.coveredToDateKm2),
      9,
    );
    expect(total.flownInPeriodKm2).toBeCloseTo(
      sumOf((r) => r.flownInPeriodKm2),
      9,
    );
    expect(total.eradicatedM2).toBeCloseTo(
      sumOf((r) => r.eradicatedM2),
      9,
    );
    expect(total.openAlerts).toEqual({ low: 1, medium: 2, high: 1 });
    expect(total.findings).toEqual({ suspected: 1, verified: 1, rejected: 1, eradicated: 1, resurveyed: 0 });
    // The rows' rounds differ (R5, D6): the total names none.
    expect(total.round).toBeNull();
    // The same totals, straight from SQL over the cities' plants and areas.
    const { rows: areaSql } = await app.db.query<{ km2: number }>(
      `select sum(area_km2)::float8 as km2 from survey_areas where archived_at is null`,
    );
    expect(total.surveyAreaKm2).toBeCloseTo(areaSql[0]!.km2, 9);
    const pooled =
      (await sqlFigure([ids.haikou!, ids.qiongshan!], ids.R5!)).population +
      (await sqlFigure([ids.dongfang!], ids.D6!)).population;
    expect(total.populationServed).toBeCloseTo(pooled, 6);
  });

  it('shows a city its own subtree only: Qiongshan below it; a sibling or the province answers 404', async () => {
    const own = await haikouAnalyst.get<ProvinceComparisonView>(
      `/api/province/comparison?${world.PERIOD_2025}`,
    );
    expect(own.status).toBe(200);
    expect(own.body.office.code).toBe('haikou');
    expect(own.body.rows.map((r) => r.office.code)).toEqual(['qiongshan']);
    // The province campaign's rounds count for the city too.
    const qiongshan = own.body.rows[0]!;
    expect(qiongshan.round?.id).toBe(ids.R5);
    expect(qiongshan.normalisedLoadMgPerDayPer1000).toBeCloseTo(
      (await sqlFigure([ids.qiongshan!], ids.R5!)).load,
      9,
    );
    expect(own.body.total.normalisedLoadMgPerDayPer1000).toBeCloseTo(
      qiongshan.normalisedLoadMgPerDayPer1000!,
      9,
    );
    expect(JSON.stringify(own.body)).not.toMatch(/dongfang|wanning|D-R6/);
    for (const officeId of [ids.dongfang, ids.province, 999_999]) {
      const hidden = await haikouAnalyst.get(
        `/api/province/comparison?${world.PERIOD_2025}&officeId=${officeId}`,
      );
      expect(hidden.status).toBe(404);
      expect(hidden.body.error.message).toBe('Office not found');
      expect((await haikouAnalyst.get(`/api/province/comparison.csv?officeId=${officeId}`)).status).toBe(404);
    }
    // An office with none below it is compared alone.
    const leaf = await haikouAnalyst.get<ProvinceComparisonView>(
      `/api/province/comparison?${world.PERIOD_2025}&officeId=${ids.qiongshan}`,
    );
    expect(leaf.body.rows.map((r) => r.office.code)).toEqual(['qiongshan']);
    expect(leaf.body.rows[0]!.normalisedLoadMgPerDayPer1000).toBe(qiongshan.normalisedLoadMgPerDayPer1000);
    // The province may look into a city.
    const inCity = await province.get<ProvinceComparisonView>(
      `/api/province/comparison?${world.PERIOD_2025}&officeId=${ids.haikou}`,
    );
    expect(inCity.body.rows.map((r) => r.office.code)).toEqual(['qiongshan']);
  });

  it('defaults to the twelve months holding the office’s latest round and METH', async () => {
    const { status, body } = await province.get<ProvinceComparisonView>('/api/province/comparison');
    expect(status).toBe(200);
    // The latest round with plant samples ends 2026-02-01 (before today).
    expect(body).toMatchObject({ from: '2025-02-02', to: '2026-02-01', analyte: { code: 'METH' } });
    expect(rowOf(body, 'haikou').round?.id).toBe(ids.R6);
    expect(rowOf(body, 'haikou').previousNormalisedLoadMgPerDayPer1000).toBeCloseTo(
      (await sqlFigure([ids.haikou!, ids.qiongshan!], ids.R5!)).load,
      9,
    );
  });

  it('refuses bad dates, a reversed period and an unknown analyte with 400, and other roles with 403', async () => {
    for (const query of [
      'from=2025-13-01&to=2025-12-31',
      'from=2025-02-30&to=2025-12-31',
      'from=2025/01/01',
      'from=2025-12-31&to=2025-01-01',
      `${world.PERIOD_2025}&analyte=NOPE`,
      `${world.PERIOD_2025}&officeId=abc`,
    ]) {
      expect((await province.get(`/api/province/comparison?${query}`)).status, query).toBe(400);
      expect((await province.get(`/api/province/comparison.csv?${query}`)).status, query).toBe(400);
    }
    for (const role of ['lab', 'pilot']) {
      const client = await app.client(role);
      expect((await client.get(`/api/province/comparison?${world.PERIOD_2025}`)).status).toBe(403);
    }
    expect((await (await app.client()).get(`/api/province/comparison?${world.PERIOD_2025}`)).status).toBe(
      401,
    );
    expect(
      (await (await app.client('admin')).get(`/api/province/comparison?${world.PERIOD_2025}`)).status,
    ).toBe(200);
  });

  it('writes the same figures to the CSV as to the JSON', async () => {
    const query = `${world.PERIOD_2025}&analyte=METH`;
    const { body: view } = await province.get<ProvinceComparisonView>(`/api/province/comparison?${query}`);
    const res = await fetch(`${app.baseUrl}/api/province/comparison.csv?${query}`, {
      headers: { cookie: province.cookie! },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes);
    const lines = text
      .trimEnd()
      .split('\r\n')
      .map((l) => l.split(','));
    expect(lines[0]).toEqual([...PROVINCE_COMPARISON_CSV_COLUMNS]);
    expect(lines).toHaveLength(1 + view.rows.length + 1);
    const valueAt = (object: unknown, path: string): unknown =>
      path
        .split('.')
        .reduce<unknown>((o, k) => (o == null ? null : (o as Record<string, unknown>)[k]), object);
    const records = [...view.rows, { ...view.total, rank: 'total', office: view.office }];
    for (const [i, record] of records.entries()) {
      const cells = lines[i + 1]!;
      for (const [c, column] of PROVINCE_COMPARISON_CSV_COLUMNS.entries()) {
        if (column === 'coveragePct') continue;
        const json = valueAt(record, column);
        const cell = cells[c]!;
        if (json === null || json === undefined) expect(cell, column).toBe('');
        else if (typeof json === 'number') expect(Number(cell), `${i} ${column}`).toBe(json);
        else expect(cell, column).toBe(String(json));
      }
      const pct = Number(cells[PROVINCE_COMPARISON_CSV_COLUMNS.indexOf('coveragePct')]);
      expect(pct).toBeCloseTo(
        record.surveyAreaKm2 > 0 ? (100 * record.coveredToDateKm2) / record.surveyAreaKm2 : 0,
        1,
      );
    }
  });
});
