import type { JsonReply } from '@skywater/core/http/json-reply';
import type {
  ImportStatus,
  LabImportBatchDetailView,
  LabImportBatchView,
  LabImportReport as LabImportReportView,
} from '@skywater/core/wastewater/lab-import-view';
import { apiRequest } from './http-client';
import { postFormWithProgress, type UploadOptions } from './upload-with-progress';

export type LabImportStatus = ImportStatus;

/**
 * One problem in an uploaded file: the data row (1 = first row under the header) and column, as
 * the report lists it, or as read out of a whole-file refusal's details (row unknown: null).
 */
export interface LabRowError {
  row: number | null;
  column: string | null;
  code: string;
  message: string;
  /** The same in Chinese, for lab technicians (core/src/wastewater/lab-error-messages.ts). */
  messageZh?: string;
  value?: unknown;
}

/** The validation report of `POST /api/lab/imports`, as the server declares it. */
export type LabImportReport = JsonReply<LabImportReportView>;

/**
 * A report as the lab screens show it: the server's, a stored batch's (older batches kept fewer
 * fields), or one made from a whole-file refusal (its message, rows unknown).
 */
export interface ShownLabReport {
  status: LabImportStatus;
  rowsTotal: number;
  rowsImported: number;
  errors: readonly LabRowError[];
  message?: string;
  messageZh?: string;
  batchId?: number | null;
  rowsUnchanged?: number;
  errorsTruncated?: boolean;
  rowsValid?: number;
  rowsRejected?: number;
  notices?: readonly LabRowError[];
  mode?: LabImportReport['mode'];
  dryRun?: boolean;
  dryRunToken?: string;
  dryRunExpiresAt?: string;
}

/** How a file is imported: all its rows or none (default), or only the rows without problems. */
export type LabImportMode = 'all-or-nothing' | 'valid-only';

/** An import batch as `GET /api/lab/imports` lists it. */
export type LabImportBatch = JsonReply<LabImportBatchView>;
/** `GET /api/lab/imports/:id`: the batch with its stored report. */
export type LabImportBatchDetail = JsonReply<LabImportBatchDetailView>;

export function fetchLabImports(signal?: AbortSignal): Promise<LabImportBatch[]> {
  return apiRequest<LabImportBatch[]>('/api/lab/imports', { signal });
}

export function fetchLabImport(id: number, signal?: AbortSignal): Promise<LabImportBatchDetail> {
  return apiRequest<LabImportBatchDetail>(`/api/lab/imports/${id}`, { signal });
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
