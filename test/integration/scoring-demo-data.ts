import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db, Queryable } from '@skywater/core/db/db';
import { enqueueInTransaction } from '@skywater/core/outbox/outbox';
import { insertArea } from '../../server/src/places/areas';
import { insertSite, type SiteKind } from '../../server/src/places/sites';

/**
 * Test helper of the scoring tests: the demo's places and lab results (samples/data) written
 * straight in SQL, independent of the lab import, with the outbox jobs an import writes (one
 * score-series per touched series, one score-round per touched round).
 */
const DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../samples/data');
const readJson = <T>(name: string): T => JSON.parse(fs.readFileSync(path.join(DATA, name), 'utf8')) as T;

const ZH_HEADERS: Record<string, string> = {
  采样点编码: 'site_code',
  轮次: 'round',
  样品编号: 'sample_id',
  采样开始时间: 'collected_start',
  采样结束时间: 'collected_end',
  日流量: 'flow_m3_per_day',
  '日流量(m³/d)': 'flow_m3_per_day',
  服务人口: 'population',
  检测项目: 'analyte',
  浓度: 'value',
  检出限: 'lod',
  定量限: 'loq',
};

export async function loadDemoPlaces(db: Db): Promise<{ areaIdByCity: Map<string, number> }> {
  return db.transaction(async (tx) => {
    const areaIdByCity = new Map<string, number>();
    const areas = readJson<{
      features: Array<{ properties: { name: string; city: string }; geometry: any }>;
    }>('areas.geojson');
    for (const a of areas.features)
      areaIdByCity.set(a.properties.city, await insertArea(tx, { ...a.properties, geometry: a.geometry }));
    const sites = readJson<{
      features: Array<{ properties: any; geometry: { coordinates: [number, number] } }>;
    }>('sites.geojson');
    for (const s of sites.features) {
      await insertSite(tx, {
        code: s.properties.code,
        name: s.properties.name,
        kind: s.properties.kind as SiteKind,
        lon: s.geometry.coordinates[0],
        lat: s.geometry.coordinates[1],
        populationServed: s.properties.populationServed,
        areaId: areaIdByCity.get(s.properties.city) ?? null,
        district: s.properties.district,
      });
    }
    const rounds = readJson<Array<{ name: string; startsOn: string; endsOn: string }>>('rounds.json');
    for (const r of rounds)
      await tx.query(`insert into rounds (name, starts_on, ends_on) values ($1, $2, $3)`, [
        r.name,
        r.startsOn,
        r.endsOn,
      ]);
    return { areaIdByCity };
  });
}

/** Round n's CSV (1-6 in lab-results, 7 in next-round) as objects with English keys. */
export function readDemoRound(n: number): Record<string, string>[] {
  const file = n <= 6 ? `lab-results/round-${n}.csv` : `next-round/round-${n}.csv`;
  const lines = fs
    .readFileSync(path.join(DATA, file), 'utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/);
  const header = lines[0]!.split(',').map((h) => ZH_HEADERS[h.trim()] ?? h.trim());
  return lines.slice(1).map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(header.map((h, i) => [h, cells[i]!.trim()]));
  });
}

/** Writes one demo round's samples and measurements and the scoring jobs, like an import. */
export async function importDemoRound(db: Db, n: number): Promise<void> {
  const rows = readDemoRound(n);
  await db.transaction(async (tx) => {
    const { rows: batch } = await tx.query<{ id: number }>(
      `insert into import_batches (file_sha256, file_name, format, status, rows_total, rows_imported)
       values (encode(sha256(convert_to($1, 'UTF8')), 'hex'), $1, 'demo', 'imported', $2, $2) returning id`,
      [`scoring-test-round-${n}`, rows.length],
    );
    const batchId = batch[0]!.id;
    await insertRows(tx, rows, batchId);
    await enqueueScoringJobs(tx, batchId);
  });
}

