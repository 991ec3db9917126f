import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedReferenceData } from '../../server/src/reference/seed-reference-data';
import { importLabResults, MAX_REPORTED_ERRORS } from '../../server/src/wastewater/lab-import';
import { labFileSource } from '../../server/src/wastewater/lab-file-source';
import { createTestDb, type TestDb } from '../support/test-db';

// Files larger than one chunk of the import (10,000 rows are staged, checked and written at a
// time): checks that span chunks, the report's order and bound, and COPY's text escaping.

let t: TestDb;
let dir: string;

const HEADER =
  'site_code,round,sample_id,collected_start,collected_end,collection_type,flow_m3_per_day,analyte,value,unit,lab,replicate';
const ANALYTES = ['METH', 'AMP', 'MDMA', 'KET', 'BE'];

/** `samples` samples × 5 analytes × 4 replicates in round C-R1; `change` may rewrite a row. */
function bigCsv(samples: number, change: (row: number, cells: string[]) => string[] = (_, c) => c): string {
  const lines = [HEADER];
  for (let s = 1; s <= samples; s++)
    for (const analyte of ANALYTES)
      for (let k = 1; k <= 4; k++) {
        const cells = [
          'C-1',
          'C-R1',
          `CS-${s}`,
          '2025-03-24 08:00',
          '2025-03-25 08:00',
          'composite_flow',
          '50000',
          analyte,
          String((s % 50) + k),
          'ng/L',
          'Lab\\A\tB',
          String(k),
        ];
        lines.push(change(lines.length + 1, cells).join(','));
      }
  return lines.join('\n') + '\n';
}

async function importText(text: string, options: { mode?: 'valid_only'; dryRun?: boolean } = {}) {
  const file = path.join(dir, `f-${Math.random().toString(36).slice(2)}.csv`);
  fs.writeFileSync(file, text);
  const source = await labFileSource({ path: file, fileName: 'big.csv' }, 50 * 1024 * 1024);
  return importLabResults(t.db, source, { actor: null, ...options });
}

const count = async (sql: string) => (await t.db.query<{ n: number }>(sql)).rows[0]!.n;

beforeAll(async () => {
  t = await createTestDb();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skywater-lab-chunks-'));
  await seedReferenceData(t.db);
  await t.db.query(
    `insert into sites (code, name, kind, geom, population_served)
     values ('C-1', 'chunk site', 'wwtp', st_setsrid(st_makepoint(110.2, 20.1), 4326), 200000)`,
  );
  await t.db.query(
    `insert into rounds (name, starts_on, ends_on) values ('C-R1', '2025-03-20', '2025-03-30')`,
  );
}, 120_000);
afterAll(async () => {
  await t?.cleanup();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('a lab file of several chunks', () => {
  it('calls a sample that changes after the first chunk inconsistent, in order, writing nothing', async () => {
    // 1,300 samples × 20 rows = 26,000 rows; sample CS-1 again at row 26,002 with another flow.
    const text =
      bigCsv(1_300) + 'C-1,C-R1,CS-1,2025-03-24 08:00,2025-03-25 08:00,composite_flow,1,COT,5,ng/L,x,1\n';
    const report = await importText(text, { dryRun: true });
    expect(report.status).toBe('checked');
    expect(report.rowsTotal).toBe(26_001);
    expect(report.rowsRejected).toBe(1);
    expect(report.rowsImported).toBe(26_000);
    expect(report.errors).toEqual([
      expect.objectContaining({ row: 26_002, column: 'flow_m3_per_day', code: 'inconsistent_sample' }),
    ]);
    expect(await count(`select count(*)::int as n from measurements`)).toBe(0);
  }, 120_000);

  it('imports 26,000 rows in file order with their text intact, then finds conflicts in every chunk', async () => {
    const report = await importText(bigCsv(1_300));
    expect(report).toMatchObject({
      status: 'imported',
      rowsImported: 26_000,
      rowsRejected: 0,
      seriesQueued: 5,
    });
    expect(await count(`select count(*)::int as n from samples`)).toBe(1_300);
    const first = await t.db.query<{ lab: string; analyte_code: string; replicate: number }>(
      `select lab, analyte_code, replicate from measurements order by id limit 2`,
    );
    expect(first.rows).toEqual([
      { lab: 'Lab\\A\tB', analyte_code: 'METH', replicate: 1 },
      { lab: 'Lab\\A\tB', analyte_code: 'METH', replicate: 2 },
    ]);

    // The same rows again, every 20th value changed: 1,300 conflicts across three chunks, the
    // rest unchanged; the report lists the first 1,000 lines by row and says it is truncated.
    const changed = bigCsv(1_300, (row, cells) =>
      row % 20 === 0 ? cells.map((c, i) => (i === 8 ? String(Number(c) + 1000) : c)) : cells,
    );
    const again = await importText(changed);
    expect(again.status).toBe('rejected');
    expect(again.rowsRejected).toBe(1_300);
    expect(again.rowsUnchanged).toBe(24_700);
    expect(again.errors).toHaveLength(MAX_REPORTED_ERRORS);
    expect(again.errorsTruncated).toBe(true);
    expect(again.errors.every((e) => e.code === 'conflict_with_stored' && e.measurementId)).toBe(true);
    expect(again.errors.map((e) => e.row)).toEqual(
      Array.from({ length: MAX_REPORTED_ERRORS }, (_, i) => 20 * (i + 1)),
    );

    // Valid-only: the conflicts refused (never overwritten), nothing else written again.
    const validOnly = await importText(changed, { mode: 'valid_only' });
    expect(validOnly).toMatchObject({
      status: 'imported',
      rowsImported: 0,
      rowsUnchanged: 24_700,
      rowsRejected: 1_300,
    });
    expect(await count(`select count(*)::int as n from measurements`)).toBe(26_000);
    expect(await count(`select count(*)::int as n from measurements where value_ng_l > 1000`)).toBe(0);
  }, 240_000);

  it('keeps the report of a file of bad rows bounded, by row, with exact counts', async () => {
    const text = bigCsv(600, (row, cells) => (row % 2 === 0 ? ['NOPE', ...cells.slice(1)] : cells));
    const report = await importText(text, { dryRun: true });
    expect(report.rowsTotal).toBe(12_000);
    expect(report.rowsRejected).toBe(6_000); // the unknown site's; the others are stored already
    expect(report.rowsUnchanged).toBe(6_000);
    expect(report.errors).toHaveLength(MAX_REPORTED_ERRORS);
    expect(report.errorsTruncated).toBe(true);
    const rows = report.errors.map((e) => e.row);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
    expect(rows[0]).toBe(2);
  }, 120_000);
});
