import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SQL_DIR } from '@skywater/core/db/migrate';
import { plausibleMeasurementSql } from '@skywater/core/wastewater/plausible-measurement-sql';
import { sitesLayer } from '../../server/src/tiles/layers/sites-layer';
import { officeFilterSql, type TileLayer } from '../../server/src/tiles/tile-layer';
import { renderTile, type TileAddress } from '../../server/src/tiles/tile-renderer';
import { startTestApp, type TestApp, type TestClient } from '../support/test-app';

// The sites tile reads each site's value for a round and an analyte from `site_round_loads`
// (sql/034), kept by statement triggers on the lab's writes. After imports, corrections of a
// result and of a sample, deletions and moves, the table must hold what the tile used to look up
// in samples and measurements, and the tile's bytes must be the same.

/** The sites layer as it was before the table: each site's value looked up in its results. */
const sitesLayerFromResults: TileLayer = {
  ...sitesLayer,
  sql(ctx) {
    const { query, param } = ctx;
    const analyte = typeof query.analyte === 'string' ? query.analyte : null;
    const roundId = typeof query.roundId === 'string' ? Number(query.roundId) : null;
    const analyteParam = param(analyte);
    return `
      select s.geom, s.id, s.code, s.kind, l.load as "normalisedLoadMgPerDayPer1000"
      from sites s cross join tile
      left join lateral (
        select (case m.qualifier when '=' then m.value_ng_l when '<LOQ' then m.loq_ng_l / 2 end)
               * sm.flow_m3_per_day * 1e-3
               / nullif(coalesce(sm.population, s.population_served)::float8 / 1000, 0) as load
        from samples sm join measurements m on m.sample_id = sm.id
        where ${analyteParam}::text is not null and sm.site_id = s.id and m.analyte_code = ${analyteParam}::text
          and sm.round_id = coalesce(${param(roundId)}::bigint, (select r.id from rounds r
                where exists (select 1 from samples x where x.round_id = r.id)
                order by r.ends_on desc, r.id desc limit 1))
          and m.qualifier in ('=', '<LOQ') and ${plausibleMeasurementSql('m', 'sm')}
        order by sm.collected_end desc, m.replicate
        limit 1) l on true
      where s.geom && tile.env4326 and (${param(ctx.seesRestrictedSites)}::boolean or not s.restricted)${officeFilterSql(ctx, 's.office_id')}`;
  },
};

const HEADER =
  'site_code,round,sample_id,collected_start,collected_end,collection_type,flow_m3_per_day,population,analyte,value,unit,loq,replicate';

let app: TestApp;
let lab: TestClient;
let admin: TestClient;
const siteIds: Record<string, number> = {};
const roundIds: Record<string, number> = {};
let rootOfficeId: number;

async function upload(body: string, name: string) {
  const form = new FormData();
  form.append('file', new Blob([`${HEADER}\n${body}`]), name);
  const reply = await lab.post('/api/lab/imports', form);
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body;
}

async function measurementId(sampleId: string, analyte: string, replicate = 1): Promise<number> {
  const { rows } = await app.db.query<{ id: number }>(
    `select m.id from measurements m join samples s on s.id = m.sample_id
     where s.lab_sample_id = $1 and m.analyte_code = $2 and m.replicate = $3`,
    [sampleId, analyte, replicate],
  );
  return Number(rows[0]!.id);
}

