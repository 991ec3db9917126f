import { randomUUID } from 'node:crypto';
import type { AuditActor } from '@skywater/core/audit/audit-log';
import type { Queryable } from '@skywater/core/db/db';
import { ConflictError, NotFoundError, UnprocessableError } from '@skywater/core/errors/app-error';
import type { LabColumnKey } from '@skywater/core/wastewater/lab-template';
import type { ImportMode, LabImportFile, ReportedError } from './lab-import-types';

/** How long a dry run stays committable: long enough to read its report and decide. */
export const DRY_RUN_TTL_MINUTES = 60;

/** What the per-row checks of a file found, kept with its dry run (the store checks run again). */
export interface CheckedRows {
  headerOf: Partial<Record<LabColumnKey, string>>;
  notices: ReportedError[];
  rowsTotal: number;
  rowsRejected: number;
  /** The first report lines of the refused rows, by row. */
  fileErrors: ReportedError[];
  /** Every report line of the refused rows (the report lists at most MAX_REPORTED_ERRORS). */
  errorLines: number;
}

/** A dry run the real import may commit. */
export interface LabImportDraft {
  token: string;
  file: LabImportFile;
  mode: ImportMode;
  checked: CheckedRows;
  replyExtras: Record<string, unknown>;
  expiresAt: Date;
}

/** The rows of a dry run that passed the per-row checks, as staged COPY text. */
export interface DraftChunk {
  rows: number;
  copyText: Uint8Array;
}

/** Opens a draft (in the dry run's first transaction) and drops the expired ones. */
export async function openDraft(
  tx: Queryable,
  file: LabImportFile,
  mode: ImportMode,
  actor: AuditActor | null,
): Promise<{ token: string; expiresAt: Date }> {
  await tx.query(`delete from lab_import_drafts where expires_at < now()`);
  const token = randomUUID();
  const { rows } = await tx.query<{ expires_at: Date }>(
    `insert into lab_import_drafts (token, user_id, file_sha256, file_name, format, file_bytes, mode, checked,
       expires_at)
     values ($1, $2, $3, $4, $5, $6, $7, '{}', now() + make_interval(mins => $8)) returning expires_at`,
    [
      token,
      actor?.id ?? null,
      file.sha256,
      file.fileName.slice(0, 500),
      file.format,
      file.bytes,
      mode,
      DRY_RUN_TTL_MINUTES,
    ],
  );
  return { token, expiresAt: new Date(rows[0]!.expires_at) };
}

export async function saveDraftChunk(tx: Queryable, token: string, seq: number, chunk: DraftChunk) {
  await tx.query(
    `insert into lab_import_draft_chunks (token, seq, rows, copy_text) values ($1, $2, $3, $4::bytea)`,
    [token, seq, chunk.rows, chunk.copyText],
  );
}

export async function closeDraft(
  tx: Queryable,
  token: string,
  checked: CheckedRows,
  replyExtras: Record<string, unknown>,
): Promise<void> {
  await tx.query(`update lab_import_drafts set checked = $2, reply_extras = $3 where token = $1`, [
    token,
    JSON.stringify(checked),
    JSON.stringify(replyExtras),
  ]);
}

interface DraftRow {
  user_id: number | null;
  file_sha256: string;
  file_name: string;
  format: LabImportFile['format'];
  file_bytes: number | null;
  mode: ImportMode;
  checked: CheckedRows;
  reply_extras: Record<string, unknown>;
  expires_at: Date;
  used_at: Date | null;
  live: boolean;
}

/**
 * The draft behind a token, for its user: 404 when there is none (or it is another user's),
 * 409 when it was already imported, 422 when it expired.
 */
export async function findDraft(
  db: Queryable,
  token: string,
  actor: AuditActor | null,
): Promise<LabImportDraft> {
  const { rows } = await db.query<DraftRow>(
    `select user_id, file_sha256, file_name, format, file_bytes, mode, checked, reply_extras, expires_at, used_at,
       expires_at > now() as live
     from lab_import_drafts where token = $1`,
    [token],
  );
  const row = rows[0];
  if (row === undefined || String(row.user_id ?? '') !== String(actor?.id ?? ''))
    throw new NotFoundError('Dry run');
  if (row.used_at !== null) throw new ConflictError('This dry run was already imported');
  if (!row.live)
    throw new UnprocessableError('dry_run_expired', 'This dry run expired: check the file again');
  return {
    token,
    file: {
      sha256: row.file_sha256,
      fileName: row.file_name,
      format: row.format,
      bytes: row.file_bytes === null ? null : Number(row.file_bytes),
    },
    mode: row.mode,
    checked: row.checked,
    replyExtras: row.reply_extras,
    expiresAt: new Date(row.expires_at),
  };
}

/**
 * Marks a draft used, in the import's transaction (rolled back with it). A concurrent commit of
 * the same token waits on the row, then finds it used: 409.
 */
export async function claimDraft(tx: Queryable, token: string): Promise<void> {
  const { rows } = await tx.query(
    `update lab_import_drafts set used_at = now() where token = $1 and used_at is null and expires_at > now()
     returning token`,
    [token],
  );
  if (!rows[0]) throw new ConflictError('This dry run was already imported');
}

/** The draft's staged rows, a chunk at a time, in the file's order. */
export async function* draftChunks(tx: Queryable, token: string): AsyncGenerator<DraftChunk> {
  for (let seq = 0; ; seq++) {
    const { rows } = await tx.query<{ rows: number; copy_text: Uint8Array }>(
      `select rows, copy_text from lab_import_draft_chunks where token = $1 and seq = $2`,
      [token, seq],
    );
    if (!rows[0]) return;
    yield { rows: rows[0].rows, copyText: rows[0].copy_text };
  }
}

/** Drops a committed draft's rows (its token row stays until it expires, to answer a second use). */
export async function dropDraftChunks(db: Queryable, token: string): Promise<void> {
  await db.query(`delete from lab_import_draft_chunks where token = $1`, [token]);
}
