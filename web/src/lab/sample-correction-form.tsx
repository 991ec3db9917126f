import { type FormEvent, useEffect, useEffectEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { correctSample, fetchSampleHistory, type SampleCorrection } from '../api/samples-api';
import { useLoadable } from '../app/use-loadable';
import { formatNumber } from '../i18n/format-units';
import { useLanguage } from '../i18n/use-language';
import { ApiProblem } from '../layout/api-problem';
import { HistoryTable } from '../layout/history-table';
import { ReasonField } from '../layout/reason-field';
import { SubmitButton } from '../layout/submit-button';
import { useFormSubmit } from '../layout/use-form-submit';

/**
 * A sample's flow (m³/d) and population now, the form that corrects either with a reason
 * (`POST /api/samples/:id/corrections`: every result of the sample is re-scored, since a load
 * depends on both), and every past correction. Only what changed is sent.
 */
export function SampleCorrectionForm({
  sampleId,
  labSampleId,
  onCorrected,
}: {
  sampleId: number;
  labSampleId: string;
  onCorrected: () => void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const id = useId();
  const [attempt, setAttempt] = useState(0);
  const history = useLoadable((signal) => fetchSampleHistory(sampleId, signal), `${sampleId}-${attempt}`);
  const sample = history.state.status === 'loaded' ? history.state.value.sample : null;
  const [flow, setFlow] = useState('');
  const [population, setPopulation] = useState('');
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);
  const form = useFormSubmit();

  const fillFromStored = useEffectEvent(() => {
    if (!sample) return;
    setFlow(sample.flowM3PerDay === null ? '' : String(sample.flowM3PerDay));
    setPopulation(sample.population === null ? '' : String(sample.population));
  });
  useEffect(() => fillFromStored(), [sample?.id, sample?.flowM3PerDay, sample?.population]);

  const shown = (value: number | null) => (value === null ? '—' : formatNumber(value, language));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    const correction: SampleCorrection = { reason: reason.trim() };
    const flowNumber = Number(flow.trim());
    if (flow.trim() !== '' && flowNumber !== sample?.flowM3PerDay) {
      if (!Number.isFinite(flowNumber) || flowNumber <= 0) found.flow = t('sampleCorrection.flowRule');
      else correction.flowM3PerDay = flowNumber;
    }
    const populationNumber = Number(population.trim());
    if (population.trim() !== '' && populationNumber !== sample?.population) {
      if (!Number.isInteger(populationNumber) || populationNumber <= 0)
        found.population = t('sampleCorrection.populationRule');
      else correction.population = populationNumber;
    }
    if (
      !found.flow &&
      !found.population &&
      correction.flowM3PerDay === undefined &&
      correction.population === undefined
    )
      found.form = t('sampleCorrection.nothingChanged');
    if (reason.trim() === '') found.reason = t('common.reasonRequired');
    setProblems(found);
    form.clearRefusal();
    setDone(false);
    if (Object.keys(found).length > 0) return;
    const outcome = await form.send(() => correctSample(sampleId, correction));
    if (!outcome.sent) return;
    setReason('');
    setDone(true);
    setAttempt((count) => count + 1);
    onCorrected();
  };

  const numberField = (key: 'flow' | 'population', value: string, set: (next: string) => void) => (
    <label htmlFor={`${id}-${key}`}>
      {t(`sampleCorrection.${key}`)}
      <input
        id={`${id}-${key}`}
        name={key === 'flow' ? 'flowM3PerDay' : 'population'}
        inputMode={key === 'flow' ? 'decimal' : 'numeric'}
        value={value}
        onChange={(event) => set(event.target.value)}
        aria-invalid={Boolean(problems[key])}
      />
      {problems[key] && <span className="field-problem">{problems[key]}</span>}
    </label>
  );

  return (
    <section className="sample-correction" aria-labelledby={`${id}-title`} data-testid="sample-correction">
      <h3 id={`${id}-title`}>{t('sampleCorrection.title', { sample: labSampleId })}</h3>
      {sample && (
        <p data-testid="sample-now">
          {t('sampleCorrection.flow')}
          {t('common.labelSeparator')}
          <strong>{shown(sample.flowM3PerDay)}</strong> · {t('sampleCorrection.population')}
          {t('common.labelSeparator')}
          <strong>{shown(sample.population)}</strong>
          {sample.revised && <span className="tag tag--warning">{t('drawer.revised')}</span>}
        </p>
      )}
      <form className="correction-form" noValidate onSubmit={(event) => void submit(event)}>
        <div className="form-grid">
          {numberField('flow', flow, setFlow)}
          {numberField('population', population, setPopulation)}
        </div>
        <ReasonField
          className="correction-panel__reason"
          value={reason}
          onChange={setReason}
          problem={problems.reason}
        />
        {problems.form && <p className="field-problem">{problems.form}</p>}
        {form.refusal !== null && <ApiProblem error={form.refusal} />}
        {done && (
          <p className="form-done" role="status">
            {t('sampleCorrection.done')}
          </p>
        )}
        <SubmitButton pending={form.pending}>{t('sampleCorrection.submit')}</SubmitButton>
      </form>
      <h4 className="correction-history-title">{t('sampleCorrection.history')}</h4>
      {history.state.status === 'loaded' && (
        <HistoryTable
          entries={history.state.value.revisions}
          testId="sample-history"
          emptyText={t('sampleCorrection.noHistory')}
          columns={[
            {
              header: t('sampleCorrection.flow'),
              cell: (revision) => `${shown(revision.oldFlowM3PerDay)} → ${shown(revision.newFlowM3PerDay)}`,
            },
            {
              header: t('sampleCorrection.population'),
              cell: (revision) => `${shown(revision.oldPopulation)} → ${shown(revision.newPopulation)}`,
            },
          ]}
        />
      )}
    </section>
  );
}
