import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type Analyte,
  type AnalyteEdit,
  editAnalyte,
  fetchAnalyteHistory,
  fetchAnalytes,
} from '../api/analytes-api';
import { useLoadable } from '../app/use-loadable';
import { textIfKnown } from '../i18n/text-if-known';
import { ApiProblem } from '../layout/api-problem';
import { SubmitButton } from '../layout/submit-button';
import { useFormSubmit } from '../layout/use-form-submit';
import { HistoryTable } from '../layout/history-table';
import { ReasonField } from '../layout/reason-field';
import { UncertaintyAnalytePanel } from './uncertainty-analyte-panel';

/** Fields shown but never sent: the server's chemistry and bookkeeping. */
const readOnlyFields = new Set([
  'code',
  'name',
  'residue',
  'parentDrug',
  'molarMassDrugGPerMol',
  'molarMassResidueGPerMol',
  'aliases',
  'updatedAt',
  'revisionId',
]);
/** Fields with their own inputs below; anything else the server sends is offered generically. */
const knownEditable = ['nameZh', 'nameEn', 'correctionFactor', 'excretedFraction', 'provisional', 'source'];

type Primitive = string | number | boolean | null;
const isPrimitive = (value: unknown): value is Primitive =>
  value === null || ['string', 'number', 'boolean'].includes(typeof value);

/** Extra fields of an analyte (flags, bounds the server may add): name → value. */
export function extraAnalyteFields(analyte: Analyte): [string, Primitive][] {
  return Object.entries(analyte).filter(
    (entry): entry is [string, Primitive] =>
      !readOnlyFields.has(entry[0]) && !knownEditable.includes(entry[0]) && isPrimitive(entry[1]),
  );
}

/** A field's label: translated when the dictionary knows it, else its name as sent. */
function useFieldLabel() {
  const { i18n } = useTranslation();
  return (field: string) => textIfKnown(i18n, `analytes.field.${field}`, field);
}

/** The fields a revision changed (its before and after are whole records). */
export function changedFields(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): string[] {
  return Object.keys(after ?? {}).filter(
    (field) => field !== 'updatedAt' && JSON.stringify(before?.[field]) !== JSON.stringify(after?.[field]),
  );
}

function showValue(value: unknown, yes: string, no: string): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? yes : no;
  if (Array.isArray(value)) return value.join('、');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** The draft of the edit form as text, and what it becomes when sent (only what changed). */
function AnalyteEditor({ analyte, onSaved }: { analyte: Analyte; onSaved: () => void }) {
  const { t } = useTranslation();
  const label = useFieldLabel();
  const id = useId();
  const extras = extraAnalyteFields(analyte);
  const initial = Object.fromEntries(
    [...knownEditable, ...extras.map(([field]) => field)].map((field) => {
      const value = field === 'nameEn' ? (analyte.nameEn ?? analyte.name) : analyte[field];
      return [
        field,
        typeof value === 'boolean' ? value : value === null || value === undefined ? '' : String(value),
      ];
    }),
  ) as Record<string, string | boolean>;
  const [draft, setDraft] = useState(initial);
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const form = useFormSubmit();
  const history = useLoadable(
    (signal) => fetchAnalyteHistory(analyte.code, signal),
    `${analyte.code}-${String(analyte.updatedAt)}`,
  );

  const numberFields = new Set([
    'correctionFactor',
    'excretedFraction',
    ...extras.filter(([, value]) => typeof value === 'number').map(([field]) => field),
  ]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    const edit: AnalyteEdit = { reason: reason.trim() };
    for (const [field, value] of Object.entries(draft)) {
      if (value === initial[field]) continue;
      if (typeof value === 'boolean') edit[field] = value;
      else if (numberFields.has(field)) {
        if (value.trim() === '') edit[field] = null;
        else if (!Number.isFinite(Number(value)) || Number(value) <= 0)
          found[field] = t('forms.positiveNumber');
        else if (field === 'excretedFraction' && Number(value) > 1) found[field] = t('analytes.fractionRule');
        else edit[field] = Number(value);
      } else if ((field === 'nameZh' || field === 'nameEn') && value.trim() === '')
        found[field] = t('forms.required');
      else edit[field] = value.trim() === '' ? null : value.trim();
    }
    if (Object.keys(edit).length === 1) found.form = t('analytes.nothingChanged');
    if (reason.trim() === '') found.reason = t('common.reasonRequired');
    setProblems(found);
    form.clearRefusal();
    setSaved(false);
    if (Object.keys(found).length > 0) return;
    const outcome = await form.send(() => editAnalyte(analyte.code, edit));
    if (!outcome.sent) return;
    setReason('');
    setSaved(true);
    onSaved();
  };

  const input = (field: string) => {
    const value = draft[field];
    const inputId = `${id}-${field}`;
    return (
      <label
        key={field}
        htmlFor={inputId}
        className={typeof value === 'boolean' ? 'checkbox-label' : undefined}
      >
        {typeof value === 'boolean' ? (
          <input
            id={inputId}
            name={field}
            type="checkbox"
            checked={value}
            onChange={(event) => setDraft({ ...draft, [field]: event.target.checked })}
          />
        ) : null}
        {label(field)}
        {typeof value !== 'boolean' && (
          <input
            id={inputId}
            name={field}
            inputMode={numberFields.has(field) ? 'decimal' : undefined}
            value={value}
            onChange={(event) => setDraft({ ...draft, [field]: event.target.value })}
            aria-invalid={Boolean(problems[field])}
          />
        )}
        {problems[field] && <span className="field-problem">{problems[field]}</span>}
      </label>
    );
  };

  return (
    <section className="analyte-editor" aria-labelledby={`${id}-title`} data-testid="analyte-editor">
      <h2 id={`${id}-title`}>
        {analyte.nameZh} · {analyte.nameEn ?? analyte.name} ({analyte.code})
      </h2>
      <form noValidate onSubmit={(event) => void submit(event)}>
        <div className="form-grid">{[...knownEditable, ...extras.map(([field]) => field)].map(input)}</div>
        <ReasonField
          className="analyte-editor__reason"
          label={t('analytes.reason')}
          value={reason}
          onChange={setReason}
          problem={problems.reason}
        />
        {problems.form && <p className="field-problem">{problems.form}</p>}
        {form.refusal !== null && <ApiProblem error={form.refusal} />}
        {saved && (
          <p className="form-done" role="status">
            {t('analytes.saved')}
          </p>
        )}
        <SubmitButton pending={form.pending}>{t('analytes.save')}</SubmitButton>
      </form>
      <h3>{t('analytes.history')}</h3>
      {history.state.status === 'loaded' && (
        <HistoryTable
          entries={history.state.value}
          testId="analyte-history"
          emptyText={t('analytes.noHistory')}
          columns={[
            {
              header: t('audit.change'),
              cell: (revision) =>
                changedFields(revision.before, revision.after).map((field) => (
                  <div key={field}>
                    {label(field)}: {showValue(revision.before?.[field], t('analytes.yes'), t('analytes.no'))}{' '}
                    → {showValue(revision.after?.[field], t('analytes.yes'), t('analytes.no'))}
                  </div>
                )),
            },
          ]}
        />
      )}
    </section>
  );
}

