import { type FormEvent, Fragment, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  effectiveSetting,
  fetchUncertaintyHistory,
  removeUncertaintySetting,
  saveUncertaintySetting,
  type SettingScope,
  type UncertaintyCatalogue,
  type UncertaintyRevision,
} from '../api/uncertainty-api';
import { useLoadable } from '../app/use-loadable';
import { formatDateTime } from '../i18n/format-units';
import { ApiProblem } from '../layout/api-problem';
import { SubmitButton } from '../layout/submit-button';
import { useFormSubmit } from '../layout/use-form-submit';

/** One row of a settings table: a component at one scope, with what it applies to. */
export interface SettingRow {
  scope: SettingScope;
  appliesTo: string;
  /** For excretion at an analyte: its factor's status decides the inherited default. */
  provisional?: boolean;
}

/** An RSD as a percentage to type and read (0.1 → "10"). */
const percentOf = (rsd: number) => String(Math.round(rsd * 10_000) / 100);

/** The scope's label: "Site 12", "Grab sample", "Default". */
export function useScopeText() {
  const { t } = useTranslation();
  return (scope: SettingScope) => {
    if (scope.scope === 'collection_type')
      return t(`uncertainty.collectionType.${scope.key}` as 'uncertainty.collectionType.grab');
    if (scope.scope === 'factor')
      return t(`uncertainty.factor.${scope.key}` as 'uncertainty.factor.established');
    return scope.key
      ? `${t(`uncertainty.scope.${scope.scope}`)} ${scope.key}`
      : t('uncertainty.scope.default');
  };
}

/**
 * Component settings as a table: each row's RSD, source and where the value comes from (an
 * admin, the shipped default, or the default inherited); "Change" opens a form with the RSD in
 * per cent, the source and a reason, "Back to the default" removes a stored setting, and the
 * row's history is listed under the form.
 */
