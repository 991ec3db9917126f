import type { Queryable } from '@skywater/core/db/db';
import type { CollectionType } from '@skywater/core/wastewater/collection-type';
import type { LabMeasurementRow } from '@skywater/core/wastewater/lab-rows';
import type { Qualifier } from '@skywater/core/wastewater/lab-value';
import type { SampleFields } from '@skywater/core/wastewater/stored-result-comparison';
import { numberArrayLiteral as numbers, textArrayLiteral as texts } from './pg-array-literal';

/**
 * The SQL of a lab import, a chunk of rows at a time: multi-row INSERTs over `unnest` arrays
 * (one round trip per chunk on both backends), `on conflict do nothing` so a stored row is never
 * overwritten, then a read of what was already there to tell "identical" from "conflict".
 */

export interface StoredSample extends SampleFields {
  id: number;
  batchId: number | null;
}

export const sampleKey = (siteId: unknown, roundId: unknown, labSampleId: string) =>
  `${String(siteId)}\u001f${String(roundId)}\u001f${labSampleId}`;

/** Inserts the samples not yet stored; returns the ones this call created, by key. */
export async function insertNewSamples(
  tx: Queryable,
  batchId: number,
  rows: readonly LabMeasurementRow[],
): Promise<Map<string, StoredSample>> {
  const { rows: inserted } = await tx.query<{
    id: number;
    site_id: number;
    round_id: number;
    lab_sample_id: string;
  }>(
    `insert into samples (site_id, round_id, lab_sample_id, collected_start, collected_end, collection_type,
       flow_m3_per_day, population, population_source, batch_id)
     select s, r, l, cs, ce, ct, f, p, case when p is null then null else 'lab_file' end, $9
     from unnest($1::bigint[], $2::bigint[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::text[],
                 $7::float8[], $8::int[]) as t(s, r, l, cs, ce, ct, f, p)
     on conflict (site_id, round_id, lab_sample_id) do nothing
     returning id, site_id, round_id, lab_sample_id`,
    [
      numbers(rows.map((r) => Number(r.siteId))),
      numbers(rows.map((r) => Number(r.roundId))),
      texts(rows.map((r) => r.sampleId)),
      texts(rows.map((r) => r.collectedStart.toISOString())),
      texts(rows.map((r) => r.collectedEnd.toISOString())),
      texts(rows.map((r) => r.collectionType)),
      numbers(rows.map((r) => r.flowM3PerDay)),
      numbers(rows.map((r) => (r.population === null ? null : Math.round(r.population)))),
      batchId,
    ],
  );
  const byKey = new Map(rows.map((r) => [sampleKey(r.siteId, r.roundId, r.sampleId), r]));
  const created = new Map<string, StoredSample>();
  for (const s of inserted) {
    const key = sampleKey(s.site_id, s.round_id, s.lab_sample_id);
    const row = byKey.get(key)!;
    created.set(key, {
      id: s.id,
      batchId,
      collectedStart: row.collectedStart,
      collectedEnd: row.collectedEnd,
      collectionType: row.collectionType,
      flowM3PerDay: row.flowM3PerDay,
      population: row.population === null ? null : Math.round(row.population),
    });
  }
  return created;
}

