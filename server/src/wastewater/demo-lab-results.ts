import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '@skywater/core/db/db';
import type { Logger } from '@skywater/core/log/logger';
import { DEFAULT_MAX_UPLOAD_BYTES } from '@skywater/core/wastewater/lab-file';
import { importLabResults } from './lab-import';
import type { LabImportReport } from './lab-import-types';
import { labFileSource } from './lab-file-source';

/**
 * Imports the demo lab results (`round-N.csv` or `N-….csv`, in N's order: `samples/data/lab-results`,
 * `samples/data/qionghai/lab-results`) through the same
 * use-case as a user's upload, as the actor `system`. Idempotent: each file's content hash makes
 * a second run answer `duplicate` and write nothing. A refused file is logged, not thrown, so
 * a demo start is never blocked by its sample data.
 */
export async function importDemoLabResults(db: Db, log: Logger, dir: string): Promise<LabImportReport[]> {
  if (!fs.existsSync(dir)) return [];
  const files = fs
    .readdirSync(dir)
    .filter((name) => /^(round-)?\d+[\w-]*\.csv$/.test(name))
    .sort((a, b) => Number(a.match(/\d+/)![0]) - Number(b.match(/\d+/)![0]));
  const reports: LabImportReport[] = [];
  for (const name of files) {
    const started = performance.now();
    const source = await labFileSource(
      { path: path.join(dir, name), fileName: name },
      DEFAULT_MAX_UPLOAD_BYTES,
    );
    const report = await importLabResults(db, source, { actor: null });
    reports.push(report);
    const entry = {
      file: name,
      status: report.status,
      rowsImported: report.rowsImported,
      ms: Math.round(performance.now() - started),
    };
    if (report.status === 'rejected')
      log.warn({ ...entry, errors: report.errors.slice(0, 5) }, 'demo lab results refused');
    else if (report.status === 'imported') log.info(entry, 'demo lab results imported');
  }
  return reports;
}