async function insertRows(tx: Queryable, rows: Record<string, string>[], batchId: number) {
  const payload = rows.map((r) => {
    const v = r.value!;
    const qualifier =
      v === 'ND' || v === '未检出' ? 'ND' : v === '<LOQ' ? '<LOQ' : v === '<LOD' ? '<LOD' : '=';
    return {
      site_code: r.site_code,
      round: r.round,
      sample_id: r.sample_id,
      collected_start: `${r.collected_start}:00+08:00`,
      collected_end: `${r.collected_end}:00+08:00`,
      flow: Number(r.flow_m3_per_day),
      population: Number(r.population),
      analyte: r.analyte,
      qualifier,
      value: qualifier === '=' ? Number(v) : null,
      lod: Number(r.lod),
      loq: Number(r.loq),
    };
  });
  await tx.query(
    `insert into samples (site_id, round_id, lab_sample_id, collected_start, collected_end, collection_type,
       flow_m3_per_day, population, batch_id)
     select distinct st.id, ro.id, x.sample_id, x.collected_start, x.collected_end,
            case when st.kind = 'wwtp' then 'composite_flow' else 'composite_time' end, x.flow, x.population, $2::bigint
       from jsonb_to_recordset($1::jsonb) as x(site_code text, round text, sample_id text, collected_start timestamptz,
              collected_end timestamptz, flow double precision, population integer)
       join sites st on st.code = x.site_code join rounds ro on ro.name = x.round`,
    [JSON.stringify(payload), batchId],
  );
  await tx.query(
    `insert into measurements (sample_id, analyte_code, qualifier, value_ng_l, lod_ng_l, loq_ng_l, batch_id)
     select s.id, x.analyte, x.qualifier, x.value, x.lod, x.loq, $2::bigint
       from jsonb_to_recordset($1::jsonb) as x(site_code text, round text, sample_id text, analyte text,
              qualifier text, value double precision, lod double precision, loq double precision)
       join sites st on st.code = x.site_code join rounds ro on ro.name = x.round
       join samples s on s.site_id = st.id and s.round_id = ro.id and s.lab_sample_id = x.sample_id`,
    [JSON.stringify(payload), batchId],
  );
}

/** The import contract: one score-series per touched series, one score-round per touched round. */
export async function enqueueScoringJobs(tx: Queryable, batchId: number): Promise<void> {
  const series = await tx.query<{ site_id: number; analyte_code: string }>(
    `select distinct s.site_id, m.analyte_code from measurements m join samples s on s.id = m.sample_id
      where m.batch_id = $1`,
    [batchId],
  );
  for (const s of series.rows) {
    await enqueueInTransaction(tx, {
      queue: 'scoring',
      name: 'score-series',
      jobId: `score-series-${s.site_id}-${s.analyte_code}-${batchId}`,
      dedupId: `series:${s.site_id}:${s.analyte_code}`,
      data: { siteId: s.site_id, analyteCode: s.analyte_code, batchId },
    });
  }
  const rounds = await tx.query<{ round_id: number }>(
    `select distinct round_id from samples where batch_id = $1`,
    [batchId],
  );
  for (const r of rounds.rows) {
    await enqueueInTransaction(tx, {
      queue: 'hotspots',
      name: 'score-round',
      jobId: `score-round-${r.round_id}-${batchId}`,
      dedupId: `round:${r.round_id}`,
      data: { roundId: r.round_id, batchId },
    });
  }
}

/** Waits until the outbox is relayed and every scoring and hotspots job has finished. */
export async function waitForScoring(
  app: { services: { relay: { relayOnce(): Promise<number> }; queues: { get(name: any): any } } },
  timeoutMs = 90_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await app.services.relay.relayOnce();
    // The nightly scheduler keeps one delayed `rescore-all`: not work in progress.
    const jobs = await Promise.all(
      ['scoring', 'hotspots'].map((q) =>
        app.services.queues.get(q).getJobs(['waiting', 'active', 'delayed', 'prioritized'], 0, 1000),
      ),
    );
    const pending = jobs.flat().filter((j: { name: string }) => j && j.name !== 'rescore-all').length;
    const failed = await Promise.all(
      ['scoring', 'hotspots'].map((q) => app.services.queues.get(q).getJobs(['failed', 'delayed'], 0, 5)),
    );
    const broken = failed.flat().find((j: { failedReason?: string }) => j.failedReason);
    if (broken) throw new Error(`scoring job ${broken.name} ${broken.id} failed: ${broken.failedReason}`);
    if (pending === 0) return;
    if (Date.now() > deadline)
      throw new Error(`scoring jobs still pending after ${timeoutMs} ms: ${pending}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