/** The stored samples among these keys. */
export async function selectSamples(
  tx: Queryable,
  keys: readonly { siteId: unknown; roundId: unknown; sampleId: string }[],
): Promise<Map<string, StoredSample>> {
  if (keys.length === 0) return new Map();
  const { rows } = await tx.query<{
    id: number;
    site_id: number;
    round_id: number;
    lab_sample_id: string;
    collected_start: Date;
    collected_end: Date;
    collection_type: CollectionType;
    flow_m3_per_day: number | null;
    population: number | null;
    batch_id: number | null;
  }>(
    `select s.id, s.site_id, s.round_id, s.lab_sample_id, s.collected_start, s.collected_end, s.collection_type,
            s.flow_m3_per_day, s.population, s.batch_id
     from samples s
     join unnest($1::bigint[], $2::bigint[], $3::text[]) as k(site_id, round_id, lab_sample_id)
       on s.site_id = k.site_id and s.round_id = k.round_id and s.lab_sample_id = k.lab_sample_id`,
    [
      numbers(keys.map((k) => Number(k.siteId))),
      numbers(keys.map((k) => Number(k.roundId))),
      texts(keys.map((k) => k.sampleId)),
    ],
  );
  return new Map(
    rows.map((s) => [
      sampleKey(s.site_id, s.round_id, s.lab_sample_id),
      {
        id: s.id,
        batchId: s.batch_id,
        collectedStart: new Date(s.collected_start),
        collectedEnd: new Date(s.collected_end),
        collectionType: s.collection_type,
        flowM3PerDay: s.flow_m3_per_day,
        population: s.population,
      },
    ]),
  );
}

export interface MeasurementToInsert {
  sampleDbId: number;
  row: LabMeasurementRow;
}

/** Inserts measurements not yet stored; returns how many went in. */
export async function insertMeasurements(
  tx: Queryable,
  batchId: number,
  items: readonly MeasurementToInsert[],
): Promise<number> {
  if (items.length === 0) return 0;
  const { rowCount } = await tx.query(
    `insert into measurements (sample_id, analyte_code, replicate, qualifier, value_ng_l, lod_ng_l, loq_ng_l,
       uloq_ng_l, method, lab, recovery_pct, batch_id)
     select t.*, $12::bigint
     from unnest($1::bigint[], $2::text[], $3::int[], $4::text[], $5::float8[], $6::float8[], $7::float8[],
                 $8::float8[], $9::text[], $10::text[], $11::float8[]) as t
     on conflict (sample_id, analyte_code, replicate) do nothing`,
    [
      numbers(items.map((i) => i.sampleDbId)),
      texts(items.map((i) => i.row.analyteCode)),
      numbers(items.map((i) => i.row.replicate)),
      texts(items.map((i) => i.row.qualifier)),
      numbers(items.map((i) => i.row.valueNgL)),
      numbers(items.map((i) => i.row.lodNgL)),
      numbers(items.map((i) => i.row.loqNgL)),
      numbers(items.map((i) => i.row.uloqNgL)),
      texts(items.map((i) => i.row.method)),
      texts(items.map((i) => i.row.lab)),
      numbers(items.map((i) => i.row.recoveryPct)),
      batchId,
    ],
  );
  return rowCount;
}

export interface StoredResult {
  id: number;
  qualifier: Qualifier;
  valueNgL: number | null;
}

export const measurementKeyOf = (sampleDbId: number, analyteCode: string, replicate: number) =>
  `${sampleDbId}\u001f${analyteCode}\u001f${replicate}`;

/** Results among these keys that were stored before this batch. */
export async function selectResultsStoredBefore(
  tx: Queryable,
  batchId: number,
  items: readonly MeasurementToInsert[],
): Promise<Map<string, StoredResult>> {
  const { rows } = await tx.query<{
    id: number;
    sample_id: number;
    analyte_code: string;
    replicate: number;
    qualifier: Qualifier;
    value_ng_l: number | null;
  }>(
    `select m.id, m.sample_id, m.analyte_code, m.replicate, m.qualifier, m.value_ng_l
     from measurements m
     join unnest($1::bigint[], $2::text[], $3::int[]) as k(sample_id, analyte_code, replicate)
       on m.sample_id = k.sample_id and m.analyte_code = k.analyte_code and m.replicate = k.replicate
     where m.batch_id is distinct from $4`,
    [
      numbers(items.map((i) => i.sampleDbId)),
      texts(items.map((i) => i.row.analyteCode)),
      numbers(items.map((i) => i.row.replicate)),
      batchId,
    ],
  );
  return new Map(
    rows.map((m) => [
      measurementKeyOf(m.sample_id, m.analyte_code, m.replicate),
      { id: m.id, qualifier: m.qualifier, valueNgL: m.value_ng_l },
    ]),
  );
}
