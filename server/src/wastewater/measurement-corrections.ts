import type { Queryable } from '@skywater/core/db/db';
import { ValidationError } from '@skywater/core/errors/app-error';
import type {
  MeasurementCorrection,
  MeasurementRevision,
  StoredMeasurement,
} from '@skywater/core/wastewater/correction-view';
import { parseLabValue } from '@skywater/core/wastewater/lab-value';
import { boundFor, describeVerdict, judgeValue } from '@skywater/core/wastewater/plausibility-bounds';
import { sameResult } from '@skywater/core/wastewater/stored-result-comparison';
import { NG_PER_L_PER_UNIT, resolveConcentrationUnit } from '@skywater/core/wastewater/units';
import { correctionFieldError, type CorrectionSubject } from './record-correction';

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

type CorrectedResult = Pick<StoredMeasurement, 'qualifier' | 'valueNgL' | 'loqNgL' | 'uloqNgL'>;

/**
 * A result's value, qualifier and limits, corrected (recordCorrection): history in
 * `measurement_revisions`, the series and its round re-scored. A value beyond the hard
 * plausibility bound is refused (`implausible_value`).
 */
export const measurementCorrection: CorrectionSubject<
  'measurement',
  MeasurementCorrection,
  StoredMeasurement,
  CorrectedResult
> = {
  entity: 'measurement',
  label: 'Measurement',
  load: getMeasurement,
  next(correction, before, bounds) {
    const next = readCorrection(correction, before);
    for (const value of [next.valueNgL, next.uloqNgL, next.loqNgL]) {
      if (value === null) continue;
      const verdict = judgeValue(
        value,
        boundFor('concentration', before.analyteCode, before.siteKind, bounds),
      );
      if (verdict.level === 'hard')
        throw correctionFieldError('value', 'implausible_value', describeVerdict(value, verdict));
    }
    return next;
  },
  unchanged: (before, next) =>
    sameResult(before, next) && next.loqNgL === before.loqNgL && next.uloqNgL === before.uloqNgL
      ? 'The correction repeats the stored result'
      : null,
  async write(tx, measurementId, before, next, correction, { actor, requestId }) {
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
    return rows[0]!.id;
  },
  audited: (m) => ({ qualifier: m.qualifier, valueNgL: m.valueNgL, loqNgL: m.loqNgL, uloqNgL: m.uloqNgL }),
  touched: async (_tx, _id, before) => [{ siteId: before.siteId, analyteCode: before.analyteCode }],
  cause: (revisionId) => `rev-${revisionId}`,
};

function readCorrection(correction: MeasurementCorrection, before: StoredMeasurement): CorrectedResult {
  const unit = resolveConcentrationUnit(correction.unit ?? 'ng/L');
  if (!unit.ok) throw correctionFieldError('unit', unit.code, unit.found);
  const perUnit = NG_PER_L_PER_UNIT[unit.value];
  const forced = correction.qualifier;
  if (correction.value === null || correction.value === '') {
    if (forced === undefined || forced === '=' || forced === '>ULOQ')
      throw new ValidationError('A value is required unless the qualifier is ND, <LOD or <LOQ');
    return { qualifier: forced, valueNgL: null, loqNgL: before.loqNgL, uloqNgL: null };
  }
  const parsed = parseLabValue(correction.value, perUnit);
  if (!parsed.ok) throw correctionFieldError('value', parsed.code, parsed.found);
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
  // "<LOQ" chosen with a plain number typed beside it: the number is the new LOQ (the form's
  // "limit" field), not a value to drop in silence.
  const typedLimitNgL = limitNgL ?? (forced === '<LOQ' ? valueNgL : undefined);
  const loqNgL = finalQualifier === '<LOQ' && typedLimitNgL !== undefined ? typedLimitNgL : before.loqNgL;
  return { qualifier: finalQualifier, valueNgL: null, loqNgL, uloqNgL: null };
}

export async function measurementHistory(db: Queryable, measurementId: number): Promise<MeasurementRevision[]> {
  const { rows } = await db.query<MeasurementRevision>(
    `select id, old_qualifier as "oldQualifier", old_value_ng_l as "oldValueNgL", old_loq_ng_l as "oldLoqNgL",
       old_uloq_ng_l as "oldUloqNgL", new_qualifier as "newQualifier", new_value_ng_l as "newValueNgL",
       new_loq_ng_l as "newLoqNgL", new_uloq_ng_l as "newUloqNgL", entered_value as "enteredValue",
       entered_unit as "enteredUnit", reason, actor_name as "actorName", at
     from measurement_revisions where measurement_id = $1 order by id`,
    [measurementId],
  );
  return rows;
}
