import type { AuditActor } from '@skywater/core/audit/audit-log';
import { recordAudit } from '@skywater/core/audit/audit-log';
import type { Queryable } from '@skywater/core/db/db';
import { NotFoundError, UnprocessableError, ValidationError } from '@skywater/core/errors/app-error';
import { labErrorMessage } from '@skywater/core/wastewater/lab-error-messages';
import { parseLabValue, type Qualifier } from '@skywater/core/wastewater/lab-value';
import { boundFor, describeVerdict, judgeValue } from '@skywater/core/wastewater/plausibility-bounds';
import { sameResult } from '@skywater/core/wastewater/stored-result-comparison';
import { NG_PER_L_PER_UNIT, resolveConcentrationUnit } from '@skywater/core/wastewater/units';
import { enqueueAllInTransaction } from '@skywater/core/outbox/outbox';
import { loadPlausibilityBounds } from './plausibility-bounds-store';
import { scoringJobs } from './scoring-jobs';

/** A correction as a lab writes it: the value cell (`12.5`, `<LOQ`, `ND`, `<5`), its unit, why. */
export interface Correction {
  value: string | number | null;
  unit?: string;
  /** Overrides the qualifier read from `value` (e.g. `ND` with an empty value). */
  qualifier?: Qualifier;
  reason: string;
}

export interface StoredMeasurement {
  id: number;
  sampleId: number;
  siteId: number;
  roundId: number;
  batchId: number | null;
  analyteCode: string;
  replicate: number;
  qualifier: Qualifier;
  valueNgL: number | null;
  lodNgL: number | null;
  loqNgL: number | null;
  uloqNgL: number | null;
  revised: boolean;
  revisedAt: Date | null;
  restricted: boolean;
  siteKind: string;
}

const MEASUREMENT_COLUMNS = `m.id, m.sample_id as "sampleId", s.site_id as "siteId", s.round_id as "roundId",
  m.batch_id as "batchId", m.analyte_code as "analyteCode", m.replicate, m.qualifier, m.value_ng_l as "valueNgL",
  m.lod_ng_l as "lodNgL", m.loq_ng_l as "loqNgL", m.uloq_ng_l as "uloqNgL", m.revised, m.revised_at as "revisedAt",
  st.restricted, st.kind as "siteKind"`;

export async function getMeasurement(
  db: Queryable,
  id: number,
  lock = false,
): Promise<StoredMeasurement | undefined> {
  const { rows } = await db.query<StoredMeasurement>(
    `select ${MEASUREMENT_COLUMNS} from measurements m join samples s on s.id = m.sample_id
     join sites st on st.id = s.site_id where m.id = $1 ${lock ? 'for update of m' : ''}`,
    [id],
  );
  return rows[0];
}

/**
 * Corrects a stored result in one transaction (docs/design.md §3: corrections never overwrite
 * silently): the row is locked, the old and new value and qualifier go to
 * `measurement_revisions` with the reason, the measurement is marked `revised`, the audit log
 * records before/after and who, and the series and its round are queued for re-scoring.
 * Refuses (422 `no_change`) a correction that repeats the stored result.
 */