/** The stored rows that differ from the value each (site, round, analyte) has, computed apart. */
async function rowsApart() {
  const { rows } = await app.db.query<{ stored: number; expected: number; differing: number }>(
    `with expected as (
       select c.site_id, c.round_id, c.analyte_code, l.mass, l.population
       from (select distinct sm.site_id, sm.round_id, m.analyte_code
             from samples sm join measurements m on m.sample_id = sm.id) c
       cross join lateral (
         select (case m.qualifier when '=' then m.value_ng_l when '<LOQ' then m.loq_ng_l / 2 end)
                  * sm.flow_m3_per_day * 1e-3 as mass, sm.population
         from samples sm join measurements m on m.sample_id = sm.id
         where sm.site_id = c.site_id and sm.round_id = c.round_id and m.analyte_code = c.analyte_code
           and m.qualifier in ('=', '<LOQ') and ${plausibleMeasurementSql('m', 'sm')}
         order by sm.collected_end desc, m.replicate
         limit 1) l)
     select (select count(*)::int from site_round_loads) as stored, (select count(*)::int from expected) as expected,
            count(*) filter (where e.site_id is null or v.site_id is null
              or v.mass_mg_per_day is distinct from e.mass or v.population is distinct from e.population)::int as differing
     from expected e full join site_round_loads v
       on v.site_id = e.site_id and v.round_id = e.round_id and v.analyte_code = e.analyte_code`,
  );
  return rows[0]!;
}

/** Slippy-map tile holding lon/lat at zoom z. */
function tileOf(lon: number, lat: number, z: number): TileAddress {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return {
    z,
    x: Math.floor(((lon + 180) / 360) * n),
    y: Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n),
  };
}

/** Tiles over the sites at several zooms, for every analyte and round asked, as the province and as one office. */
async function expectTilesAsBefore() {
  const tiles = [0, 8, 12].map((z) => tileOf(110.34, 20.02, z));
  const queries = [
    { analyte: 'METH' },
    ...['METH', 'AMP', 'COC'].flatMap((analyte) =>
      Object.values(roundIds).map((roundId) => ({ analyte, roundId: String(roundId) })),
    ),
  ];
  let drawn = 0;
  for (const tile of tiles)
    for (const query of queries)
      for (const scope of [
        { seesRestrictedSites: true, officeIds: null },
        { seesRestrictedSites: false, officeIds: [rootOfficeId] },
      ]) {
        const ctx = { query, findingsRecordedBy: null, ...scope };
        const now = await renderTile(app.db, sitesLayer, tile, ctx);
        const before = await renderTile(app.db, sitesLayerFromResults, tile, ctx);
        expect(now.equals(before), `z${tile.z} ${JSON.stringify(query)} ${JSON.stringify(scope)}`).toBe(true);
        drawn += now.length > 0 ? 1 : 0;
      }
  expect(drawn).toBe(tiles.length * queries.length * 2);
}

async function expectAsComputedApart() {
  const apart = await rowsApart();
  expect(apart.stored).toBeGreaterThan(0);
  expect(apart).toEqual({ stored: apart.expected, expected: apart.expected, differing: 0 });
  await expectTilesAsBefore();
}

/** The stored value of a site's round for an analyte (mass, population), or undefined. */
async function storedLoad(site: string, round: string, analyte: string) {
  const { rows } = await app.db.query<{ mass: number | null; population: number | null }>(
    `select mass_mg_per_day as mass, population from site_round_loads
     where site_id = $1 and round_id = $2 and analyte_code = $3`,
    [siteIds[site], roundIds[round], analyte],
  );
  return rows[0];
}

beforeAll(async () => {
  app = await startTestApp({ mode: 'server' });
  [lab, admin] = await Promise.all([app.client('lab'), app.client('admin')]);
  rootOfficeId = Number((await app.db.query<{ id: number }>(`select root_office_id() as id`)).rows[0]!.id);
  for (const site of [
    { code: 'SRL-PLANT', name: '城区污水厂', kind: 'wwtp', lon: 110.33, lat: 20.02, populationServed: 400_000 },
    { code: 'SRL-VENUE', name: '娱乐场所', kind: 'venue', lon: 110.34, lat: 20.03 },
    { code: 'SRL-SEWER', name: '管网节点', kind: 'sewer', lon: 110.35, lat: 20.01, populationServed: 3_000 },
  ]) {
    const reply = await admin.post('/api/sites', site);
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    siteIds[site.code] = reply.body.id;
  }
  for (const round of [
    { name: 'SRL-R1', startsOn: '2025-05-01', endsOn: '2025-05-31' },
    { name: 'SRL-R2', startsOn: '2025-06-01', endsOn: '2025-06-30' },
  ]) {
    const reply = await admin.post('/api/rounds', round);
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    roundIds[round.name] = reply.body.id;
  }
});
afterAll(() => app?.close());

