import { type FormEvent, useEffect, useEffectEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { analyteLabel, fetchAnalytes } from '../api/analytes-api';
import { apiRequest } from '../api/http-client';
import {
  correctMeasurement,
  fetchMeasurementHistory,
  QUALIFIERS,
  type Qualifier,
} from '../api/measurements-api';
import { fetchRounds } from '../api/rounds-api';
import { loadedOr, useLoadable } from '../app/use-loadable';
import { useLanguage } from '../i18n/use-language';
import { ApiProblem } from '../layout/api-problem';
import { SubmitButton } from '../layout/submit-button';
import { useFormSubmit } from '../layout/use-form-submit';
import { HistoryTable } from '../layout/history-table';
import { ReasonField } from '../layout/reason-field';
import { type ExportedResult, parseExportedResults } from './export-results';
import { qualifiedValue } from './qualified-value';
import { SampleCorrectionForm } from './sample-correction-form';

/** How many results the table shows at once; the filters narrow the rest. */
const shownLimit = 200;

/** One result: its value now, the correction form (value, qualifier, reason) and every past change. */
function CorrectionPanel({ result, onCorrected }: { result: ExportedResult; onCorrected: () => void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const id = useId();
  const [attempt, setAttempt] = useState(0);
  const history = useLoadable(
    (signal) => fetchMeasurementHistory(result.id, signal),
    `${result.id}-${attempt}`,
  );
  const [qualifier, setQualifier] = useState<Qualifier>('=');
  const [value, setValue] = useState('');
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);
  const form = useFormSubmit();
  const measurement = history.state.status === 'loaded' ? history.state.value.measurement : null;

  // The form starts from the stored result, again when another result or a new revision loads.
  const fillFromStored = useEffectEvent(() => {
    if (!measurement) return;
    setQualifier(measurement.qualifier);
    setValue(measurement.valueNgL === null ? '' : String(measurement.valueNgL));
  });
  useEffect(() => fillFromStored(), [measurement?.id, measurement?.revisedAt]);

  // ND and <LOD carry no number the server keeps: no field for one (a typed limit was dropped).
  const takesNumber = qualifier === '=' || qualifier === '<LOQ' || qualifier === '>ULOQ';
  const typed = takesNumber ? value.trim() : '';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    const number = Number(typed);
    if (qualifier === '=' && (typed === '' || !Number.isFinite(number) || number < 0))
      found.value = t('corrections.valueRule');
    if (qualifier !== '=' && typed !== '' && (!Number.isFinite(number) || number < 0))
      found.value = t('corrections.valueRule');
    if (reason.trim() === '') found.reason = t('common.reasonRequired');
    setProblems(found);
    form.clearRefusal();
    setDone(false);
    if (Object.keys(found).length > 0) return;
    const outcome = await form.send(() =>
      correctMeasurement(result.id, {
        value: typed === '' ? null : number,
        unit: 'ng/L',
        qualifier,
        reason: reason.trim(),
      }),
    );
    if (!outcome.sent) return;
    setReason('');
    setDone(true);
    setAttempt((count) => count + 1);
    onCorrected();
  };

  // The sample's flow and population beside the result, not inside its form: two forms, two reasons.
  return (
    <div className="lab-results-screen__side">
      <section className="correction-panel" aria-labelledby={`${id}-title`} data-testid="correction-panel">
        <h2 id={`${id}-title`}>
          {t('corrections.panelTitle', { id: result.id, site: result.siteCode, analyte: result.analyteCode })}
        </h2>
        {measurement && (
          <p>
            {t('corrections.now')}
            {t('common.labelSeparator')}
            <strong data-testid="current-value">
              {qualifiedValue(measurement.qualifier, measurement.valueNgL, measurement.loqNgL, language)}
            </strong>
            {measurement.revised && <span className="tag tag--warning">{t('drawer.revised')}</span>}
          </p>
        )}
        <form className="correction-form" noValidate onSubmit={(event) => void submit(event)}>
          <div className="form-grid">
            <label htmlFor={`${id}-qualifier`}>
              {t('corrections.qualifier')}
              <select
                id={`${id}-qualifier`}
                name="qualifier"
                value={qualifier}
                onChange={(event) => setQualifier(event.target.value as Qualifier)}
              >
                {QUALIFIERS.map((option) => (
                  <option key={option} value={option}>
                    {t(
                      `corrections.qualifierName.${option === '=' ? 'equals' : option.replace(/[<>]/g, '')}` as 'corrections.qualifierName.equals',
                    )}
                  </option>
                ))}
              </select>
            </label>
            {takesNumber && (
              <label htmlFor={`${id}-value`}>
                {qualifier === '=' ? t('corrections.valueNgL') : t('corrections.limitNgL')}
                <input
                  id={`${id}-value`}
                  name="value"
                  inputMode="decimal"
                  value={value}
                  onChange={(event) => setValue(event.target.value)}
                  aria-invalid={Boolean(problems.value)}
                />
                {problems.value && <span className="field-problem">{problems.value}</span>}
              </label>
            )}
          </div>
          <ReasonField
            className="correction-panel__reason"
            value={reason}
            onChange={setReason}
            problem={problems.reason}
          />
          {form.refusal !== null && <ApiProblem error={form.refusal} />}
          {done && (
            <p className="form-done" role="status">
              {t('corrections.done')}
            </p>
          )}
          <SubmitButton pending={form.pending}>{t('corrections.submit')}</SubmitButton>
        </form>
        <h3 className="correction-history-title">{t('corrections.history')}</h3>
        {history.state.status === 'loaded' && (
          <HistoryTable
            entries={history.state.value.revisions}
            testId="correction-history"
            emptyText={t('corrections.noHistory')}
            columns={[
              {
                header: t('corrections.before'),
                cell: (revision) =>
                  qualifiedValue(revision.oldQualifier, revision.oldValueNgL, revision.oldLoqNgL, language),
              },
              {
                header: t('corrections.after'),
                cell: (revision) =>
                  qualifiedValue(revision.newQualifier, revision.newValueNgL, revision.newLoqNgL, language),
              },
            ]}
          />
        )}
      </section>
      {measurement && (
        <SampleCorrectionForm
          sampleId={measurement.sampleId}
          labSampleId={result.sampleId}
          onCorrected={onCorrected}
        />
      )}
    </div>
  );
}