export async function correctMeasurement(
  tx: Queryable,
  measurementId: number,
  correction: Correction,
  actor: AuditActor | null,
  requestId?: string,
): Promise<{ measurement: StoredMeasurement; revisionId: number }> {
  const before = await getMeasurement(tx, measurementId, true);
  if (!before) throw new NotFoundError('Measurement');
  const next = readCorrection(correction, before);
  const bounds = await loadPlausibilityBounds(tx);
  for (const [field, value] of [
    ['value', next.valueNgL],
    ['value', next.uloqNgL],
    ['value', next.loqNgL],
  ] as const) {
    if (value === null) continue;
    const verdict = judgeValue(value, boundFor('concentration', before.analyteCode, before.siteKind, bounds));
    if (verdict.level === 'hard')
      throw correctionError(field, 'implausible_value', describeVerdict(value, verdict));
  }
  if (sameResult(before, next) && next.loqNgL === before.loqNgL && next.uloqNgL === before.uloqNgL) {
    throw new UnprocessableError('no_change', 'The correction repeats the stored result');
  }
  await tx.query(
    `update measurements set qualifier = $2, value_ng_l = $3, loq_ng_l = $4, uloq_ng_l = $5, revised = true,
       revised_at = now() where id = $1`,
    [measurementId, next.qualifier, next.valueNgL, next.loqNgL, next.uloqNgL],
  );
  const { rows } = await tx.query<{ id: number }>(
    `insert into measurement_revisions (measurement_id, old_qualifier, old_value_ng_l, old_loq_ng_l, old_uloq_ng_l,
       new_qualifier, new_value_ng_l, new_loq_ng_l, new_uloq_ng_l, entered_value, entered_unit, reason,
       actor_id, actor_name, request_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) returning id`,
    [
      measurementId,
      before.qualifier,
      before.valueNgL,
      before.loqNgL,
      before.uloqNgL,
      next.qualifier,
      next.valueNgL,
      next.loqNgL,
      next.uloqNgL,
      correction.value === null ? null : String(correction.value),
      correction.unit ?? 'ng/L',
      correction.reason,
      actor?.id ?? null,
      actor?.username ?? 'system',
      requestId ?? null,
    ],
  );
  const revisionId = rows[0]!.id;
  const after = (await getMeasurement(tx, measurementId))!;
  await recordAudit(tx, {
    actor,
    action: 'correct',
    entity: 'measurement',
    entityId: measurementId,
    before: {
      qualifier: before.qualifier,
      valueNgL: before.valueNgL,
      loqNgL: before.loqNgL,
      uloqNgL: before.uloqNgL,
    },
    after: {
      qualifier: after.qualifier,
      valueNgL: after.valueNgL,
      loqNgL: after.loqNgL,
      uloqNgL: after.uloqNgL,
      reason: correction.reason,
      revisionId,
    },
    requestId,
  });
  await enqueueAllInTransaction(
    tx,
    scoringJobs(
      [{ siteId: before.siteId, analyteCode: before.analyteCode }],
      [before.roundId],
      before.batchId ?? 0,
      `rev-${revisionId}`,
    ),
  );
  return { measurement: after, revisionId };
}

function readCorrection(
  correction: Correction,
  before: StoredMeasurement,
): { qualifier: Qualifier; valueNgL: number | null; loqNgL: number | null; uloqNgL: number | null } {
  const unit = resolveConcentrationUnit(correction.unit ?? 'ng/L');
  if (!unit.ok) throw correctionError('unit', unit.code, unit.found);
  const perUnit = NG_PER_L_PER_UNIT[unit.value];
  const forced = correction.qualifier;
  if (correction.value === null || correction.value === '') {
    if (forced === undefined || forced === '=' || forced === '>ULOQ')
      throw new ValidationError('A value is required unless the qualifier is ND, <LOD or <LOQ');
    return { qualifier: forced, valueNgL: null, loqNgL: before.loqNgL, uloqNgL: null };
  }
  const parsed = parseLabValue(correction.value, perUnit);
  if (!parsed.ok) throw correctionError('value', parsed.code, parsed.found);
  const { qualifier, valueNgL, limitNgL } = parsed.value;
  const finalQualifier = forced ?? qualifier;
  if (finalQualifier === '=') {
    if (valueNgL === undefined) throw new ValidationError('Qualifier "=" needs a number');
    return { qualifier: '=', valueNgL, loqNgL: before.loqNgL, uloqNgL: null };
  }
  if (finalQualifier === '>ULOQ') {
    return {
      qualifier: '>ULOQ',
      valueNgL: null,
      loqNgL: before.loqNgL,
      uloqNgL: limitNgL ?? valueNgL ?? null,
    };
  }
  const loqNgL = finalQualifier === '<LOQ' && limitNgL !== undefined ? limitNgL : before.loqNgL;
  return { qualifier: finalQualifier, valueNgL: null, loqNgL, uloqNgL: null };
}

function correctionError(field: string, code: Parameters<typeof labErrorMessage>[0], found?: string) {
  return new ValidationError(labErrorMessage(code, 'en', found), [
    {
      path: field,
      code,
      message: labErrorMessage(code, 'en', found),
      messageZh: labErrorMessage(code, 'zh-CN', found),
    },
  ]);
}

export async function measurementHistory(db: Queryable, measurementId: number) {
  const { rows } = await db.query(
    `select id, old_qualifier as "oldQualifier", old_value_ng_l as "oldValueNgL", old_loq_ng_l as "oldLoqNgL",
       old_uloq_ng_l as "oldUloqNgL", new_qualifier as "newQualifier", new_value_ng_l as "newValueNgL",
       new_loq_ng_l as "newLoqNgL", new_uloq_ng_l as "newUloqNgL", entered_value as "enteredValue",
       entered_unit as "enteredUnit", reason, actor_name as "actorName", at
     from measurement_revisions where measurement_id = $1 order by id`,
    [measurementId],
  );
  return rows;
}
