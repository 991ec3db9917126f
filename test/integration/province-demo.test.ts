import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@skywater/core/log/logger';
import { DEMO_ACCOUNTS, ensureAccounts } from '../../server/src/demo/accounts';
import { CITY_CAMPAIGNS, loadDemoData, SAMPLES_DATA_DIR } from '../../server/src/demo/load-demo';
import { QIONGHAI_HIGH_READINGS } from '../../samples/generate/qionghai';
import { YAZHOU_BASES, YAZHOU_GRID_CELLS } from '../../samples/generate/yazhou';
import { startTestApp, TEST_PASSWORD, type TestApp, type TestClient } from '../support/test-app';

/**
 * The province's demo (samples/README.md) as `npm start` loads it: the office tree with
 * territories, each city's rounds in campaigns of its own, Qionghai's quarterly plants and its
 * follow-up sampling, Yazhou's 211 grid cells and 8 inspected planting bases; each office's
 * accounts see exactly their own world; a lab file's round names resolve by the row's site.
 */
let app: TestApp;
let accountLines: string[];
const OFFICES = ['haikou', 'dongfang', 'qionghai', 'sanya', 'sanya-yazhou'] as const;
const roundSeven = path.join(SAMPLES_DATA_DIR, 'next-round/round-7.csv');

beforeAll(async () => {
  app = await startTestApp({ mode: 'server' });
  expect(await loadDemoData(app.db, createLogger('silent'))).toBe(true);
  accountLines = await ensureAccounts(app.db, { ...app.config, demo: true, demoPassword: TEST_PASSWORD });
}, 600_000);
afterAll(() => app?.close());

/** Ids the office's subtree owns in `table`, straight from SQL. */
async function ownedIds(
  table: 'rounds' | 'sites' | 'survey_areas' | 'findings',
  code: string,
): Promise<number[]> {
  const { rows } = await app.db.query<{ id: number }>(
    `select t.id::int as id from ${table} t
      where t.office_id in (select office_subtree(id) from offices where code = $1) order by 1`,
    [code],
  );
  return rows.map((r) => r.id);
}

const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);

async function upload(client: TestClient, csv: string, name: string) {
  const form = new FormData();
  form.append('file', new Blob([csv]), name);
  return client.post('/api/lab/imports', form);
}