describe("each site's value for a round, kept by the lab's writes", () => {
  it('the filter of plausible numbers is the one the readers use', () => {
    const migration = fs.readFileSync(path.join(SQL_DIR, '034_site_round_loads.sql'), 'utf8');
    expect(migration).toContain(plausibleMeasurementSql('m', 'sm'));
  });

  it('after imports: the latest sample, its lowest replicate, below-LOQ as LOQ/2, not-detected left out', async () => {
    await upload(
      'SRL-PLANT,SRL-R1,SRL-1,2025-05-04 08:00,2025-05-05 08:00,composite_flow,80000,,METH,120,ng/L,1,1\n' +
        'SRL-PLANT,SRL-R1,SRL-1,2025-05-04 08:00,2025-05-05 08:00,composite_flow,80000,,AMP,<LOQ,ng/L,4,1\n' +
        'SRL-PLANT,SRL-R1,SRL-2,2025-05-11 08:00,2025-05-12 08:00,composite_flow,90000,350000,METH,150,ng/L,1,1\n' +
        'SRL-PLANT,SRL-R1,SRL-2,2025-05-11 08:00,2025-05-12 08:00,composite_flow,90000,350000,METH,170,ng/L,1,2\n' +
        'SRL-PLANT,SRL-R1,SRL-2,2025-05-11 08:00,2025-05-12 08:00,composite_flow,90000,350000,AMP,ND,ng/L,4,1\n' +
        'SRL-VENUE,SRL-R1,SRL-3,2025-05-04 20:00,2025-05-05 02:00,grab,40,600,METH,30,ng/L,1,1\n' +
        'SRL-VENUE,SRL-R1,SRL-4,2025-05-11 20:00,2025-05-12 02:00,grab,40,600,METH,ND,ng/L,1,1\n' +
        'SRL-SEWER,SRL-R1,SRL-5,2025-05-04 08:00,2025-05-05 08:00,grab,,,METH,80,ng/L,1,1\n',
      'r1.csv',
    );
    await upload(
      'SRL-PLANT,SRL-R2,SRL-6,2025-06-04 08:00,2025-06-05 08:00,composite_flow,85000,,METH,140,ng/L,1,1\n' +
        'SRL-PLANT,SRL-R2,SRL-6,2025-06-04 08:00,2025-06-05 08:00,composite_flow,85000,,COC,60,ng/L,1,1\n' +
        'SRL-VENUE,SRL-R2,SRL-7,2025-06-04 20:00,2025-06-05 02:00,grab,35,,COC,<LOQ,ng/L,2,1\n',
      'r2.csv',
    );
    // The plant's round 1: SRL-2 (latest), replicate 1: 150 ng/L × 90,000 m³/d × 10⁻³ = 13,500 mg/d, its 350,000 people.
    expect(await storedLoad('SRL-PLANT', 'SRL-R1', 'METH')).toEqual({ mass: 150 * 90_000 * 1e-3, population: 350_000 });
    // AMP: the latest sample's result is not detected, so the earlier <LOQ one, as LOQ/2.
    expect(await storedLoad('SRL-PLANT', 'SRL-R1', 'AMP')).toEqual({ mass: 2 * 80_000 * 1e-3, population: null });
    // The venue's latest METH is not detected: its earlier quantified one.
    expect(await storedLoad('SRL-VENUE', 'SRL-R1', 'METH')).toEqual({ mass: 30 * 40 * 1e-3, population: 600 });
    // No flow: kept, without a mass (the tile draws the site without a value, as before).
    expect(await storedLoad('SRL-SEWER', 'SRL-R1', 'METH')).toEqual({ mass: null, population: null });
    await expectAsComputedApart();
  });

  it('follows a correction of a result and of a sample', async () => {
    const replicate1 = await measurementId('SRL-2', 'METH', 1);
    const corrected = await lab.post(`/api/measurements/${replicate1}/corrections`, {
      value: 155,
      reason: '重新积分 / peak re-integrated',
    });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(201);
    expect((await storedLoad('SRL-PLANT', 'SRL-R1', 'METH'))!.mass).toBe(155 * 90_000 * 1e-3);

    const { rows } = await app.db.query<{ id: number }>(`select id from samples where lab_sample_id = 'SRL-2'`);
    const sample = await lab.post(`/api/samples/${rows[0]!.id}/corrections`, {
      flowM3PerDay: 95_000,
      population: 360_000,
      reason: '流量计校准 / flow meter recalibrated',
    });
    expect(sample.status, JSON.stringify(sample.body)).toBe(201);
    expect(await storedLoad('SRL-PLANT', 'SRL-R1', 'METH')).toEqual({ mass: 155 * 95_000 * 1e-3, population: 360_000 });
    // A result corrected to not detected: the next one in line (replicate 2).
    const toNotDetected = await lab.post(`/api/measurements/${replicate1}/corrections`, {
      value: 'ND',
      reason: '空白污染 / blank contaminated',
    });
    expect(toNotDetected.status, JSON.stringify(toNotDetected.body)).toBe(201);
    expect((await storedLoad('SRL-PLANT', 'SRL-R1', 'METH'))!.mass).toBe(170 * 95_000 * 1e-3);
    await expectAsComputedApart();
  });

  it('follows deletions of results and samples, a sample moved to another round, and skips implausible numbers', async () => {
    // The latest sample's last quantified result gone (its replicate 1 is now not detected): the earlier sample's.
    await app.db.query(`delete from measurements where id = $1`, [await measurementId('SRL-2', 'METH', 2)]);
    expect(await storedLoad('SRL-PLANT', 'SRL-R1', 'METH')).toEqual({ mass: 120 * 80_000 * 1e-3, population: null });
    // A sample and its results deleted in one statement: the samples' trigger refreshes the pair.
    await app.db.query(
      `with gone as (delete from measurements where sample_id = (select id from samples where lab_sample_id = 'SRL-3'))
       delete from samples where lab_sample_id = 'SRL-3'`,
    );
    expect(await storedLoad('SRL-VENUE', 'SRL-R1', 'METH')).toBeUndefined();
    // The sewer's sample moved to round 2: gone from round 1, there in round 2.
    await app.db.query(
      `update samples set round_id = $1, collected_end = '2025-06-05 08:00+08', collected_start = '2025-06-04 08:00+08'
       where lab_sample_id = 'SRL-5'`,
      [roundIds['SRL-R2']],
    );
    expect(await storedLoad('SRL-SEWER', 'SRL-R1', 'METH')).toBeUndefined();
    expect(await storedLoad('SRL-SEWER', 'SRL-R2', 'METH')).toEqual({ mass: null, population: null });
    // A later sample with a number beyond every bound (as a store from before the checks may
    // hold): not drawn, the plant keeps its value.
    const { rows } = await app.db.query<{ id: number }>(
      `insert into samples (site_id, round_id, lab_sample_id, collected_start, collected_end, collection_type, flow_m3_per_day)
       values ($1, $2, 'SRL-8', '2025-06-20 08:00+08', '2025-06-21 08:00+08', 'composite_flow', 85000) returning id`,
      [siteIds['SRL-PLANT'], roundIds['SRL-R2']],
    );
    await app.db.query(
      `insert into measurements (sample_id, analyte_code, qualifier, value_ng_l, loq_ng_l) values ($1, 'METH', '=', 1e9, 1)`,
      [rows[0]!.id],
    );
    expect((await storedLoad('SRL-PLANT', 'SRL-R2', 'METH'))!.mass).toBe(140 * 85_000 * 1e-3);
    await expectAsComputedApart();
  });

  it("draws the site's own population when the sample has none, as it is now", async () => {
    await app.db.query(`update sites set population_served = 420000 where id = $1`, [siteIds['SRL-PLANT']]);
    await expectAsComputedApart();
  });
});
