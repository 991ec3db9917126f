import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { ValidationError } from '@skywater/core/errors/app-error';
import { createDuplicateChecker } from '@skywater/core/wastewater/duplicate-checker';
import { LabFileError } from '@skywater/core/wastewater/lab-file-error';
import { detectTextEncoding, sniffFileKind } from '@skywater/core/wastewater/lab-file';
import { labRowError, type LabRowError } from '@skywater/core/wastewater/lab-error-messages';
import { measurementKey, parseLabRecord, type LabRowContext } from '@skywater/core/wastewater/lab-rows';
import { mapPhesOdm, type OdmRow, type OdmUnmapped } from '@skywater/core/wastewater/phes-odm';
import { templateHeaderMap } from '@skywater/core/wastewater/lab-template';
import type { LabValidationEvent } from '@skywater/core/wastewater/lab-validation';
import iconv from 'iconv-lite';
import type { LabImportSource } from './lab-import-types';

export interface OdmFiles {
  samples: { path: string; sha256: string; bytes: number; fileName: string };
  measures: { path: string; sha256: string; bytes: number; fileName: string };
  sites?: { path: string; sha256: string; bytes: number; fileName: string };
}

/** An unmapped ODM row as reported: which table and row, which field, what it held, why. */
export interface ReportedUnmapped extends OdmUnmapped {
  message: string;
}

/**
 * PHES-ODM v2 samples + measures (+ sites for the population) as an import source: core's
 * `mapPhesOdm` turns them into template records, which then take the same checks and the same
 * import path as a lab upload (rows are the measures table's rows, and the sites table's rows
 * that name no site of the uploader's offices: refused as unknown sites, as a lab file's rows;
 * an import creates no site, an admin places sites). Rows that do not map (other
 * measures, other materials) are not errors: they are listed in `unmapped`.
 * ODM tables are read whole (they are small exports: mapPhesOdm joins samples to measures).
 */
export async function phesOdmSource(
  files: OdmFiles,
  roundName: string,
): Promise<{ source: LabImportSource; unmapped: ReportedUnmapped[] }> {
  const samples = await readOdmTable(files.samples.path);
  const measures = await readOdmTable(files.measures.path);
  const sites = files.sites ? await readOdmTable(files.sites.path) : undefined;
  const mapping = mapPhesOdm(samples, measures, { roundName, sites });
  const hash = createHash('sha256')
    .update('phes-odm\n')
    .update(`${files.samples.sha256}\n${files.measures.sha256}\n`);
  hash.update(`${files.sites?.sha256 ?? ''}\n${roundName}`);
  const headerMap = templateHeaderMap('en');
  const source: LabImportSource = {
    fileName: `${files.samples.fileName} + ${files.measures.fileName}`,
    sha256: hash.digest('hex'),
    bytes: files.samples.bytes + files.measures.bytes + (files.sites?.bytes ?? 0),
    format: 'phes-odm',
    async *events(context): AsyncGenerator<LabValidationEvent> {
      yield { kind: 'header', headerMap, notices: [] };
      // The sites table's sites are matched, never created: as a lab file's row naming an
      // unknown site, a sites row naming none of the uploader's offices' sites is a row error.
      for (const [index, site] of (sites ?? []).entries()) {
        const error = siteRowError(index + 2, (site.siteID ?? '').trim(), context);
        if (error) yield { kind: 'rejected', row: index + 2, errors: [error] };
      }
      const duplicates = createDuplicateChecker();
      for (const { row, record } of mapping.records) {
        const result = parseLabRecord(record, context, row);
        if (!result.ok) {
          yield { kind: 'rejected', row, errors: result.errors };
          continue;
        }
        const first = duplicates.firstRowWith(measurementKey(result.row), row);
        if (first !== undefined) {
          yield {
            kind: 'rejected',
            row,
            errors: [labRowError(row, null, 'duplicate_in_file', 'en', `same as row ${first}`)],
          };
          continue;
        }
        yield result.notices
          ? { kind: 'row', row: result.row, notices: result.notices }
          : { kind: 'row', row: result.row };
      }
    },
  };
  const unmapped = mapping.unmapped.map((u) => ({
    ...u,
    message: labRowError(u.row, `${u.table}.${u.field}`, u.code, 'en', u.found).message,
  }));
  return { source, unmapped };
}

/** A sites-table row's error: its siteID names no site, or several, of the offices the lookups cover. */
function siteRowError(row: number, code: string, context: LabRowContext): LabRowError | undefined {
  const column = 'sites.siteID';
  if (code === '') return labRowError(row, column, 'missing_value', 'en');
  const offices = context.ambiguousSite?.(code);
  if (offices !== undefined) return labRowError(row, column, 'ambiguous_site', 'en', `${code} (${offices})`);
  const siteId =
    typeof context.siteIdByCode === 'function' ? context.siteIdByCode(code) : context.siteIdByCode.get(code);
  return siteId === undefined ? labRowError(row, column, 'unknown_site', 'en', code) : undefined;
}

async function readOdmTable(filePath: string): Promise<OdmRow[]> {
  const bytes = await fs.promises.readFile(filePath);
  if (bytes.length === 0) throw new LabFileError('empty_file', undefined, 'en');
  const kind = sniffFileKind(bytes.subarray(0, 64 * 1024));
  if (kind !== 'text') throw new LabFileError('not_a_table', undefined, 'en');
  const encoding = detectTextEncoding(bytes.subarray(0, 64 * 1024));
  const text = encoding === 'utf-8' ? bytes.toString('utf8') : iconv.decode(bytes, encoding);
  try {
    return parse(text, {
      columns: true,
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as OdmRow[];
  } catch (error) {
    throw new ValidationError(`Malformed PHES-ODM CSV: ${(error as Error).message}`);
  }
}
