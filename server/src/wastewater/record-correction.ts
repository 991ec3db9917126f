import type { AuditActor } from '@skywater/core/audit/audit-log';
import { recordAudit } from '@skywater/core/audit/audit-log';
import type { Queryable } from '@skywater/core/db/db';
import { NotFoundError, UnprocessableError, ValidationError } from '@skywater/core/errors/app-error';
import { labErrorMessage, type LabErrorCode } from '@skywater/core/wastewater/lab-error-messages';
import type { PlausibilityBound } from '@skywater/core/wastewater/plausibility-bounds';
import { enqueueAllInTransaction } from '@skywater/core/outbox/outbox';
import { loadPlausibilityBounds } from './plausibility-bounds-store';
import { scoringJobs, type TouchedSeries } from './scoring-jobs';

/** A stored record's place: what a correction re-scores. */
export interface CorrectedPlace {
  siteId: number;
  roundId: number;
  batchId: number | null;
}

/**
 * One kind of stored record a lab corrects (a result's value, a sample's flow and population):
 * how it is read and locked, what a correction changes, where its history goes.
 */
export interface CorrectionSubject<Entity extends string, Body, Stored extends CorrectedPlace, Next> {
  entity: Entity;
  /** The record's name in a 404 (`Measurement not found`). */
  label: string;
  load(db: Queryable, id: number, lock: boolean): Promise<Stored | undefined>;
  /** The corrected figures, checked against the plausibility bounds; a refusal names the field. */
  next(body: Body, before: Stored, bounds: PlausibilityBound[]): Next;
  /** The correction repeats what is stored: refused as `no_change` with this message. */
  unchanged(before: Stored, next: Next): string | null;
  /** Writes the figures, the record's revision row and the reason; returns the revision's id. */
  write(tx: Queryable, id: number, before: Stored, next: Next, body: Body, who: Who): Promise<number>;
  /** The audited figures of the record before and after the correction. */
  audited(record: Stored, side: 'before' | 'after'): Record<string, unknown>;
  /** The series to re-score, and the job id's cause for this revision. */
  touched(tx: Queryable, id: number, before: Stored): Promise<TouchedSeries[]>;
  cause(revisionId: number): string;
}

/** Who corrects, and the request that carried it. */
export interface Who {
  actor: AuditActor | null;
  requestId?: string;
}

/**
 * Corrects a stored record in one transaction (docs/design.md §3: corrections never overwrite
 * silently): the record is locked, the correction checked (plausibility bounds; repeating the
 * stored figures is 422 `no_change`), old and new go to the record's revision table with the
 * reason, the record is marked revised, the audit log records before/after and who, and the
 * series it feeds and its round are queued for re-scoring (outbox).
 */
export async function recordCorrection<
  Entity extends string,
  Body extends { reason: string },
  Stored extends CorrectedPlace,
  Next,
>(
  tx: Queryable,
  subject: CorrectionSubject<Entity, Body, Stored, Next>,
  id: number,
  body: Body,
  who: Who,
): Promise<{ [K in Entity]: Stored } & { revisionId: number }> {
  const before = await subject.load(tx, id, true);
  if (!before) throw new NotFoundError(subject.label);
  const next = subject.next(body, before, await loadPlausibilityBounds(tx));
  const unchanged = subject.unchanged(before, next);
  if (unchanged !== null) throw new UnprocessableError('no_change', unchanged);
  const revisionId = await subject.write(tx, id, before, next, body, who);
  const after = (await subject.load(tx, id, false))!;
  await recordAudit(tx, {
    actor: who.actor,
    action: 'correct',
    entity: subject.entity,
    entityId: id,
    before: subject.audited(before, 'before'),
    after: { ...subject.audited(after, 'after'), reason: body.reason, revisionId },
    requestId: who.requestId,
  });
  await enqueueAllInTransaction(
    tx,
    scoringJobs(
      await subject.touched(tx, id, before),
      [before.roundId],
      before.batchId ?? 0,
      subject.cause(revisionId),
    ),
  );
  return { [subject.entity]: after, revisionId } as { [K in Entity]: Stored } & { revisionId: number };
}

/** A refused field of a correction, in English with the Chinese beside it. */
export function correctionFieldError(field: string, code: LabErrorCode, found?: string): ValidationError {
  const message = labErrorMessage(code, 'en', found);
  const details = [{ path: field, code, message, messageZh: labErrorMessage(code, 'zh-CN', found) }];
  return new ValidationError(message, details);
}
