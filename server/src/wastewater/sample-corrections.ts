import type { Queryable } from '@skywater/core/db/db';
import { NotFoundError, ValidationError } from '@skywater/core/errors/app-error';
import {
  boundFor,
  describeVerdict,
  judgeValue,
  type PlausibilityQuantity,
} from '@skywater/core/wastewater/plausibility-bounds';
import { sameNumber } from '@skywater/core/wastewater/stored-result-comparison';
import type {
  SampleCorrection,
  SampleHistory,
  SampleRevision,
  StoredSample,
} from '@skywater/core/wastewater/correction-view';
import { correctionFieldError, type CorrectionSubject } from './record-correction';

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
 * A sample's flow and/or population, corrected (recordCorrection): history in
 * `sample_revisions`, every series of the sample and its round re-scored (a load depends on
 * both). A number that is not finite, not positive, or beyond the hard plausibility bound for the
 * site's kind is refused (422 `implausible_value` / 400).
 */
export const sampleCorrection: CorrectionSubject<
  'sample',
  SampleCorrection,
  StoredSample,
  { flow: number | null; population: number | null }
> = {
  entity: 'sample',
  label: 'Sample',
  load: getSample,
  next(correction, before, bounds) {
    if (correction.flowM3PerDay === undefined && correction.population === undefined)
      throw new ValidationError('Give flowM3PerDay and/or population');
    const check = (field: string, quantity: PlausibilityQuantity, value: number | undefined) => {
      if (value === undefined) return;
      const verdict = Number.isFinite(value)
        ? judgeValue(value, boundFor(quantity, null, before.siteKind, bounds))
        : null;
      if (verdict === null) throw correctionFieldError(field, 'invalid_number', String(value));
      if (verdict.level === 'hard')
        throw correctionFieldError(field, 'implausible_value', describeVerdict(value, verdict));
    };
    check('flowM3PerDay', 'flow', correction.flowM3PerDay);
    check('population', 'population', correction.population);
    if (correction.population !== undefined && !Number.isInteger(correction.population))
      throw correctionFieldError('population', 'invalid_number', String(correction.population));
    return {
      flow: correction.flowM3PerDay ?? before.flowM3PerDay,
      population: correction.population ?? before.population,
    };
  },
  unchanged: (before, { flow, population }) =>
    sameNumber(flow, before.flowM3PerDay) && sameNumber(population, before.population)
      ? 'The correction repeats the stored flow and population'
      : null,
  async write(tx, sampleId, before, { flow, population }, correction, { actor, requestId }) {
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
    return rows[0]!.id;
  },
  audited: (s, side) => ({
    flowM3PerDay: side === 'before' ? finiteOrText(s.flowM3PerDay) : s.flowM3PerDay,
    population: s.population,
  }),
  async touched(tx, sampleId, before) {
    const analytes = await tx.query<{ analyte_code: string }>(
      `select distinct analyte_code from measurements where sample_id = $1`,
      [sampleId],
    );
    return analytes.rows.map((a) => ({ siteId: before.siteId, analyteCode: a.analyte_code }));
  },
  cause: (revisionId) => `sample-rev-${revisionId}`,
};

export async function sampleHistory(db: Queryable, sampleId: number): Promise<SampleHistory> {
  const sample = await getSample(db, sampleId);
  if (!sample) throw new NotFoundError('Sample');
  const { rows } = await db.query<SampleRevision>(
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
