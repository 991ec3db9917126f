import { VectorTile } from '@mapbox/vector-tile';
import Protobuf from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@skywater/core/log/logger';
import { updateCoverage } from '@skywater/workers/survey/update-coverage';
import { startTestApp, type TestApp, type TestClient } from '../support/test-app';
import { createArea, rectangle } from './survey-helpers';

// Archiving a survey area (it leaves lists, gap tiles and coverage jobs, keeps its data) and
// closing a sampling round (it takes no more results), through the real API on the real database.

let app: TestApp;
let admin: TestClient;

beforeAll(async () => {
  app = await startTestApp({ mode: 'server' });
  admin = await app.client('admin');
}, 300_000);
afterAll(() => app?.close());

/** The z/x/y tile holding a lon/lat point. */
function tileOf(lon: number, lat: number, z: number) {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const rad = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return { z, x, y };
}

async function gapAreaIds(client: TestClient, lon: number, lat: number): Promise<number[]> {
  const t = tileOf(lon, lat, 12);
  const reply = await client.get(`/tiles/gaps/${t.z}/${t.x}/${t.y}.pbf`);
  expect(reply.status).toBe(200);
  const layer = new VectorTile(new Protobuf(reply.body as Buffer)).layers.gaps;
  const ids: number[] = [];
  for (let i = 0; i < (layer?.length ?? 0); i++) ids.push(Number(layer!.feature(i).properties.areaId));
  return ids;
}

async function runCoverageJob(areaId?: number): Promise<Record<string, unknown>> {
  const job = { data: areaId === undefined ? {} : { areaId } } as Parameters<typeof updateCoverage>[0];
  const context = { db: app.db, log: createLogger('silent') } as Parameters<typeof updateCoverage>[1];
  return (await updateCoverage(job, context)) as Record<string, unknown>;
}

const gridBuilt = async (areaId: number) =>
  (
    await app.db.query<{ built: boolean }>(
      'select grid_created_at is not null as built from survey_areas where id = $1',
      [areaId],
    )
  ).rows[0]!.built;

describe('archiving a survey area', () => {
  it('takes it out of the list, the gap tiles and the coverage jobs, keeps its data, and restores it', async () => {
    const areaId = await createArea(admin, '待归档区域', rectangle(110.61, 19.61, 110.63, 19.63));
    const pilot = await app.client('pilot');
    expect(await gapAreaIds(pilot, 110.62, 19.62)).toContain(areaId);

    const before = await app.db.query('select count(*)::int as n from audit_log');
    const noReason = await admin.post(`/api/areas/${areaId}/archive`, {});
    expect(noReason.status).toBe(400);
    expect((await app.db.query('select count(*)::int as n from audit_log')).rows).toEqual(before.rows);
    expect((await pilot.post(`/api/areas/${areaId}/archive`, { reason: 'x' })).status).toBe(403);

    const archived = await admin.post(`/api/areas/${areaId}/archive`, { reason: '项目结束' });
    expect(archived.status).toBe(200);
    expect(archived.body.archivedAt).not.toBeNull();
    expect((await admin.post(`/api/areas/${areaId}/archive`, { reason: 'again' })).status).toBe(409);

    const listed = (await pilot.get('/api/areas')).body as { id: number }[];
    expect(listed.map((a) => a.id)).not.toContain(areaId);
    const all = (await pilot.get('/api/areas?archived=include')).body as { id: number }[];
    expect(all.map((a) => a.id)).toContain(areaId);
    const only = (await pilot.get('/api/areas?archived=only')).body as { id: number }[];
    expect(only.map((a) => a.id)).toEqual([areaId]);
    expect((await pilot.get('/api/areas?archived=maybe')).status).toBe(400);
    // The area itself is still readable, with its geometry.
    const one = await pilot.get(`/api/areas/${areaId}`);
    expect(one.status).toBe(200);
    expect(one.body.geometry.type).toMatch(/Polygon/);

    expect(await gapAreaIds(pilot, 110.62, 19.62)).not.toContain(areaId);
    // Its coverage job (and the sweep) leave it alone: its grid is not built while archived.
    expect(Object.keys(await runCoverageJob(areaId))).toEqual([]);
    expect(Object.keys(await runCoverageJob())).not.toContain(String(areaId));
    expect(await gridBuilt(areaId)).toBe(false);

    const audit = await app.db.query<{ after: { reason: string; archivedAt: string | null } }>(
      `select after from audit_log where entity = 'survey_area' and entity_id = $1 order by id`,
      [String(areaId)],
    );
    expect(audit.rows.map((r) => r.after.reason)).toEqual([undefined, '项目结束']);

    const restored = await admin.post(`/api/areas/${areaId}/restore`, { reason: '复飞' });
    expect(restored.status).toBe(200);
    expect(restored.body.archivedAt).toBeNull();
    expect((await admin.post(`/api/areas/${areaId}/restore`, { reason: 'again' })).status).toBe(409);
    expect(((await pilot.get('/api/areas')).body as { id: number }[]).map((a) => a.id)).toContain(areaId);
    expect(Object.keys(await runCoverageJob(areaId))).toEqual([String(areaId)]);
    expect(await gridBuilt(areaId)).toBe(true);
    expect(await gapAreaIds(pilot, 110.62, 19.62)).toContain(areaId);
  });

  it('answers 404 for an unknown area and changes nothing', async () => {
    expect((await admin.post('/api/areas/987654/archive', { reason: 'x' })).status).toBe(404);
  });
});