/** The analyte catalogue: every analyte's names, factors, flags and source; edit one with a reason. */
export default function AnalytesScreen() {
  const { t } = useTranslation();
  const label = useFieldLabel();
  const analytes = useLoadable(fetchAnalytes);
  const [selected, setSelected] = useState<string | null>(null);
  const list = analytes.state.status === 'loaded' ? analytes.state.value : [];
  const chosen = list.find((analyte) => analyte.code === selected) ?? null;
  // Extra columns: every extra field any analyte carries.
  const extraColumns = [
    ...new Set(list.flatMap((analyte) => extraAnalyteFields(analyte).map(([field]) => field))),
  ];
  const yes = t('analytes.yes');
  const no = t('analytes.no');

  return (
    <div className="page analytes-screen">
      <h1>{t('analytes.title')}</h1>
      <p className="page__intro">{t('analytes.intro')}</p>
      {analytes.state.status === 'failed' && (
        <p className="page-problem">{t('common.failed', { message: analytes.state.error.message })}</p>
      )}
      <div className="table-scroll">
        <table className="data-table data-table--compact" data-testid="analytes-table">
          <thead>
            <tr>
              <th scope="col">{label('code')}</th>
              <th scope="col">{label('nameZh')}</th>
              <th scope="col">{label('nameEn')}</th>
              <th scope="col">{label('correctionFactor')}</th>
              <th scope="col">{label('excretedFraction')}</th>
              <th scope="col">{label('provisional')}</th>
              {extraColumns.map((field) => (
                <th key={field} scope="col">
                  {label(field)}
                </th>
              ))}
              <th scope="col">{label('source')}</th>
              <th scope="col">{t('users.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((analyte) => (
              <tr
                key={analyte.code}
                data-code={analyte.code}
                className={analyte.code === selected ? 'row--selected' : undefined}
              >
                <th scope="row">{analyte.code}</th>
                <td>{analyte.nameZh}</td>
                <td>{analyte.nameEn ?? analyte.name}</td>
                <td>{showValue(analyte.correctionFactor, yes, no)}</td>
                <td>{showValue(analyte.excretedFraction, yes, no)}</td>
                <td>{analyte.provisional ? <span className="tag tag--warning">{yes}</span> : no}</td>
                {extraColumns.map((field) => (
                  <td key={field}>{showValue(analyte[field], yes, no)}</td>
                ))}
                <td className="analytes-table__source">{showValue(analyte.source, yes, no)}</td>
                <td>
                  <button
                    type="button"
                    className="button button--small"
                    aria-expanded={analyte.code === selected}
                    onClick={() => setSelected(analyte.code === selected ? null : analyte.code)}
                  >
                    {t('analytes.edit')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {chosen && <AnalyteEditor key={`editor-${chosen.code}`} analyte={chosen} onSaved={analytes.reload} />}
      {chosen && (
        <UncertaintyAnalytePanel
          key={`uncertainty-${chosen.code}`}
          code={chosen.code}
          provisional={chosen.provisional === true}
        />
      )}
    </div>
  );
}
