import { VectorTile } from '@mapbox/vector-tile';
import Protobuf from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raiseAlerts } from '../../workers/src/alerts/raise-alerts';
import { createUserIfMissing } from '../../server/src/auth/users';
import { startTestApp, TEST_PASSWORD, type TestApp, type TestClient } from '../support/test-app';
import { createOfficeWorld, type OfficeObjects, type Relation } from './office-fixtures';

/** Offices: what a city office's accounts see through tiles, exports and imports, and the bad input. */
let app: TestApp;
let world: Record<Relation, OfficeObjects>;
let admin: TestClient;
let analyst: TestClient;
let lab: TestClient;

beforeAll(async () => {
  app = await startTestApp({ mode: 'server' });
  world = await createOfficeWorld(app.db);
  admin = await app.client('admin');
  analyst = await app.client('haikou-analyst');
  lab = await app.client('haikou-lab');
}, 300_000);
afterAll(() => app?.close());

const tileFeatureIds = (body: Buffer, layer: string) => {
  const decoded = new VectorTile(new Protobuf(body)).layers[layer];
  const ids: number[] = [];
  for (let i = 0; i < (decoded?.length ?? 0); i++) ids.push(Number(decoded!.feature(i).properties.id));
  return ids.sort((a, b) => a - b);
};

describe('what a city office sees', () => {
  it('draws only its own and its districts’ sites and flights in the tiles; the province sees all', async () => {
    const mine = [world.own.site, world.sub.site].sort((a, b) => a - b);
    const every = [world.own.site, world.sub.site, world.sibling.site, world.parent.site].sort(
      (a, b) => a - b,
    );
    const cityTile = await analyst.get('/tiles/sites/0/0/0.pbf');
    expect(cityTile.status).toBe(200);
    expect(tileFeatureIds(cityTile.body, 'sites')).toEqual(mine);
    const provinceTile = await (await app.client('analyst')).get('/tiles/sites/0/0/0.pbf');
    expect(tileFeatureIds(provinceTile.body, 'sites')).toEqual(every);
    const flights = await analyst.get('/tiles/flights/0/0/0.pbf');
    expect(tileFeatureIds(flights.body, 'flights')).toEqual(
      [world.own.flight, world.sub.flight].sort((a, b) => a - b),
    );
  });

  it('counts only its offices’ findings in the findings totals; the province counts all', async () => {
    const areasOf = (body: { areaId: number }[]) => body.map((t) => t.areaId).sort((a, b) => a - b);
    const city = await analyst.get('/api/findings/totals');
    expect(city.status).toBe(200);
    expect(areasOf(city.body)).toEqual([world.own.area, world.sub.area].sort((a, b) => a - b));
    const province = await (await app.client('analyst')).get('/api/findings/totals');
    const every = [world.own.area, world.sub.area, world.sibling.area, world.parent.area];
    expect(areasOf(province.body)).toEqual(every.sort((a, b) => a - b));
  });

  it('lists only its offices’ areas with their outlines in one answer (?include=geometry); the province all', async () => {
    const mine = [world.own.area, world.sub.area].sort((a, b) => a - b);
    const city = await analyst.get('/api/areas?include=geometry');
    expect(city.status).toBe(200);
    const cityAreas = city.body as { id: number; geometry: { type: string }; coveragePct: number }[];
    expect(cityAreas.map((area) => area.id)).toEqual(mine);
    for (const area of cityAreas) {
      expect(['Polygon', 'MultiPolygon']).toContain(area.geometry.type);
      // The same area as `GET /api/areas/:id` gives it, outline included.
      const one = (await analyst.get(`/api/areas/${area.id}`)).body as Record<string, unknown>;
      expect(area).toEqual(
        Object.fromEntries(Object.entries(one).filter(([key]) => key !== 'coverageExclusions')),
      );
    }
    const province = await (await app.client('analyst')).get('/api/areas?include=geometry');
    const every = [world.own.area, world.sub.area, world.sibling.area, world.parent.area];
    expect((province.body as { id: number }[]).map((area) => area.id)).toEqual(every.sort((a, b) => a - b));
  });

  it('exports only the results at its offices’ sites', async () => {
    const csv = await analyst.get('/api/lab/exports.csv');
    expect(csv.status).toBe(200);
    const text = String(csv.body);
    expect(text).toContain('site-own');
    expect(text).toContain('site-sub');
    expect(text).not.toContain('site-sibling');
    expect(text).not.toContain('site-parent');
  });

  it('answers a sibling’s round bulletin 404 as if absent, and builds its own', async () => {
    expect((await analyst.get(`/api/reports/bulletin?roundId=${world.sibling.round}`)).status).toBe(404);
    const own = await analyst.get(`/api/reports/bulletin?roundId=${world.own.round}&lang=en`);
    expect(own.status).toBe(200);
    expect(String(own.body)).toContain('site-own');
  });
});

