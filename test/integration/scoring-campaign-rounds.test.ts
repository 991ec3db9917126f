import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@skywater/core/log/logger';
import { insertArea } from '../../server/src/places/areas';
import { insertSite } from '../../server/src/places/sites';
import { loadBulletinData } from '../../server/src/reports/bulletin-data';
import { scoreEmergingIn } from '../../workers/src/scoring/score-emerging';
import { scoreRound } from '../../workers/src/scoring/score-round';
import { scoreSeriesBatchIn } from '../../workers/src/scoring/series-batch';
import { startTestApp, type TestApp } from '../support/test-app';
import { importDemoRound, loadDemoPlaces } from './scoring-demo-data';

/**
 * Which rounds the statistics read (docs/design.md §4, "Rounds and campaigns"): a round is judged
 * on the rounds up to it, so scoring while later rounds arrive ends where scoring everything at
 * once does; and a site reads its own campaign's rounds in its own area, so rounds another area
 * adds (to its own campaign or to the shared one) change nothing in Haikou. The processors run
 * here, in a fixed order (mode 'server': no workers), so each run is deterministic.
 */
let app: TestApp;
let areaIdByCity: Map<string, number>;
const ctx = () => ({ db: app.db, log: createLogger('silent'), config: app.config });

beforeAll(async () => {
  app = await startTestApp({ mode: 'server' });
  ({ areaIdByCity } = await loadDemoPlaces(app.db));
}, 600_000);
afterAll(() => app?.close());

/**
 * Every series (`force`: judged again even where its inputs did not change), the given rounds'
 * Gi*, then the emerging step.
 */
async function score(roundIds: readonly number[], force = false): Promise<void> {
  const { rows } = await app.db.query<{ site_id: string }>(`select distinct site_id from samples order by 1`);
  const sites = rows.map((r) => Number(r.site_id));
  for (let start = 0; start < sites.length; start += 20)
    await app.db.transaction((tx) =>
      scoreSeriesBatchIn(tx, { siteIds: sites.slice(start, start + 20) }, force),
    );
  for (const roundId of roundIds) await scoreRound({ data: { roundId } } as never, ctx());
  const emerging = await app.db.transaction((tx) => scoreEmergingIn(tx));
  expect(emerging).not.toBe('busy');
}

const roundId = async (name: string) =>
  Number((await app.db.query<{ id: string }>(`select id from rounds where name = $1`, [name])).rows[0]!.id);
const sampledRounds = async () =>
  (await app.db.query<{ round_id: string }>(`select distinct round_id from samples order by 1`)).rows.map(
    (r) => Number(r.round_id),
  );

/** Live alerts, each with its evidence, in a stable order. */
async function liveAlerts(areaId?: number) {
  const { rows } = await app.db.query<{ line: string }>(
    `select concat_ws(' ', a.kind, a.condition_key, s.code, a.analyte_code, r.name, a.severity, a.status,
                      a.detail::text) as line
       from alerts a join sites s on s.id = a.site_id left join rounds r on r.id = a.round_id
      where a.status not in ('dismissed', 'resolved') and ($1::bigint is null or s.area_id = $1::bigint)
      order by 1`,
    [areaId ?? null],
  );
  return rows.map((r) => r.line);
}

/** Haikou's figures: emerging categories, trends, Gi* per round, alerts and the round 6 bulletin. */
async function haikouFigures() {
  const haikou = areaIdByCity.get('海口市')!;
  const emerging = await app.db.query<{ category: string }>(
    `select s.code, e.analyte_code, e.category, e.rounds, e.hot_rounds, e.cold_rounds
       from emerging_hotspots e join sites s on s.id = e.site_id where s.area_id = $1 order by 1, 2`,
    [haikou],
  );
  const trends = await app.db.query(
    `select s.code, sc.analyte_code, sc.category, sc.n, sc.s, sc.p_value, sc.sen_slope, sc.percent_change,
            sc.spike_is_spike, sc.spike_statistic, sc.latest_round_id
       from series_scores sc join sites s on s.id = sc.site_id where s.area_id = $1 order by 1, 2`,
    [haikou],
  );
  const gi = await app.db.query(
    `select r.name, s.code, h.analyte_code, h.gi_z, h.bin, h.neighbour_count
       from hotspot_results h join sites s on s.id = h.site_id join rounds r on r.id = h.round_id
      where s.area_id = $1 order by 1, 2, 3`,
    [haikou],
  );
  const everyOffice = await app.db.query<{ ids: number[] }>('select array_agg(id)::int[] as ids from offices');
  const bulletin = await loadBulletinData(app.db, await roundId('2025年第6轮'), haikou, everyOffice.rows[0]!.ids);
  return {
    emerging: emerging.rows,
    trends: trends.rows,
    gi: gi.rows,
    alerts: await liveAlerts(haikou),
    bulletin,
  };
}