export function UncertaintySettingsTable({
  catalogue,
  rows,
  onChanged,
  testId,
}: {
  catalogue: UncertaintyCatalogue;
  rows: readonly SettingRow[];
  onChanged: () => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<string | null>(null);
  const keyOf = (scope: SettingScope) => `${scope.component}|${scope.scope}|${scope.key}`;
  return (
    <div className="table-scroll">
      <table className="data-table data-table--compact uncertainty-table" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{t('uncertainty.appliesTo')}</th>
            <th scope="col">{t('uncertainty.rsd')}</th>
            <th scope="col">{t('uncertainty.source')}</th>
            <th scope="col">{t('uncertainty.origin')}</th>
            <th scope="col">{t('users.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const { setting, stored, inherited } = effectiveSetting(catalogue, row.scope, row.provisional);
            const key = keyOf(row.scope);
            return (
              <Fragment key={key}>
                <tr data-setting={key} className={open === key ? 'row--selected' : undefined}>
                  <th scope="row">
                    {t(`uncertainty.component.${row.scope.component}`)} · {row.appliesTo}
                  </th>
                  <td className="numeric">{setting ? `${percentOf(setting.rsd)} %` : '—'}</td>
                  <td className="uncertainty-table__source">{setting?.source ?? '—'}</td>
                  <td>
                    {stored ? (
                      <span className="tag tag--warning">{t('uncertainty.originStored')}</span>
                    ) : inherited ? (
                      t('uncertainty.originInherited')
                    ) : (
                      t('uncertainty.originDefault')
                    )}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="button button--small"
                      aria-expanded={open === key}
                      onClick={() => setOpen(open === key ? null : key)}
                    >
                      {t('uncertainty.change')}
                    </button>
                  </td>
                </tr>
                {open === key && (
                  <tr className="uncertainty-table__editor">
                    <td colSpan={5}>
                      <SettingEditor
                        scope={row.scope}
                        rsd={setting?.rsd ?? null}
                        source={setting?.source ?? ''}
                        stored={stored}
                        maxRsd={catalogue.maxRsd}
                        onChanged={onChanged}
                      />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function SettingEditor({
  scope,
  rsd,
  source,
  stored,
  maxRsd,
  onChanged,
}: {
  scope: SettingScope;
  rsd: number | null;
  source: string;
  stored: boolean;
  maxRsd: number;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [percent, setPercent] = useState(rsd === null ? '' : percentOf(rsd));
  const [sourceText, setSourceText] = useState(source);
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  const form = useFormSubmit();
  const busy = form.pending;
  const [version, setVersion] = useState(0);

  const run = async (action: () => Promise<unknown>, doneText: string) => {
    setDone(null);
    const outcome = await form.send(action);
    if (!outcome.sent) return;
    setReason('');
    setDone(doneText);
    setVersion((v) => v + 1);
    onChanged();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    const value = Number(percent.trim());
    if (percent.trim() === '' || !Number.isFinite(value) || value < 0 || value > maxRsd * 100)
      found.rsd = t('uncertainty.rsdRule', { max: maxRsd * 100 });
    if (sourceText.trim() === '') found.source = t('uncertainty.sourceRequired');
    if (reason.trim() === '') found.reason = t('common.reasonRequired');
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    void run(
      () =>
        saveUncertaintySetting({
          ...scope,
          rsd: value / 100,
          source: sourceText.trim(),
          reason: reason.trim(),
        }),
      t('uncertainty.saved'),
    );
  };

  const reset = () => {
    if (reason.trim() === '') {
      setProblems({ reason: t('common.reasonRequired') });
      return;
    }
    setProblems({});
    void run(() => removeUncertaintySetting({ ...scope, reason: reason.trim() }), t('uncertainty.resetDone'));
  };

  return (
    <div className="uncertainty-editor" data-testid="uncertainty-editor">
      <form noValidate onSubmit={submit}>
        <div className="form-grid">
          <label htmlFor={`${id}-rsd`}>
            {t('uncertainty.rsd')}
            <input
              id={`${id}-rsd`}
              name="rsd"
              inputMode="decimal"
              value={percent}
              onChange={(event) => setPercent(event.target.value)}
              aria-invalid={Boolean(problems.rsd)}
            />
            {problems.rsd && <span className="field-problem">{problems.rsd}</span>}
          </label>
          <label htmlFor={`${id}-source`}>
            {t('uncertainty.source')}
            <input
              id={`${id}-source`}
              name="source"
              maxLength={2000}
              value={sourceText}
              onChange={(event) => setSourceText(event.target.value)}
              aria-invalid={Boolean(problems.source)}
            />
            {problems.source && <span className="field-problem">{problems.source}</span>}
          </label>
        </div>
        <label htmlFor={`${id}-reason`} className="analyte-editor__reason">
          {t('uncertainty.reason')}
          <textarea
            id={`${id}-reason`}
            name="reason"
            rows={2}
            maxLength={2000}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            aria-invalid={Boolean(problems.reason)}
          />
          {problems.reason && <span className="field-problem">{problems.reason}</span>}
        </label>
        {form.refusal !== null && <ApiProblem error={form.refusal} />}
        {done && (
          <p className="form-done" role="status">
            {done}
          </p>
        )}
        <div className="button-row">
          <SubmitButton pending={busy}>{t('uncertainty.save')}</SubmitButton>
          {stored && (
            <button type="button" className="button" disabled={busy} onClick={reset}>
              {t('uncertainty.reset')}
            </button>
          )}
        </div>
      </form>
      <SettingHistory scope={scope} version={version} />
    </div>
  );
}

function SettingHistory({ scope, version }: { scope: SettingScope; version: number }) {
  const { t } = useTranslation();
  const history = useLoadable(
    (signal) => fetchUncertaintyHistory(scope, signal),
    `${scope.component}|${scope.scope}|${scope.key}|${version}`,
  );
  const rsdText = (revision: UncertaintyRevision['before']) =>
    revision ? `${percentOf(revision.rsd)} %` : t('uncertainty.originDefault');
  return (
    <>
      <h3>{t('uncertainty.history')}</h3>
      {history.state.status === 'loaded' && history.state.value.length === 0 && (
        <p className="hint">{t('uncertainty.noHistory')}</p>
      )}
      {history.state.status === 'loaded' && history.state.value.length > 0 && (
        <table className="data-table data-table--compact" data-testid="uncertainty-history">
          <thead>
            <tr>
              <th scope="col">{t('audit.at')}</th>
              <th scope="col">{t('audit.actor')}</th>
              <th scope="col">{t('audit.change')}</th>
              <th scope="col">{t('common.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {[...history.state.value].reverse().map((revision) => (
              <tr key={revision.id}>
                <td>{formatDateTime(revision.at)}</td>
                <td>{revision.actorName ?? '—'}</td>
                <td>
                  {rsdText(revision.before)} →{' '}
                  {revision.after ? rsdText(revision.after) : t('uncertainty.removed')}
                  {revision.after && revision.after.source !== revision.before?.source && (
                    <div className="hint">
                      {t('uncertainty.source')}: {revision.after.source}
                    </div>
                  )}
                </td>
                <td>{revision.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
