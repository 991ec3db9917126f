import { parseCsvPreview } from '../wastewater/csv-preview';

/** A stored result as the lab export lists it (English headers), with the id a correction names. */
export interface ExportedResult {
  id: number;
  siteCode: string;
  roundName: string;
  sampleId: string;
  analyteCode: string;
  /** The value cell as exported: a number in ng/L, or a qualifier word (`<LOQ`, `ND`, `>5000`). */
  value: string;
  replicate: string;
}

/**
 * Reads `GET /api/lab/exports.csv?lang=en` into results; rows without an id (an older server)
 * are left out, since nothing could be corrected from them.
 */
export function parseExportedResults(csv: string): ExportedResult[] {
  const [header, ...rows] = parseCsvPreview(csv, Number.MAX_SAFE_INTEGER);
  if (!header) return [];
  const column = (name: string) => header.indexOf(name);
  const at = {
    id: column('result_id'),
    site: column('site_code'),
    round: column('round'),
    sample: column('sample_id'),
    analyte: column('analyte'),
    value: column('value'),
    replicate: column('replicate'),
  };
  if (at.id < 0) return [];
  return rows
    .filter((cells) => /^\d+$/.test(cells[at.id] ?? ''))
    .map((cells) => ({
      id: Number(cells[at.id]),
      siteCode: cells[at.site] ?? '',
      roundName: cells[at.round] ?? '',
      sampleId: cells[at.sample] ?? '',
      analyteCode: cells[at.analyte] ?? '',
      value: cells[at.value] ?? '',
      replicate: cells[at.replicate] ?? '',
    }));
}