describe('rounds read by the statistics', () => {
  it('gives the same alerts when each round is scored as it arrives as when all are scored at once', async () => {
    // Round by round: each import scored before the next one arrives.
    for (let round = 1; round <= 6; round++) {
      await importDemoRound(app.db, round);
      await score([await roundId(`2025年第${round}轮`)]);
    }
    const incremental = await liveAlerts();
    const resolved = await app.db.query<{ n: number }>(
      `select count(*)::int as n from alerts a join alert_events e on e.alert_id = a.id and e.action = 'resolve'
        where a.status = 'resolved'`,
    );

    // The same store scored once, after everything is in.
    await app.db.exec(`
      delete from alert_events; delete from alerts; delete from series_scores; delete from emerging_hotspots;
      delete from hotspot_results; delete from hotspot_round_state;
      update hotspot_generation set generation = 0, done_generation = 0;`);
    await score(await sampledRounds());
    const atOnce = await liveAlerts();

    expect(incremental.length).toBeGreaterThanOrEqual(13);
    expect(incremental).toEqual(atOnce);
    // Round 5's view of some series raised what round 6 no longer shows: resolved, with its event.
    expect(resolved.rows[0]!.n).toBeGreaterThan(0);
  }, 1_200_000);

  it("leaves Haikou's emerging categories, trends, Gi*, alerts and bulletin unchanged when another area adds rounds", async () => {
    const before = await haikouFigures();
    expect(before.emerging.some((e) => e.category === 'persistent_hot_spot')).toBe(true);

    // Sanya: its own monthly campaign, and rounds in the shared default campaign between and after Haikou's.
    const sanya = await app.db.transaction(async (tx) => {
      const areaId = await insertArea(tx, {
        name: '三亚测试区',
        city: '三亚市',
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [109.4, 18.2],
              [109.6, 18.2],
              [109.6, 18.35],
              [109.4, 18.35],
              [109.4, 18.2],
            ],
          ],
        },
      });
      const campaign = await tx.query<{ id: string }>(
        `insert into campaigns (name, area_id, cadence) values ('三亚月度监测', $1, 'monthly') returning id`,
        [areaId],
      );
      const rounds: number[] = [];
      const dates: [string, string | null][] = [
        ['2025-02-10', campaign.rows[0]!.id],
        ['2025-04-14', null],
        ['2025-06-09', campaign.rows[0]!.id],
        ['2025-08-11', null],
        ['2025-10-13', campaign.rows[0]!.id],
        ['2025-12-08', null],
      ];
      for (const [i, [date, campaignId]] of dates.entries()) {
        const { rows } = await tx.query<{ id: string }>(
          `insert into rounds (name, starts_on, ends_on, campaign_id)
           values ($1, $2, $2, coalesce($3::bigint, default_campaign_id())) returning id`,
          [`三亚第${i + 1}轮`, date, campaignId],
        );
        rounds.push(Number(rows[0]!.id));
      }
      for (let i = 0; i < 12; i++) {
        const siteId = await insertSite(tx, {
          code: `SY-${i}`,
          name: `三亚测试点${i}`,
          kind: 'sewer',
          lon: 109.45 + (i % 4) * 0.005,
          lat: 18.25 + Math.floor(i / 4) * 0.005,
          populationServed: 20_000,
          areaId,
        });
        for (const [r, round] of rounds.entries()) {
          const sample = await tx.query<{ id: string }>(
            `insert into samples (site_id, round_id, lab_sample_id, collected_start, collected_end, collection_type,
               flow_m3_per_day)
             values ($1, $2, $3, now(), now(), 'composite_time', 5000) returning id`,
            [siteId, round, `SY-${i}-${r}`],
          );
          for (const [analyte, level] of [
            ['METH', 80],
            ['AMP', 12],
            ['KET', 30],
          ] as const)
            await tx.query(
              `insert into measurements (sample_id, analyte_code, qualifier, value_ng_l, lod_ng_l, loq_ng_l)
               values ($1, $2, '=', $3, 0.5, 1)`,
              [
                sample.rows[0]!.id,
                analyte,
                level * (i < 3 ? 8 : 1) * (1 + 0.1 * Math.sin(i * 3 + r * 5)) * (1 + 0.3 * r),
              ],
            );
        }
      }
      return rounds;
    });
    // Haikou's series judged again too (forced), beside Sanya's.
    await score(sanya, true);
    // Sanya was scored: its own rounds have Gi* results and series.
    const scored = await app.db.query<{ n: number }>(
      `select count(*)::int as n from series_scores sc join sites s on s.id = sc.site_id where s.code like 'SY-%'`,
    );
    expect(scored.rows[0]!.n).toBe(36);

    expect(await haikouFigures()).toEqual(before);
  }, 900_000);
});
