import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { analyteLabel, fetchAnalytes } from '../api/analytes-api';
import { fetchAudit } from '../api/audit-api';
import {
  boundScopeId,
  boundsInForce,
  fetchPlausibilityBounds,
  PLAUSIBILITY_QUANTITIES,
  type PlausibilityBound,
  type PlausibilityQuantity,
  putPlausibilityBound,
  SITE_KINDS,
} from '../api/plausibility-api';
import { loadedOr, useLoadable } from '../app/use-loadable';
import { formatNumber } from '../i18n/format-units';
import { useLanguage } from '../i18n/use-language';
import { ApiProblem } from '../layout/api-problem';
import { SubmitButton } from '../layout/submit-button';
import { useFormSubmit } from '../layout/use-form-submit';
import { HistoryTable } from '../layout/history-table';
import { ReasonField } from '../layout/reason-field';

type Draft = Record<'hardMin' | 'hardMax' | 'softMin' | 'softMax' | 'source', string> & {
  quantity: PlausibilityQuantity;
  analyteCode: string;
  siteKind: string;
  hardMinExclusive: boolean;
};

const draftOf = (bound: PlausibilityBound): Draft => ({
  quantity: bound.quantity,
  analyteCode: bound.analyteCode ?? '',
  siteKind: bound.siteKind ?? '',
  hardMinExclusive: bound.hardMinExclusive,
  hardMin: String(bound.hardMin),
  hardMax: String(bound.hardMax),
  softMin: bound.softMin === null ? '' : String(bound.softMin),
  softMax: bound.softMax === null ? '' : String(bound.softMax),
  source: bound.source,
});

