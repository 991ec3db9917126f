import { apiRequest } from './http-client';
import { postFormWithProgress, type UploadOptions } from './upload-with-progress';

export type LabImportStatus = 'imported' | 'duplicate' | 'rejected' | 'checked';

/** One problem in an uploaded file: the data row (1 = first row under the header) and column. */
export interface LabRowError {
  row: number | null;
  column: string | null;
  code: string;
  message: string;
  /** The same in Chinese, for lab technicians (core/src/wastewater/lab-error-messages.ts). */
  messageZh?: string;
  value?: unknown;
}

/** The validation report of `POST /api/lab/imports` (docs/api-contract.md, "Wastewater"). */
export interface LabImportReport {
  status: LabImportStatus;
  rowsTotal: number;
  rowsImported: number;
  errors: LabRowError[];
  message?: string;
  messageZh?: string;
  batchId?: number | string;
  /** Rows identical to stored results: not errors, not written again. */
  rowsUnchanged?: number;
  /** More problems were found than the report lists. */
  errorsTruncated?: boolean;
  /** Rows that passed every check (would be written in `valid-only` mode). */
  rowsValid?: number;
  rowsRejected?: number;
  /** Not errors (e.g. an unknown column, ignored). */
  notices?: LabRowError[];
  mode?: 'all_or_nothing' | 'valid_only';
  dryRun?: boolean;
  /** A dry run's token: `commitLabDryRun` imports the checked rows without sending the file again. */
  dryRunToken?: string;
  dryRunExpiresAt?: string;
}

/** How a file is imported: all its rows or none (default), or only the rows without problems. */
export type LabImportMode = 'all-or-nothing' | 'valid-only';

/** An import batch as `GET /api/lab/imports` lists it. */
export interface LabImportBatch {
  id: number;
  fileName: string;
  format: string;
  status: string;
  mode: string | null;
  rowsTotal: number;
  rowsImported: number;
  rowsUnchanged: number | null;
  rowsRejected: number | null;
  uploadedBy: string | null;
  createdAt: string;
  finishedAt?: string | null;
  /** `GET /api/lab/imports/:id` only: the validation report as stored. */
  report?: Partial<LabImportReport> | null;
}

export function fetchLabImports(signal?: AbortSignal): Promise<LabImportBatch[]> {
  return apiRequest<LabImportBatch[]>('/api/lab/imports', { signal });
}

export function fetchLabImport(id: number, signal?: AbortSignal): Promise<LabImportBatch> {
  return apiRequest<LabImportBatch>(`/api/lab/imports/${id}`, { signal });
}

export const labTemplateCsvUrl = '/api/lab/template.csv';
export const labTemplateXlsxUrl = '/api/lab/template.xlsx';

/** The upload URL: `dryRun` only checks (nothing written); `valid-only` writes the rows without problems. */
export function labImportUrl(dryRun: boolean, mode: LabImportMode = 'all-or-nothing'): string {
  const params = new URLSearchParams();
  if (dryRun) params.set('dryRun', 'true');
  if (mode === 'valid-only') params.set('mode', 'valid-only');
  const query = params.toString();
  return `/api/lab/imports${query ? `?${query}` : ''}`;
}

/** Sends a CSV or XLSX file: with `dryRun` only checked (nothing written), else imported. */
export function uploadLabFile(
  file: File,
  dryRun: boolean,
  options: UploadOptions & { mode?: LabImportMode } = {},
): Promise<LabImportReport> {
  const form = new FormData();
  form.append('file', file, file.name);
  return postFormWithProgress<LabImportReport>(labImportUrl(dryRun, options.mode), form, {
    ...options,
    isAnswer: isLabReport,
  });
}

/**
 * Imports the rows a dry run checked, by its token: the file is not sent again. Refused with 404
 * (unknown), 409 (already imported) or 422 `dry_run_expired`: then send the file itself.
 */
export function commitLabDryRun(
  token: string,
  mode: LabImportMode = 'all-or-nothing',
): Promise<LabImportReport> {
  const params = new URLSearchParams({ dryRunToken: token });
  if (mode === 'valid-only') params.set('mode', 'valid-only');
  return postFormWithProgress<LabImportReport>(`/api/lab/imports?${params.toString()}`, new FormData(), {
    isAnswer: isLabReport,
  });
}

/** A rejected file is answered 422 with its report, not with an error body. */
export function isLabReport(status: number, body: unknown): boolean {
  return (
    status === 422 &&
    typeof body === 'object' &&
    body !== null &&
    'status' in body &&
    Array.isArray((body as { errors?: unknown }).errors)
  );
}

/** The Chinese text of a whole-file refusal (`details.messageZh`), when the server sent one. */
export function chineseMessageOf(details: unknown): string | undefined {
  if (typeof details !== 'object' || details === null || Array.isArray(details)) return undefined;
  const text = (details as { messageZh?: unknown }).messageZh;
  return typeof text === 'string' ? text : undefined;
}

/** Reads a report out of a refused upload's error details, when the server put one there. */
export function reportFromErrorDetails(details: unknown): LabRowError[] {
  if (!Array.isArray(details)) return [];
  return details
    .filter((detail): detail is Record<string, unknown> => typeof detail === 'object' && detail !== null)
    .map((detail) => ({
      row: typeof detail.row === 'number' ? detail.row : null,
      column: typeof detail.column === 'string' ? detail.column : null,
      code: typeof detail.code === 'string' ? detail.code : 'invalid',
      message: typeof detail.message === 'string' ? detail.message : JSON.stringify(detail),
      messageZh: typeof detail.messageZh === 'string' ? detail.messageZh : undefined,
    }));
}