/**
 * The results the lab may correct: a round's stored results (the lab's own venue rows
 * included), narrowed by site and analyte; a result opens its correction form and history.
 */
export default function LabResultsScreen() {
  const { t } = useTranslation();
  const language = useLanguage();
  const id = useId();
  const rounds = useLoadable(fetchRounds);
  const analytes = useLoadable(fetchAnalytes);
  const roundList = loadedOr(rounds.state, []);
  const [roundId, setRoundId] = useState<string>('');
  const [site, setSite] = useState('');
  const [analyte, setAnalyte] = useState('');
  const [selected, setSelected] = useState<number | null>(null);
  const [version, setVersion] = useState(0);
  const chosenRound = roundId || String(roundList[roundList.length - 1]?.id ?? '');
  const results = useLoadable(
    async (signal) =>
      chosenRound
        ? parseExportedResults(
            await apiRequest<string>(
              `/api/lab/exports.csv?lang=en&roundId=${encodeURIComponent(chosenRound)}`,
              { signal },
            ),
          )
        : [],
    `${chosenRound}-${version}`,
  );
  const list = loadedOr(results.state, []);
  const siteFilter = site.trim().toUpperCase();
  const filtered = list.filter(
    (result) =>
      (!siteFilter || result.siteCode.toUpperCase().includes(siteFilter)) &&
      (!analyte || result.analyteCode === analyte),
  );
  const chosen = list.find((result) => result.id === selected) ?? null;
  const analyteList = loadedOr(analytes.state, []);

  return (
    <div className="page lab-results-screen">
      <h1>{t('corrections.title')}</h1>
      <p className="page__intro">{t('corrections.intro')}</p>
      <form className="filters" noValidate onSubmit={(event) => event.preventDefault()}>
        <label htmlFor={`${id}-round`}>
          {t('corrections.round')}
          <select id={`${id}-round`} value={chosenRound} onChange={(event) => setRoundId(event.target.value)}>
            {[...roundList].reverse().map((round) => (
              <option key={round.id} value={String(round.id)}>
                {round.name}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={`${id}-site`}>
          {t('corrections.site')}
          <input id={`${id}-site`} value={site} onChange={(event) => setSite(event.target.value)} />
        </label>
        <label htmlFor={`${id}-analyte`}>
          {t('corrections.analyte')}
          <select id={`${id}-analyte`} value={analyte} onChange={(event) => setAnalyte(event.target.value)}>
            <option value="">{t('common.all')}</option>
            {analyteList.map((option) => (
              <option key={option.code} value={option.code}>
                {analyteLabel(option.code, analyteList, language)}
              </option>
            ))}
          </select>
        </label>
      </form>
      {results.state.status === 'failed' && (
        <p className="page-problem">{t('common.failed', { message: results.state.error.message })}</p>
      )}
      {results.state.status === 'loaded' && (
        <div className={`lab-results-screen__layout${chosen ? '' : ' lab-results-screen__layout--single'}`}>
          <div className="table-scroll">
            <table className="data-table data-table--compact" data-testid="results-table">
              <caption>
                {t('corrections.caption', {
                  shown: Math.min(shownLimit, filtered.length),
                  total: filtered.length,
                })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('corrections.site')}</th>
                  <th scope="col">{t('corrections.sample')}</th>
                  <th scope="col">{t('corrections.analyte')}</th>
                  <th scope="col">{t('corrections.replicate')}</th>
                  <th scope="col">{t('corrections.value')}</th>
                  <th scope="col">{t('corrections.resultId')}</th>
                  <th scope="col">{t('users.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {filtered.slice(0, shownLimit).map((result) => (
                  <tr
                    key={result.id}
                    data-result-id={result.id}
                    data-site={result.siteCode}
                    data-analyte={result.analyteCode}
                    className={result.id === selected ? 'row--selected' : undefined}
                  >
                    <th scope="row">{result.siteCode}</th>
                    <td>{result.sampleId}</td>
                    <td>{analyteLabel(result.analyteCode, analyteList, language)}</td>
                    <td>{result.replicate}</td>
                    <td>{result.value}</td>
                    <td>{result.id}</td>
                    <td>
                      <button
                        type="button"
                        className="button button--small"
                        aria-expanded={result.id === selected}
                        onClick={() => setSelected(result.id === selected ? null : result.id)}
                      >
                        {t('corrections.open')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {filtered.length === 0 && <p className="hint">{t('corrections.empty')}</p>}
          </div>
          {chosen && (
            <CorrectionPanel
              key={chosen.id}
              result={chosen}
              onCorrected={() => setVersion((count) => count + 1)}
            />
          )}
        </div>
      )}
    </div>
  );
}