describe('bad input', () => {
  it('refuses an import naming another office’s site with row errors, and stores nothing', async () => {
    const before = await app.db.query<{ n: number }>('select count(*)::int as n from samples');
    const header =
      'site_code,round,sample_id,collected_start,collected_end,collection_type,flow_m3_per_day,analyte,value,unit';
    // Row numbers count the header as row 1, as the spreadsheet shows them.
    const rows = [
      'site-own,round-own,N-1,2025-01-12 08:00,2025-01-13 08:00,composite_flow,50000,METH,100,ng/L',
      'site-sibling,round-own,N-2,2025-01-12 08:00,2025-01-13 08:00,composite_flow,50000,METH,100,ng/L',
    ];
    const form = new FormData();
    form.append('file', new Blob([`${header}\n${rows.join('\n')}\n`]), 'cross-office.csv');
    const reply = await lab.post('/api/lab/imports', form);
    expect(reply.body.status).toBe('rejected');
    expect(reply.body.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
      [3, 'unknown_site'],
    ]);
    const after = await app.db.query<{ n: number }>('select count(*)::int as n from samples');
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('refuses a site outside its office’s territory, and takes one inside', async () => {
    await app.db.query(
      `update offices set territory = st_multi(st_makeenvelope(0, 0, 1, 1, 4326)) where id = $1`,
      [world.own.officeId],
    );
    const outside = await analyst.post('/api/sites', {
      code: 'far-away',
      name: 'far',
      kind: 'wwtp',
      lon: 5,
      lat: 5,
    });
    expect(outside.status).toBe(422);
    expect(outside.body.error.code).toBe('outside_territory');
    const inside = await analyst.post('/api/sites', {
      code: 'inside',
      name: 'in',
      kind: 'wwtp',
      lon: 0.5,
      lat: 0.5,
    });
    expect(inside.status).toBe(201);
    const stored = await app.db.query<{ office_id: number }>(
      `select office_id::int from sites where code = 'inside'`,
    );
    expect(stored.rows[0]!.office_id).toBe(world.own.officeId);
    const names = await app.db.query<{ n: number }>(
      `select count(*)::int as n from sites where code = 'far-away'`,
    );
    expect(names.rows[0]!.n).toBe(0);
  });

  it('refuses to delete an office that owns data or sub-offices, and deletes an empty one', async () => {
    const owning = await admin.request('DELETE', `/api/offices/${world.sub.officeId}`);
    expect(owning.status).toBe(409);
    expect(owning.body.error.details.reason).toBe('office_in_use');
    expect(owning.body.error.details.owns).toContain('sites');
    const parentOfOthers = await admin.request('DELETE', `/api/offices/${world.own.officeId}`);
    expect(parentOfOthers.status).toBe(409);
    expect(parentOfOthers.body.error.details.owns).toContain('offices');
    const created = await admin.post('/api/offices', {
      code: 'wanning',
      nameZh: '万宁市',
      nameEn: 'Wanning',
      kind: 'city',
      parentId: world.parent.officeId,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: 'wanning', parentId: world.parent.officeId });
    expect((await admin.request('DELETE', `/api/offices/${created.body.id}`)).status).toBe(204);
    const left = await app.db.query(`select 1 from offices where code = 'wanning'`);
    expect(left.rows).toEqual([]);
  });

  it('lets a city admin manage its own accounts only, and ends a moved account’s sessions', async () => {
    const cityAdmin = await app.client('haikou-admin');
    const users = await cityAdmin.get('/api/users');
    const names = users.body.map((u: { username: string }) => u.username);
    expect(names).toContain('user-own');
    expect(names).toContain('user-sub');
    expect(names).not.toContain('user-sibling');
    expect(names).not.toContain('admin');
    expect((await cityAdmin.request('PATCH', '/api/users/user-sibling', { displayName: 'x' })).status).toBe(
      404,
    );
    expect((await cityAdmin.request('PATCH', '/api/users/admin', { displayName: 'x' })).status).toBe(404);
    const intoSibling = await cityAdmin.request('PATCH', '/api/users/haikou-pilot', {
      officeId: world.sibling.officeId,
    });
    expect(intoSibling.status).toBe(404);

    const pilot = await app.client('haikou-pilot');
    expect((await pilot.get('/api/auth/me')).body.user.office.code).toBe('haikou');
    const moved = await admin.request('PATCH', '/api/users/haikou-pilot', {
      officeId: world.sibling.officeId,
    });
    expect(moved.status).toBe(200);
    expect(moved.body.officeId).toBe(world.sibling.officeId);
    expect((await pilot.get('/api/auth/me')).status).toBe(401);
    const again = await app.client('haikou-pilot');
    expect((await again.get('/api/auth/me')).body.user.office.code).toBe('dongfang');
    const flights = await again.get('/api/flights');
    expect(flights.body.map((f: { id: number }) => f.id)).toEqual([world.sibling.flight]);
  });
});

describe('codes and names within an office', () => {
  const round = (name: string, officeId?: number) => ({
    name,
    startsOn: '2025-03-01',
    endsOn: '2025-03-31',
    ...(officeId ? { officeId } : {}),
  });

  it('lets two offices each have a round, campaign, area and site of one name; a second within an office is 409', async () => {
    const cityAdmin = await app.client('haikou-admin');
    // Each office's own square (office-fixtures.ts): Haikou 0-0.5°, Dongfang 2-2.5°.
    const square = (lon: number) => ({
      type: 'Polygon',
      coordinates: [
        [
          [lon, 0.05],
          [lon + 0.05, 0.05],
          [lon + 0.05, 0.1],
          [lon, 0.1],
          [lon, 0.05],
        ],
      ],
    });
    const site = (officeId: number, lon: number) => ({
      code: 'HK-01',
      name: '城区一厂',
      kind: 'wwtp',
      lon,
      lat: 0.2,
      officeId,
    });
    for (const [officeId, lon] of [
      [world.own.officeId, 0.1],
      [world.sibling.officeId, 2.1],
    ] as const) {
      expect((await admin.post('/api/rounds', round('2025年第1轮', officeId))).status).toBe(201);
      expect((await admin.post('/api/campaigns', { name: '场所监测', officeId })).status).toBe(201);
      expect(
        (await admin.post('/api/areas', { name: '城区', city: '城区', geometry: square(lon), officeId }))
          .status,
      ).toBe(201);
      expect((await admin.post('/api/sites', site(officeId, lon))).status).toBe(201);
    }
    const duplicates = [
      await cityAdmin.post('/api/rounds', round('2025年第1轮')),
      await cityAdmin.post('/api/campaigns', { name: '场所监测' }),
      await cityAdmin.post('/api/areas', { name: '城区', city: '城区', geometry: square(0.2) }),
      await cityAdmin.post('/api/sites', site(world.own.officeId, 0.3)),
    ];
    for (const reply of duplicates) {
      expect(reply.status).toBe(409);
      expect(reply.body.error.details).toEqual({
        reason: 'duplicate_in_office',
        officeId: world.own.officeId,
      });
    }
    // A district of Haikou is another office: the name is free there.
    expect((await cityAdmin.post('/api/rounds', round('2025年第1轮', world.sub.officeId))).status).toBe(201);
    const stored = await app.db.query<{ office_id: number; n: number }>(
      `select office_id::int, count(*)::int as n from rounds where name = '2025年第1轮' group by office_id order by office_id`,
    );
    expect(stored.rows).toEqual(
      [world.own.officeId, world.sub.officeId, world.sibling.officeId]
        .sort((a, b) => a - b)
        .map((office_id) => ({ office_id, n: 1 })),
    );
    // The round went into each office's own default campaign.
    const campaigns = await app.db.query<{ same: boolean }>(
      `select bool_and(r.office_id = c.office_id) as same from rounds r join campaigns c on c.id = r.campaign_id
        where r.name = '2025年第1轮'`,
    );
    expect(campaigns.rows[0]!.same).toBe(true);
  });

  it('resolves an import’s site codes and round names within the uploader’s offices, and refuses one several of them share', async () => {
    const header =
      'site_code,round,sample_id,collected_start,collected_end,collection_type,flow_m3_per_day,analyte,value,unit';
    const line = (site: string, roundName: string, sample: string) =>
      `${site},${roundName},${sample},2025-03-12 08:00,2025-03-13 08:00,composite_flow,50000,METH,100,ng/L`;
    const upload = async (client: TestClient, lines: string[], name: string) => {
      const form = new FormData();
      form.append('file', new Blob([`${header}\n${lines.join('\n')}\n`]), name);
      return client.post('/api/lab/imports', form);
    };
    const count = async () =>
      (await app.db.query<{ n: number }>('select count(*)::int as n from samples')).rows[0]!.n;
    const before = await count();
    const provinceLab = await app.client('lab');
    // HK-01 lies in Haikou and in Dongfang; 2025年第1轮 in Haikou, Qiongshan and Dongfang.
    const refused = await upload(
      provinceLab,
      [
        line('HK-01', 'round-own', 'A-1'),
        line('site-own', '2025年第1轮', 'A-2'),
        line('site-parent', '2025年第1轮', 'A-3'),
      ],
      'ambiguous.csv',
    );
    expect(refused.body.status).toBe('rejected');
    // The province's own site: no round of that name in its office or above (the three are below it).
    expect(refused.body.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
      [2, 'ambiguous_site'],
      [4, 'unknown_round'],
    ]);
    expect(refused.body.errors[0].message).toContain('dongfang, haikou');
    expect(await count()).toBe(before);

    // The row the site settles: the round of the site's office (Haikou's), none other.
    const settled = await upload(provinceLab, [line('site-own', '2025年第1轮', 'A-2')], 'settled.csv');
    expect(settled.body.status).toBe('imported');
    // Haikou's lab sees Haikou and Qiongshan only: Dongfang's HK-01 is not a candidate.
    const cityLab = await upload(lab, [line('HK-01', 'round-own', 'A-4')], 'city.csv');
    expect(cityLab.body.status).toBe('imported');
    const stored = await app.db.query<{
      sample: string;
      site_office: number;
      round_office: number;
      round: string;
    }>(
      `select s.lab_sample_id as sample, st.office_id::int as site_office, r.office_id::int as round_office, r.name as round
         from samples s join sites st on st.id = s.site_id join rounds r on r.id = s.round_id
        where s.lab_sample_id in ('A-2', 'A-4') order by 1`,
    );
    expect(stored.rows).toEqual([
      {
        sample: 'A-2',
        site_office: world.own.officeId,
        round_office: world.own.officeId,
        round: '2025年第1轮',
      },
      {
        sample: 'A-4',
        site_office: world.own.officeId,
        round_office: world.own.officeId,
        round: 'round-own',
      },
    ]);
    expect(await count()).toBe(before + 2);
  });

  it('refuses a PHES-ODM import naming another office’s site with row errors, and stores nothing', async () => {
    const count = async () =>
      (await app.db.query<{ n: number }>('select count(*)::int as n from samples')).rows[0]!.n;
    const before = await count();
    const form = new FormData();
    form.append(
      'samples',
      new Blob([
        'sampleID,siteID,saMaterial,collType,collPer,collDT,collDTStart,collDTEnd\n' +
          'odm-own,site-own,rawWW,flowPr,24,,2025-01-14T08:00:00+08:00,2025-01-15T08:00:00+08:00\n' +
          'odm-sibling,site-sibling,rawWW,flowPr,24,,2025-01-14T08:00:00+08:00,2025-01-15T08:00:00+08:00\n',
      ]),
      'samples.csv',
    );
    form.append(
      'measures',
      new Blob([
        'measureRepID,sampleID,siteID,measure,value,unit,aggregation\n' +
          'a,odm-own,site-own,METH,0.2,ugL,sin\n' +
          'b,odm-sibling,site-sibling,METH,0.2,ugL,sin\n' +
          'c,odm-own,site-own,floRate,50000,m3D,sin\n' +
          'd,odm-sibling,site-sibling,floRate,50000,m3D,sin\n',
      ]),
      'measures.csv',
    );
    form.append('round', 'round-own');
    const reply = await lab.post('/api/lab/imports/phes-odm', form);
    expect(reply.body.status).toBe('rejected');
    expect(reply.body.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
      [3, 'unknown_site'],
    ]);
    expect(await count()).toBe(before);
  });

  it('refuses a survey area reaching outside its office’s territory, storing nothing, and takes one inside', async () => {
    await app.db.query(
      `update offices set territory = st_multi(st_makeenvelope(0, 0, 1, 1, 4326)) where id = $1`,
      [world.own.officeId],
    );
    const cityAdmin = await app.client('haikou-admin');
    const rect = (x0: number, x1: number) => ({
      type: 'Polygon',
      coordinates: [
        [
          [x0, 0.6],
          [x1, 0.6],
          [x1, 0.7],
          [x0, 0.7],
          [x0, 0.6],
        ],
      ],
    });
    const across = await cityAdmin.post('/api/areas', {
      name: '越界',
      city: '海口',
      geometry: rect(0.9, 1.1),
    });
    expect(across.status).toBe(422);
    expect(across.body.error.code).toBe('outside_territory');
    // Half of the 0.2° × 0.1° rectangle lies outside: checked against PostGIS on its own.
    const half = await app.db.query<{ km2: number }>(
      `select st_area(st_makeenvelope(1, 0.6, 1.1, 0.7, 4326)::geography) / 1e6 as km2`,
    );
    expect(across.body.error.details.outsideKm2).toBeCloseTo(Number(half.rows[0]!.km2), 3);
    const inside = await cityAdmin.post('/api/areas', {
      name: '界内',
      city: '海口',
      geometry: rect(0.6, 0.8),
    });
    expect(inside.status).toBe(201);
    expect(inside.body.officeId).toBe(world.own.officeId);
    const names = await app.db.query<{ name: string }>(
      `select name from survey_areas where name in ('越界', '界内') order by name`,
    );
    expect(names.rows).toEqual([{ name: '界内' }]);
  });
});

