import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { readLabFile } from '@skywater/core/wastewater/lab-file';

/**
 * Memory of reading an uploaded XLSX: generated workbooks of 5,000 rows (a real lab file is
 * smaller) and 150,000 rows (~80 MB of sheet XML in ~8.6 MB), each read through `readLabFile` as
 * an import does. Prints the peak RSS above the start (sampled every 10 ms) and the outcome:
 * rows read, or the refusal. XLSX_MEMORY_BENCH_ROWS=n,m sets the sizes.
 */
const sizes = (process.env.XLSX_MEMORY_BENCH_ROWS ?? '5000,150000').split(',').map(Number);

async function writeWorkbook(rows: number, file: string) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
  const sheet = workbook.addWorksheet('results');
  sheet
    .addRow(['site_code', 'round', 'sample_id', 'collected_start', 'collected_end', 'collection_type'])
    .commit();
  for (let i = 0; i < rows; i++) {
    sheet
      .addRow([
        'S1',
        'R1',
        `L${i}`,
        '2025-01-02 08:00',
        '2025-01-03 08:00',
        'composite_flow',
        1000,
        'METH',
        i,
      ])
      .commit();
  }
  await sheet.commit();
  await workbook.commit();
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xlsx-memory-'));
try {
  for (const rows of sizes) {
    const file = path.join(dir, `${rows}.xlsx`);
    await writeWorkbook(rows, file);
    globalThis.gc?.();
    const start = process.memoryUsage().rss;
    let peak = start;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    const started = performance.now();
    let outcome: string;
    try {
      let read = 0;
      for await (const _row of readLabFile(fs.createReadStream(file), { maxBytes: 100 * 1024 * 1024 }))
        read++;
      outcome = `${read} rows read`;
    } catch (error) {
      outcome = `refused: ${(error as Error).message}`;
    }
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
    console.log(
      `${rows} rows, ${mb(fs.statSync(file).size)} MB file: peak RSS +${mb(peak - start)} MB, ` +
        `${Math.round(performance.now() - started)} ms; ${outcome.slice(0, 160)}`,
    );
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