/** The form that sets one scope's bound: numbers checked here (hard above hard, soft within hard), then by the server. */
function BoundEditor({
  initial,
  units,
  analyteCodes,
  onSaved,
}: {
  initial: PlausibilityBound;
  units: Record<PlausibilityQuantity, string>;
  analyteCodes: readonly { code: string; label: string }[];
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState<Draft>(draftOf(initial));
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const form = useFormSubmit();
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft({ ...draft, [key]: value });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    const number = (key: 'hardMin' | 'hardMax' | 'softMin' | 'softMax', optional: boolean) => {
      const text = draft[key].trim();
      if (text === '' && optional) return null;
      const value = Number(text);
      if (text === '' || !Number.isFinite(value) || value < 0) found[key] = t('bounds.numberRule');
      return value;
    };
    const hardMin = number('hardMin', false);
    const hardMax = number('hardMax', false);
    const softMin = number('softMin', true);
    const softMax = number('softMax', true);
    if (!found.hardMax && !found.hardMin && hardMax !== null && hardMin !== null && !(hardMax > hardMin))
      found.hardMax = t('bounds.hardOrder');
    for (const [key, value] of [
      ['softMin', softMin],
      ['softMax', softMax],
    ] as const)
      if (
        !found[key] &&
        value !== null &&
        hardMin !== null &&
        hardMax !== null &&
        (value < hardMin || value > hardMax)
      )
        found[key] = t('bounds.softWithinHard');
    if (draft.source.trim() === '') found.source = t('forms.required');
    if (reason.trim() === '') found.reason = t('common.reasonRequired');
    setProblems(found);
    form.clearRefusal();
    setSaved(false);
    if (Object.keys(found).length > 0) return;
    const outcome = await form.send(() =>
      putPlausibilityBound({
        quantity: draft.quantity,
        analyteCode: draft.analyteCode || null,
        siteKind: draft.siteKind || null,
        hardMin: hardMin!,
        hardMinExclusive: draft.hardMinExclusive,
        hardMax: hardMax!,
        softMin,
        softMax,
        source: draft.source.trim(),
        reason: reason.trim(),
      }),
    );
    if (!outcome.sent) return;
    setSaved(true);
    setReason('');
    onSaved();
  };

  const numberInput = (key: 'hardMin' | 'hardMax' | 'softMin' | 'softMax') => (
    <label htmlFor={`${id}-${key}`}>
      {t(`bounds.${key}`)} ({units[draft.quantity]})
      <input
        id={`${id}-${key}`}
        name={key}
        inputMode="decimal"
        value={draft[key]}
        onChange={(event) => set(key, event.target.value)}
        aria-invalid={Boolean(problems[key])}
      />
      {problems[key] && <span className="field-problem">{problems[key]}</span>}
    </label>
  );

  return (
    <form
      noValidate
      onSubmit={(event) => void submit(event)}
      data-testid="bound-editor"
      className="bound-editor"
    >
      <div className="form-grid">
        <label htmlFor={`${id}-quantity`}>
          {t('bounds.quantity')}
          <select
            id={`${id}-quantity`}
            name="quantity"
            value={draft.quantity}
            onChange={(event) => set('quantity', event.target.value as PlausibilityQuantity)}
          >
            {PLAUSIBILITY_QUANTITIES.map((quantity) => (
              <option key={quantity} value={quantity}>
                {t(`bounds.quantityName.${quantity}`)}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={`${id}-analyte`}>
          {t('bounds.analyte')}
          <select
            id={`${id}-analyte`}
            name="analyteCode"
            value={draft.analyteCode}
            disabled={draft.quantity !== 'concentration'}
            onChange={(event) => set('analyteCode', event.target.value)}
          >
            <option value="">{t('bounds.any')}</option>
            {analyteCodes.map((analyte) => (
              <option key={analyte.code} value={analyte.code}>
                {analyte.label}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={`${id}-siteKind`}>
          {t('bounds.siteKind')}
          <select
            id={`${id}-siteKind`}
            name="siteKind"
            value={draft.siteKind}
            onChange={(event) => set('siteKind', event.target.value)}
          >
            <option value="">{t('bounds.any')}</option>
            {SITE_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`map.siteKind.${kind}`)}
              </option>
            ))}
          </select>
        </label>
        {numberInput('hardMin')}
        <label className="checkbox-label">
          <input
            type="checkbox"
            name="hardMinExclusive"
            checked={draft.hardMinExclusive}
            onChange={(event) => set('hardMinExclusive', event.target.checked)}
          />
          {t('bounds.hardMinExclusive')}
        </label>
        {numberInput('hardMax')}
        {numberInput('softMin')}
        {numberInput('softMax')}
      </div>
      <label htmlFor={`${id}-source`} className="bound-editor__source">
        {t('bounds.source')}
        <input
          id={`${id}-source`}
          name="source"
          value={draft.source}
          maxLength={2000}
          onChange={(event) => set('source', event.target.value)}
          aria-invalid={Boolean(problems.source)}
        />
        {problems.source && <span className="field-problem">{problems.source}</span>}
      </label>
      <ReasonField value={reason} onChange={setReason} problem={problems.reason} />
      {form.refusal !== null && <ApiProblem error={form.refusal} />}
      {saved && (
        <p className="form-done" role="status">
          {t('bounds.saved')}
        </p>
      )}
      <SubmitButton pending={form.pending}>{t('bounds.save')}</SubmitButton>
    </form>
  );
}

/**
 * Plausibility bounds (admins): the bound in force for each quantity × analyte × site kind,
 * default or stored, with its source; an editor that sets one with a reason; every change from
 * the audit log. Beyond a hard bound a lab row is refused; beyond a soft one the lab confirms it.
 */
export default function PlausibilityScreen() {
  const { t } = useTranslation();
  const language = useLanguage();
  const [version, setVersion] = useState(0);
  const bounds = useLoadable(fetchPlausibilityBounds, String(version));
  const analytes = useLoadable(fetchAnalytes);
  const history = useLoadable(
    (signal) => fetchAudit({ entity: 'plausibility_bound' }, signal),
    String(version),
  );
  const [editing, setEditing] = useState<PlausibilityBound | null>(null);
  const analyteList = loadedOr(analytes.state, []);
  const analyteCodes = analyteList.map((a) => ({
    code: a.code,
    label: analyteLabel(a.code, analyteList, language),
  }));
  const show = (value: number | null) => (value === null ? '—' : formatNumber(value, language));
  const scopeText = (bound: Pick<PlausibilityBound, 'quantity' | 'analyteCode' | 'siteKind'>) =>
    [
      t(`bounds.quantityName.${bound.quantity}`),
      bound.analyteCode ? analyteLabel(bound.analyteCode, analyteList, language) : t('bounds.any'),
      bound.siteKind ? t(`map.siteKind.${bound.siteKind}` as 'map.siteKind.wwtp') : t('bounds.any'),
    ].join(' · ');

  return (
    <div className="page plausibility-screen">
      <h1>{t('bounds.title')}</h1>
      <p className="page__intro">{t('bounds.intro')}</p>
      {bounds.state.status === 'failed' && (
        <p className="page-problem">{t('common.failed', { message: bounds.state.error.message })}</p>
      )}
      {bounds.state.status === 'loaded' && (
        <>
          <div className="table-scroll">
            <table className="data-table data-table--compact" data-testid="bounds-table">
              <thead>
                <tr>
                  <th scope="col">{t('bounds.scope')}</th>
                  <th scope="col">{t('bounds.unit')}</th>
                  <th scope="col">{t('bounds.hard')}</th>
                  <th scope="col">{t('bounds.soft')}</th>
                  <th scope="col">{t('bounds.source')}</th>
                  <th scope="col">{t('bounds.origin')}</th>
                  <th scope="col">{t('users.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {boundsInForce(bounds.state.value).map((bound) => (
                  <tr key={boundScopeId(bound)} data-scope={boundScopeId(bound)}>
                    <th scope="row">{scopeText(bound)}</th>
                    <td>
                      {bounds.state.status === 'loaded' ? bounds.state.value.units[bound.quantity] : ''}
                    </td>
                    <td>
                      {bound.hardMinExclusive ? '>' : '≥'} {show(bound.hardMin)} … ≤ {show(bound.hardMax)}
                    </td>
                    <td>
                      {show(bound.softMin)} … {show(bound.softMax)}
                    </td>
                    <td className="plausibility-screen__source">{bound.source}</td>
                    <td>{bound.stored ? t('bounds.stored') : t('bounds.default')}</td>
                    <td>
                      <button
                        type="button"
                        className="button button--small"
                        onClick={() => setEditing(bound)}
                      >
                        {t('analytes.edit')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p>
            <button
              type="button"
              className="button"
              onClick={() =>
                setEditing({
                  quantity: 'concentration',
                  analyteCode: null,
                  siteKind: null,
                  hardMin: 0,
                  hardMinExclusive: false,
                  hardMax: 1e7,
                  softMin: null,
                  softMax: null,
                  source: '',
                })
              }
            >
              {t('bounds.new')}
            </button>
          </p>
          {editing && (
            <section aria-label={t('bounds.editTitle')}>
              <h2>
                {t('bounds.editTitle')}: {scopeText(editing)}
              </h2>
              <BoundEditor
                key={boundScopeId(editing) + editing.source}
                initial={editing}
                units={bounds.state.value.units}
                analyteCodes={analyteCodes}
                onSaved={() => setVersion((count) => count + 1)}
              />
            </section>
          )}
        </>
      )}
      <h2>{t('bounds.history')}</h2>
      {history.state.status === 'failed' && (
        <p className="page-problem">{t('common.failed', { message: history.state.error.message })}</p>
      )}
      {history.state.status === 'loaded' && (
        <HistoryTable
          testId="bounds-history"
          emptyText={t('bounds.noHistory')}
          entries={[...history.state.value].reverse().map((entry) => {
            const after = (entry.after ?? {}) as Partial<PlausibilityBound> & { reason?: string };
            const before = (entry.before ?? null) as Record<string, number | null> | null;
            return {
              id: entry.id,
              at: entry.at,
              actorName: entry.actor,
              reason: after.reason ?? null,
              after,
              before,
            };
          })}
          columns={[
            {
              header: t('bounds.scope'),
              cell: (entry) =>
                entry.after.quantity
                  ? scopeText({
                      quantity: entry.after.quantity,
                      analyteCode: entry.after.analyteCode ?? null,
                      siteKind: entry.after.siteKind ?? null,
                    })
                  : '—',
            },
            {
              header: t('bounds.hard'),
              cell: (entry) =>
                `${entry.before ? `${show(entry.before.hard_min ?? null)} … ${show(entry.before.hard_max ?? null)}` : t('bounds.default')} → ${show(entry.after.hardMin ?? null)} … ${show(entry.after.hardMax ?? null)}`,
            },
            {
              header: t('bounds.soft'),
              cell: (entry) =>
                `${entry.before ? `${show(entry.before.soft_min ?? null)} … ${show(entry.before.soft_max ?? null)}` : t('bounds.default')} → ${show(entry.after.softMin ?? null)} … ${show(entry.after.softMax ?? null)}`,
            },
          ]}
        />
      )}
    </div>
  );
}
