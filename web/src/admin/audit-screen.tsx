import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AuditFilter, auditCsvUrl, fetchAudit } from '../api/audit-api';
import { useLoadable } from '../app/use-loadable';
import { formatDateTime } from '../i18n/format-units';
import { textIfKnown } from '../i18n/text-if-known';
import { useLanguage } from '../i18n/use-language';
import { DateInput } from '../layout/date-input';
import { changeLines } from './audit-change';

/** The entities the server writes to the audit log, for the filter's choices. */
export const auditEntities = [
  'user',
  'round',
  'survey_area',
  'analyte',
  'measurement',
  'import_batch',
  'alert',
  'finding',
  'flight',
  'flight_images',
  'camera',
  'site',
  'basemap',
  'campaign',
  'plausibility_bound',
  'terrain_dem',
  'uncertainty_component',
  'office',
] as const;

/** The actions seen in the log, offered as suggestions (the field takes any). */
export const auditActions = [
  'create',
  'update',
  'import',
  'correct',
  'upload',
  'acknowledge',
  'escalate',
  'dismiss',
  'login',
  'login_failed',
  'set_password',
  'disable',
  'note',
  'remove',
  'raise',
  'assign',
  'verify',
  'eradicate',
  'reject',
  'resurvey',
  'reprocess',
  'rebuild_coverage',
  'delete',
] as const;

/** A calendar day in China as the start of that day with its offset (the API wants date-times). */
function dayStart(isoDate: string, plusDays = 0): string {
  const day = new Date(`${isoDate}T00:00:00+08:00`);
  day.setUTCDate(day.getUTCDate() + plusDays);
  return `${new Date(day.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)}T00:00:00+08:00`;
}

/** The audit log with filters (entity, actor, action, days) and the same selection as CSV. */
export default function AuditScreen() {
  const { t, i18n } = useTranslation();
  const language = useLanguage();
  const id = useId();
  const [draft, setDraft] = useState({ entity: '', actor: '', action: '', from: '', to: '' });
  const [filter, setFilter] = useState<AuditFilter>({});
  const [problem, setProblem] = useState<string | null>(null);
  const entries = useLoadable((signal) => fetchAudit(filter, signal), JSON.stringify(filter));

  const apply = (event: FormEvent) => {
    event.preventDefault();
    if (draft.from && draft.to && draft.to < draft.from) {
      setProblem(t('audit.toBeforeFrom'));
      return;
    }
    setProblem(null);
    setFilter({
      entity: draft.entity || undefined,
      actor: draft.actor.trim() || undefined,
      action: draft.action.trim() || undefined,
      from: draft.from ? dayStart(draft.from) : undefined,
      // The whole last day: up to the start of the next.
      to: draft.to ? dayStart(draft.to, 1) : undefined,
    });
  };
  const entityName = (entity: string) => textIfKnown(i18n, `audit.entity.${entity}`, entity);
  const actionName = (action: string) => textIfKnown(i18n, `audit.action.${action}`, action);

  return (
    <div className="page audit-screen">
      <h1>{t('audit.title')}</h1>
      <p className="page__intro">{t('audit.intro')}</p>
      <form className="filters" noValidate onSubmit={apply} data-testid="audit-filters">
        <label htmlFor={`${id}-entity`}>
          {t('audit.entityLabel')}
          <select
            id={`${id}-entity`}
            name="entity"
            value={draft.entity}
            onChange={(event) => setDraft({ ...draft, entity: event.target.value })}
          >
            <option value="">{t('common.all')}</option>
            {auditEntities.map((entity) => (
              <option key={entity} value={entity}>
                {entityName(entity)}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={`${id}-actor`}>
          {t('audit.actor')}
          <input
            id={`${id}-actor`}
            name="actor"
            value={draft.actor}
            onChange={(event) => setDraft({ ...draft, actor: event.target.value })}
          />
        </label>
        <label htmlFor={`${id}-action`}>
          {t('audit.actionLabel')}
          <select
            id={`${id}-action`}
            name="action"
            value={draft.action}
            onChange={(event) => setDraft({ ...draft, action: event.target.value })}
          >
            <option value="">{t('common.all')}</option>
            {auditActions.map((action) => (
              <option key={action} value={action}>
                {actionName(action)}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={`${id}-from`}>
          {t('audit.from')}
          <DateInput
            id={`${id}-from`}
            name="from"
            value={draft.from}
            onChange={(from) => setDraft((current) => ({ ...current, from }))}
          />
        </label>
        <label htmlFor={`${id}-to`}>
          {t('audit.to')}
          <DateInput
            id={`${id}-to`}
            name="to"
            value={draft.to}
            onChange={(to) => setDraft((current) => ({ ...current, to }))}
          />
        </label>
        <button type="submit" className="button button--primary">
          {t('audit.apply')}
        </button>
        <a className="button button--quiet" href={auditCsvUrl(filter)} download data-testid="audit-csv">
          {t('audit.csv')}
        </a>
      </form>
      {problem && (
        <p className="field-problem" role="alert">
          {problem}
        </p>
      )}
      {entries.state.status === 'failed' && (
        <p className="page-problem">{t('common.failed', { message: entries.state.error.message })}</p>
      )}
      {entries.state.status === 'loaded' && (
        <div className="table-scroll">
          <table className="data-table audit-table" data-testid="audit-table">
            <caption>{t('audit.caption', { count: entries.state.value.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('audit.at')}</th>
                <th scope="col">{t('audit.actor')}</th>
                <th scope="col">{t('audit.actionLabel')}</th>
                <th scope="col">{t('audit.entityLabel')}</th>
                <th scope="col">{t('audit.entityId')}</th>
                <th scope="col">{t('audit.change')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.state.value.map((entry) => (
                <tr key={entry.id} data-entity={entry.entity} data-action={entry.action}>
                  <td>
                    <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
                  </td>
                  <td>{entry.actor ?? t('audit.system')}</td>
                  <td>{actionName(entry.action)}</td>
                  <td>{entityName(entry.entity)}</td>
                  <td>{entry.entityId ?? '—'}</td>
                  <td className="audit-table__change">
                    {changeLines(
                      entry,
                      (key, fallback, values) => textIfKnown(i18n, key, fallback, values),
                      language,
                    ).map((line) => (
                      <code key={line}>{line}</code>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {entries.state.value.length === 0 && <p className="hint">{t('audit.empty')}</p>}
        </div>
      )}
    </div>
  );
}