describe('admins and the audit log per office', () => {
  const addAdmin = (username: string, officeId: number) =>
    createUserIfMissing(app.db, { username, password: TEST_PASSWORD, roles: ['admin'], officeId });

  it('keeps an office’s last admin from stepping down, disabling or moving itself; an admin above may', async () => {
    const cityAdmin = await app.client('haikou-admin');
    for (const change of [{ roles: ['analyst'] }, { disabled: true }, { officeId: world.sub.officeId }]) {
      const refused = await cityAdmin.request('PATCH', '/api/users/haikou-admin', change);
      expect(refused.status).toBe(409);
      expect(refused.body.error.details).toEqual({
        reason: 'last_office_admin',
        officeId: world.own.officeId,
      });
    }
    expect((await cityAdmin.get('/api/auth/me')).body.user.roles).toEqual(['admin']);

    // A second Haikou admin may move itself to Qiongshan, where it is then the last admin.
    await addAdmin('haikou-admin-two', world.own.officeId);
    const second = await app.client('haikou-admin-two');
    const moved = await second.request('PATCH', '/api/users/haikou-admin-two', {
      officeId: world.sub.officeId,
    });
    expect(moved.status).toBe(200);
    const inSub = await app.client('haikou-admin-two');
    const stays = await inSub.request('PATCH', '/api/users/haikou-admin-two', { disabled: true });
    expect(stays.status).toBe(409);
    expect(stays.body.error.details).toEqual({ reason: 'last_office_admin', officeId: world.sub.officeId });
    // Haikou's admin, above Qiongshan, still manages it: it may disable Qiongshan's last admin.
    expect((await cityAdmin.request('PATCH', '/api/users/haikou-admin-two', { disabled: true })).status).toBe(
      200,
    );
    const state = await app.db.query<{ disabled: boolean; office_id: number }>(
      `select disabled, office_id::int from users where username = 'haikou-admin-two'`,
    );
    expect(state.rows).toEqual([{ disabled: true, office_id: world.sub.officeId }]);
  });

  it('keeps the province’s last admin, whoever asks, while other offices have admins', async () => {
    const provinceAdmins = await app.db.query<{ username: string }>(
      `select username from users where 'admin' = any(roles) and not disabled and office_id = root_office_id()`,
    );
    expect(provinceAdmins.rows).toEqual([{ username: 'admin' }]);
    for (const change of [{ roles: ['analyst'] }, { disabled: true }, { officeId: world.own.officeId }]) {
      const refused = await admin.request('PATCH', '/api/users/admin', change);
      expect(refused.status).toBe(409);
      expect(refused.body.error.details).toEqual({
        reason: 'last_office_admin',
        officeId: world.parent.officeId,
      });
    }
    await addAdmin('province-admin-two', world.parent.officeId);
    const two = await app.client('province-admin-two');
    expect(
      (await two.request('PATCH', '/api/users/province-admin-two', { roles: ['admin', 'analyst'] })).status,
    ).toBe(200);
    expect((await admin.request('PATCH', '/api/users/province-admin-two', { disabled: true })).status).toBe(
      200,
    );
  });

  it('files each audit entry under its actor’s office (a raised alert’s under its site’s), and shows an admin its offices’ entries', async () => {
    await addAdmin('qiongshan-admin', world.sub.officeId);
    await addAdmin('dongfang-admin', world.sibling.officeId);
    const newUser = (username: string) => ({ username, roles: ['lab'], password: 'Mangrove-Tide-42' });
    expect((await (await app.client('haikou-admin')).post('/api/users', newUser('audit-own'))).status).toBe(
      201,
    );
    expect(
      (await (await app.client('qiongshan-admin')).post('/api/users', newUser('audit-sub'))).status,
    ).toBe(201);
    expect(
      (await (await app.client('dongfang-admin')).post('/api/users', newUser('audit-sibling'))).status,
    ).toBe(201);
    expect((await admin.post('/api/users', newUser('audit-parent'))).status).toBe(201);
    // A scoring job's alert at a Qiongshan site, in a round of the province's: the site's office.
    const alertId = await app.db.transaction(async (tx) => {
      const outcome = await raiseAlerts(tx, [
        {
          kind: 'spike',
          conditionKey: 'office-rules-audit',
          siteId: world.sub.site,
          analyteCode: 'METH',
          roundId: world.parent.round,
          roundIndex: 0,
          severity: 'high',
          detail: {},
        },
      ]);
      expect(outcome.created).toBe(1);
      return (
        await tx.query<{ id: string }>(`select id from alerts where condition_key = 'office-rules-audit'`)
      ).rows[0]!.id;
    });

    // Independently: each entry's office is its actor's (the system's: the alert's site's).
    const entries = await app.db.query<{ entity_id: string; office_id: number; expected: number }>(
      `select l.entity_id, l.office_id::int,
              coalesce(u.office_id, st.office_id)::int as expected
         from audit_log l left join users u on u.id = l.actor_id
         left join alerts a on l.entity = 'alert' and a.id::text = l.entity_id
         left join sites st on st.id = a.site_id
        where (l.entity = 'user' and l.entity_id like 'audit-%') or (l.entity = 'alert' and l.entity_id = $1)
        order by l.entity_id`,
      [String(alertId)],
    );
    expect(entries.rows.map((e) => [e.entity_id, e.office_id])).toEqual([
      [String(alertId), world.sub.officeId],
      ['audit-own', world.own.officeId],
      ['audit-parent', world.parent.officeId],
      ['audit-sibling', world.sibling.officeId],
      ['audit-sub', world.sub.officeId],
    ]);
    for (const e of entries.rows) expect(e.office_id).toBe(e.expected);

    const seen = async (username: string) => {
      const reply = await (await app.client(username)).get('/api/audit?limit=10000');
      expect(reply.status).toBe(200);
      const mine = reply.body.filter(
        (e: { entity: string; entityId: string }) =>
          (e.entity === 'user' && e.entityId.startsWith('audit-')) ||
          (e.entity === 'alert' && e.entityId === String(alertId)),
      );
      return mine.map((e: { entityId: string }) => e.entityId).sort();
    };
    expect(await seen('haikou-admin')).toEqual([String(alertId), 'audit-own', 'audit-sub'].sort());
    expect(await seen('qiongshan-admin')).toEqual([String(alertId), 'audit-sub'].sort());
    expect(await seen('dongfang-admin')).toEqual(['audit-sibling']);
    expect(await seen('admin')).toEqual(
      [String(alertId), 'audit-own', 'audit-parent', 'audit-sibling', 'audit-sub'].sort(),
    );
    const alert = await app.db.query<{ office_id: number }>(
      `select office_id::int from alerts where id = $1`,
      [alertId],
    );
    expect(alert.rows[0]!.office_id).toBe(world.sub.officeId);
  });
});
