import type { AuditActor } from '@skywater/core/audit/audit-log';
import { recordAudit } from '@skywater/core/audit/audit-log';
import type { Queryable } from '@skywater/core/db/db';
import { NotFoundError, UnprocessableError, ValidationError } from '@skywater/core/errors/app-error';
import { labErrorMessage, type LabErrorCode } from '@skywater/core/wastewater/lab-error-messages';
import {
  boundFor,
  describeVerdict,
  judgeValue,
  type PlausibilityQuantity,
} from '@skywater/core/wastewater/plausibility-bounds';
import { sameNumber } from '@skywater/core/wastewater/stored-result-comparison';
import { enqueueAllInTransaction } from '@skywater/core/outbox/outbox';
import { loadPlausibilityBounds } from './plausibility-bounds-store';
import { scoringJobs } from './scoring-jobs';

/** A correction of a sample's flow and/or population, with why. */
export interface SampleCorrection {
  flowM3PerDay?: number;
  population?: number;
  reason: string;
}

export interface StoredSample {
  id: number;
  siteId: number;
  siteKind: string;
  roundId: number;
  batchId: number | null;
  labSampleId: string;
  flowM3PerDay: number | null;
  population: number | null;
  revised: boolean;
}

async function getSample(db: Queryable, id: number, lock = false): Promise<StoredSample | undefined> {
  const { rows } = await db.query<StoredSample>(
    `select s.id, s.site_id as "siteId", st.kind as "siteKind", s.round_id as "roundId", s.batch_id as "batchId",
       s.lab_sample_id as "labSampleId", s.flow_m3_per_day as "flowM3PerDay", s.population, s.revised
     from samples s join sites st on st.id = s.site_id where s.id = $1 ${lock ? 'for update of s' : ''}`,
    [id],
  );
  return rows[0];
}

/**
 * Corrects a sample's flow or population in one transaction, as `correctMeasurement` does for a
 * value: the sample is locked, old and new go to `sample_revisions` with the reason, the sample
 * is marked `revised`, the audit log records before/after and who, and every series of the
 * sample and its round are queued for re-scoring (a load depends on both).
 * A number that is not finite, not positive, or beyond the hard plausibility bound for the
 * site's kind is refused (422 `implausible_value` / 400); repeating the stored figures is
 * `no_change`.
 */
export async function correctSample(
  tx: Queryable,
  sampleId: number,
  correction: SampleCorrection,
  actor: AuditActor | null,
  requestId?: string,
): Promise<{ sample: StoredSample; revisionId: number }> {
  const before = await getSample(tx, sampleId, true);
  if (!before) throw new NotFoundError('Sample');
  if (correction.flowM3PerDay === undefined && correction.population === undefined)
    throw new ValidationError('Give flowM3PerDay and/or population');
  const bounds = await loadPlausibilityBounds(tx);
  const check = (field: string, quantity: PlausibilityQuantity, value: number | undefined) => {
    if (value === undefined) return;
    const verdict = Number.isFinite(value)
      ? judgeValue(value, boundFor(quantity, null, before.siteKind, bounds))
      : null;
    if (verdict === null) throw fieldError(field, 'invalid_number', String(value));
    if (verdict.level === 'hard')
      throw fieldError(field, 'implausible_value', describeVerdict(value, verdict));
  };
  check('flowM3PerDay', 'flow', correction.flowM3PerDay);
  check('population', 'population', correction.population);
  if (correction.population !== undefined && !Number.isInteger(correction.population))
    throw fieldError('population', 'invalid_number', String(correction.population));
  const flow = correction.flowM3PerDay ?? before.flowM3PerDay;
  const population = correction.population ?? before.population;
  if (sameNumber(flow, before.flowM3PerDay) && sameNumber(population, before.population))
    throw new UnprocessableError('no_change', 'The correction repeats the stored flow and population');

  await tx.query(`update samples set flow_m3_per_day = $2, population = $3, revised = true where id = $1`, [
    sampleId,
    flow,
    population,
  ]);
  const { rows } = await tx.query<{ id: number }>(
    `insert into sample_revisions (sample_id, old_flow_m3_per_day, old_population, new_flow_m3_per_day,
       new_population, reason, actor_id, actor_name, request_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
    [
      sampleId,
      Number.isFinite(before.flowM3PerDay) ? before.flowM3PerDay : null,
      before.population,
      flow,
      population,
      correction.reason,
      actor?.id ?? null,
      actor?.username ?? 'system',
      requestId ?? null,
    ],
  );
  const revisionId = rows[0]!.id;
  const after = (await getSample(tx, sampleId))!;
  await recordAudit(tx, {
    actor,
    action: 'correct',
    entity: 'sample',
    entityId: sampleId,
    before: { flowM3PerDay: finiteOrText(before.flowM3PerDay), population: before.population },
    after: {
      flowM3PerDay: after.flowM3PerDay,
      population: after.population,
      reason: correction.reason,
      revisionId,
    },
    requestId,
  });
  const analytes = await tx.query<{ analyte_code: string }>(
    `select distinct analyte_code from measurements where sample_id = $1`,
    [sampleId],
  );
  await enqueueAllInTransaction(
    tx,
    scoringJobs(
      analytes.rows.map((a) => ({ siteId: before.siteId, analyteCode: a.analyte_code })),
      [before.roundId],
      before.batchId ?? 0,
      `sample-rev-${revisionId}`,
    ),
  );
  return { sample: after, revisionId };
}

export async function sampleHistory(db: Queryable, sampleId: number) {
  const sample = await getSample(db, sampleId);
  if (!sample) throw new NotFoundError('Sample');
  const { rows } = await db.query(
    `select id, old_flow_m3_per_day as "oldFlowM3PerDay", old_population as "oldPopulation",
       new_flow_m3_per_day as "newFlowM3PerDay", new_population as "newPopulation", reason,
       actor_name as "actorName", at
     from sample_revisions where sample_id = $1 order by id`,
    [sampleId],
  );
  return { sample, revisions: rows };
}

// JSON has no Infinity: the audit keeps what was stored as text.
function finiteOrText(value: number | null): number | string | null {
  return value === null || Number.isFinite(value) ? value : String(value);
}

function fieldError(field: string, code: LabErrorCode, found?: string) {
  const message = labErrorMessage(code, 'en', found);
  const details = [{ path: field, code, message, messageZh: labErrorMessage(code, 'zh-CN', found) }];
  return new ValidationError(message, details);
}