describe('the province demo', () => {
  it('builds the office tree, the accounts, and a territory around each office’s sites and areas', async () => {
    const { rows: tree } = await app.db.query<{ code: string; parent: string }>(
      `select o.code, p.code as parent from offices o join offices p on p.id = o.parent_id order by o.id`,
    );
    expect(Object.fromEntries(tree.map((o) => [o.code, o.parent]))).toEqual({
      haikou: 'hainan',
      dongfang: 'hainan',
      qionghai: 'hainan',
      sanya: 'hainan',
      'sanya-yazhou': 'sanya',
    });
    for (const code of OFFICES)
      for (const role of ['admin', 'analyst', 'lab', 'pilot'])
        expect(DEMO_ACCOUNTS.some((a) => a.username === `${code}-${role}` && a.officeCode === code)).toBe(
          true,
        );
    expect(accountLines.join('\n')).toContain('sanya-{admin,analyst,lab,pilot}');
    const { rows: accounts } = await app.db.query<{ username: string; office: string }>(
      `select u.username, o.code as office from users u join offices o on o.id = u.office_id`,
    );
    const officeOf = new Map(accounts.map((a) => [a.username, a.office]));
    for (const account of DEMO_ACCOUNTS)
      expect(officeOf.get(account.username)).toBe(account.officeCode ?? 'hainan');

    const { rows: outside } = await app.db.query<{
      code: string;
      territory: boolean;
      sites: number;
      areas: number;
    }>(
      `select o.code, o.territory is not null as territory,
              (select count(*)::int from sites s where s.office_id = o.id
                  and not st_intersects(o.territory, s.geom)) as sites,
              (select count(*)::int from survey_areas a where a.office_id = o.id
                  and st_area(st_difference(a.geom, o.territory)::geography) > 0.001 * st_area(a.geom::geography)) as areas
         from offices o where o.parent_id is not null order by o.id`,
    );
    expect(outside).toEqual(OFFICES.map((code) => ({ code, territory: true, sites: 0, areas: 0 })));
  });

  it('puts each city’s rounds in a campaign of its own office, under the same names', async () => {
    const { rows } = await app.db.query<{
      campaign: string;
      office: string;
      cadence: string;
      rounds: string[];
    }>(
      `select c.name as campaign, o.code as office, c.cadence, array_agg(r.name order by r.starts_on) as rounds
         from campaigns c join offices o on o.id = c.office_id join rounds r on r.campaign_id = c.id
        group by c.id, o.code order by c.id`,
    );
    const sixRounds = [1, 2, 3, 4, 5, 6].map((n) => `2025年第${n}轮`);
    expect(rows).toEqual([
      { campaign: CITY_CAMPAIGNS[0].name, office: 'haikou', cadence: 'bimonthly', rounds: sixRounds },
      { campaign: CITY_CAMPAIGNS[1].name, office: 'dongfang', cadence: 'bimonthly', rounds: sixRounds },
      {
        campaign: '琼海市污水处理厂及特种行业季度监测',
        office: 'qionghai',
        cadence: 'quarterly',
        rounds: ['一', '二', '三', '四'].map((q) => `2025年第${q}季度`),
      },
      {
        campaign: '琼海市高值点位点对点跟踪采样',
        office: 'qionghai',
        cadence: 'ad_hoc',
        rounds: QIONGHAI_HIGH_READINGS.map((h) => h.followUp),
      },
    ]);
    // Every sample sits in a round of its site's office.
    const { rows: misplaced } = await app.db.query<{ n: number }>(
      `select count(*)::int as n from samples s join sites st on st.id = s.site_id join rounds r on r.id = s.round_id
        where r.office_id <> st.office_id`,
    );
    expect(misplaced[0]!.n).toBe(0);
  });

  it('shows each office’s accounts exactly their own rounds, sites and areas', async () => {
    const expected = {
      haikou: { sites: 124, rounds: 6, areas: 1 },
      dongfang: { sites: 23, rounds: 6, areas: 1 },
      qionghai: { sites: 23, rounds: 6, areas: 0 },
      sanya: { sites: 0, rounds: 0, areas: YAZHOU_GRID_CELLS },
      'sanya-yazhou': { sites: 0, rounds: 0, areas: YAZHOU_GRID_CELLS },
    };
    for (const code of OFFICES) {
      const analyst = await app.client(`${code}-analyst`);
      const rounds = (await analyst.get('/api/rounds')).body as { id: number }[];
      const sites = (await analyst.get('/api/sites')).body.features as { properties: { id: number } }[];
      const areas = (await analyst.get('/api/areas')).body as { id: number }[];
      expect(sorted(rounds.map((r) => r.id)), `${code} rounds`).toEqual(await ownedIds('rounds', code));
      expect(sorted(sites.map((s) => s.properties.id)), `${code} sites`).toEqual(
        await ownedIds('sites', code),
      );
      expect(sorted(areas.map((a) => a.id)), `${code} areas`).toEqual(await ownedIds('survey_areas', code));
      expect({ sites: sites.length, rounds: rounds.length, areas: areas.length }).toEqual(expected[code]);
    }
    const haikouRounds = (await (await app.client('haikou-analyst')).get('/api/rounds')).body as {
      name: string;
    }[];
    expect(haikouRounds.map((r) => r.name)).toEqual([1, 2, 3, 4, 5, 6].map((n) => `2025年第${n}轮`));
  });

  it('follows up Qionghai’s high readings at the site and upstream in the days after', async () => {
    for (const high of QIONGHAI_HIGH_READINGS) {
      const { rows } = await app.db.query<{
        code: string;
        round: string;
        start: string;
        value: number;
        days: number;
      }>(
        `with reading as (
           select s.collected_start, m.value_ng_l from measurements m join samples s on s.id = m.sample_id
             join sites st on st.id = s.site_id join rounds r on r.id = s.round_id
            where st.code = $1 and m.analyte_code = $2 and r.name = $3)
         select st.code, r.name as round, m.value_ng_l as value,
                extract(epoch from s.collected_start - reading.collected_start) / 86400 as days
           from reading, measurements m join samples s on s.id = m.sample_id
           join sites st on st.id = s.site_id join rounds r on r.id = s.round_id
          where (st.code = $1 or st.code like $1 || '-U%') and m.analyte_code = $2
            and s.collected_start > reading.collected_start
            and s.collected_start <= reading.collected_start + interval '10 days'
          order by st.code`,
        [high.site, high.analyte, `2025年第${['一', '二', '三', '四'][high.quarter - 1]}季度`],
      );
      expect(rows.map((r) => [r.code, r.round])).toEqual([
        [high.site, high.followUp],
        [`${high.site}-U1`, high.followUp],
        [`${high.site}-U2`, high.followUp],
      ]);
      for (const row of rows) expect(row.days).toBeGreaterThanOrEqual(high.daysAfter);
      // The upstream manhole of the source carries the load, the other branch does not.
      const value = (code: string) => rows.find((r) => r.code === code)!.value;
      const other = `${high.site}-U${high.sourceUpstream.endsWith('1') ? 2 : 1}`;
      expect(value(high.sourceUpstream)).toBeGreaterThan(3 * value(other));
    }
    // Every plant sampled in each of the four quarters.
    const { rows: plants } = await app.db.query<{ code: string; quarters: number }>(
      `select st.code, count(distinct s.round_id)::int as quarters from sites st join samples s on s.site_id = st.id
        where st.code like 'QH-WWTP-%' group by st.code order by 1`,
    );
    expect(plants.map((p) => p.quarters)).toEqual([4, 4, 4, 4, 4]);
  });

  it('gives Yazhou 211 grid cells covering the district and 8 planting bases inspected on foot', async () => {
    const { rows: cells } = await app.db.query<{
      n: number;
      km2: number;
      district_km2: number;
      overlap_km2: number;
    }>(
      `select count(*)::int as n, sum(a.area_km2) as km2,
              (select st_area(territory::geography) / 1e6 from offices where code = 'sanya-yazhou') as district_km2,
              (select coalesce(sum(st_area(st_intersection(a1.geom, a2.geom)::geography)), 0) / 1e6
                 from survey_areas a1 join survey_areas a2 on a1.id < a2.id and st_intersects(a1.geom, a2.geom)
                where a1.office_id = o.id and a2.office_id = o.id) as overlap_km2
         from survey_areas a join offices o on o.id = a.office_id where o.code = 'sanya-yazhou' group by o.id`,
    );
    expect(cells[0]!.n).toBe(YAZHOU_GRID_CELLS);
    expect(Math.abs(cells[0]!.km2 - cells[0]!.district_km2) / cells[0]!.district_km2).toBeLessThan(0.005);
    expect(cells[0]!.overlap_km2).toBeLessThan(0.01);

    const { rows: bases } = await app.db.query<{
      status: string;
      office: string;
      kind: string;
      outcome: string;
      team: string;
      at: Date;
    }>(
      `select f.status, o.code as office, e.kind, e.outcome, e.team, e.at
         from findings f join offices o on o.id = f.office_id join finding_events e on e.finding_id = f.id
        order by e.at`,
    );
    expect(bases).toHaveLength(YAZHOU_BASES);
    for (const base of bases) {
      expect(base).toMatchObject({
        status: 'rejected',
        office: 'sanya-yazhou',
        kind: 'verification',
        outcome: 'not_found',
        team: '三亚市公安局崖州分局',
      });
      expect(base.at.toISOString() >= '2024-03-25' && base.at.toISOString() < '2024-03-30').toBe(true);
    }
    const seen = async (user: string) =>
      ((await (await app.client(user)).get('/api/findings')).body as unknown[]).length;
    expect(await seen('sanya-analyst')).toBe(YAZHOU_BASES);
    expect(await seen('sanya-yazhou-analyst')).toBe(YAZHOU_BASES);
    expect(await seen('haikou-analyst')).toBe(0);
    expect(await ownedIds('findings', 'sanya-yazhou')).toHaveLength(YAZHOU_BASES);
  });

  it('resolves a lab file’s round name by the row’s site office: the held-back round 7 for the province and for Haikou', async () => {
    const campaignId = async (name: string) =>
      (await app.db.query<{ id: number }>(`select id::int as id from campaigns where name = $1`, [name]))
        .rows[0]!.id;
    const round7 = { name: '2026年第1轮', startsOn: '2026-01-12', endsOn: '2026-01-25' };
    const lab = await app.client('lab');
    const haikouLab = await app.client('haikou-lab');
    // The same name in Haikou's and Dongfang's campaigns; a second one in Haikou's is refused.
    const haikouRound = await haikouLab.post('/api/rounds', {
      ...round7,
      campaignId: await campaignId(CITY_CAMPAIGNS[0].name),
    });
    expect(haikouRound.status).toBe(201);
    expect(
      (
        await haikouLab.post('/api/rounds', {
          ...round7,
          campaignId: await campaignId(CITY_CAMPAIGNS[0].name),
        })
      ).status,
    ).toBe(409);
    const dongfangRound = await lab.post('/api/rounds', {
      ...round7,
      campaignId: await campaignId(CITY_CAMPAIGNS[1].name),
    });
    expect(dongfangRound.status).toBe(201);

    const csv = fs.readFileSync(roundSeven, 'utf8');
    const [header, ...rows] = csv.replace(/\r\n$/, '').split('\r\n');
    const haikouRows = rows.filter((row) => row.startsWith('HK-'));
    // Haikou's lab: its own rows resolve to its round; Dongfang's sites are not its own.
    const mixed = await upload(
      haikouLab,
      [header, ...rows.slice(0, 3), ...rows.filter((r) => r.startsWith('DF-')).slice(0, 2)].join('\r\n'),
      'mixed.csv',
    );
    expect(mixed.body.status).toBe('rejected');
    expect(new Set((mixed.body.errors as { code: string }[]).map((e) => e.code))).toEqual(
      new Set(['unknown_site']),
    );
    const haikouImport = await upload(
      haikouLab,
      [header, ...haikouRows.slice(0, 20)].join('\r\n'),
      'haikou-round-7.csv',
    );
    expect(haikouImport.body).toMatchObject({ status: 'imported', rowsImported: 20 });

    // The province's lab: the whole file, each row to its site's city's round.
    const provinceImport = await upload(lab, csv, 'round-7.csv');
    expect(provinceImport.body).toMatchObject({ status: 'imported', rowsImported: rows.length - 20 });
    const { rows: placed } = await app.db.query<{ city: string; round_office: string; samples: number }>(
      `select split_part(st.code, '-', 1) as city, o.code as round_office, count(*)::int as samples
         from samples s join sites st on st.id = s.site_id join rounds r on r.id = s.round_id
         join offices o on o.id = r.office_id where r.name = $1 group by 1, 2 order by 1`,
      [round7.name],
    );
    expect(placed).toEqual([
      { city: 'DF', round_office: 'dongfang', samples: 23 },
      { city: 'HK', round_office: 'haikou', samples: 124 },
    ]);

    // A province round of the same name makes the name ambiguous for the province's lab, not for Haikou's.
    expect((await (await app.client('admin')).post('/api/rounds', round7)).status).toBe(201);
    const again = [header, rows[0]!.replace(/-R7,/, '-R7b,')].join('\r\n');
    const ambiguous = await upload(lab, again, 'again.csv');
    expect(ambiguous.body.status).toBe('rejected');
    expect((ambiguous.body.errors as { code: string; message: string }[]).map((e) => e.code)).toEqual([
      'ambiguous_round',
    ]);
    expect((await upload(haikouLab, again, 'again.csv')).body).toMatchObject({
      status: 'imported',
      rowsImported: 1,
    });
  });
});