describe('closing a sampling round', () => {
  const header =
    'site_code,round,sample_id,collected_start,collected_end,collection_type,flow_m3_per_day,population,analyte,value,unit,lod,loq,lab,method,replicate';
  const line = (round: string) =>
    `CL-WWTP-1,${round},CL-S-1,2025-04-01 08:00,2025-04-02 08:00,composite_flow,100000,,METH,200,ng/L,0.5,1,Hainan lab,SPE-LC-MS/MS,1`;
  async function importRound(client: TestClient, round: string) {
    const form = new FormData();
    form.append('file', new Blob([`${header}\n${line(round)}\n`]), 'close.csv');
    return client.post('/api/lab/imports?dryRun=true', form);
  }

  it('closes with a reason (audited); a closed round refuses rows with round_closed', async () => {
    await admin.post('/api/sites', {
      code: 'CL-WWTP-1',
      name: '关闭测试污水厂',
      kind: 'wwtp',
      lon: 110.3,
      lat: 20.0,
      populationServed: 300_000,
    });
    const lab = await app.client('lab');
    const round = await lab.post('/api/rounds', {
      name: 'CL-R1',
      startsOn: '2025-04-01',
      endsOn: '2025-04-07',
    });
    expect(round.status).toBe(201);
    expect(round.body.closedAt).toBeNull();
    const open = await importRound(lab, 'CL-R1');
    expect(open.status).toBe(200);
    expect(open.body.errors).toEqual([]);

    expect((await lab.post(`/api/rounds/${round.body.id}/close`, {})).status).toBe(400);
    expect(
      (await (await app.client('pilot')).post(`/api/rounds/${round.body.id}/close`, { reason: 'x' })).status,
    ).toBe(403);
    const listedOpen = (
      (await lab.get('/api/rounds')).body as { id: number; closedAt: string | null }[]
    ).find((r) => r.id === round.body.id);
    expect(listedOpen?.closedAt).toBeNull();

    const closed = await lab.post(`/api/rounds/${round.body.id}/close`, { reason: '本轮样品全部报出' });
    expect(closed.status).toBe(200);
    expect(closed.body.closedAt).not.toBeNull();
    expect((await lab.post(`/api/rounds/${round.body.id}/close`, { reason: 'again' })).status).toBe(409);
    expect((await lab.post('/api/rounds/987654/close', { reason: 'x' })).status).toBe(404);
    const audit = await app.db.query<{ after: { reason: string } }>(
      `select after from audit_log where entity = 'round' and entity_id = $1 and action = 'update'`,
      [String(round.body.id)],
    );
    expect(audit.rows.map((r) => r.after.reason)).toEqual(['本轮样品全部报出']);

    // The dry run reports what an import would refuse: the row, with round_closed.
    const refused = await importRound(lab, 'CL-R1');
    expect(refused.body.rowsValid).toBe(0);
    expect(refused.body.rowsRejected).toBe(1);
    expect(refused.body.errors.map((e: { code: string }) => e.code)).toEqual(['round_closed']);
  });
});
