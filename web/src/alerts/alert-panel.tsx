import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type Alert,
  type AlertAction,
  type AlertLoad,
  addAlertNote,
  assignAlert,
  fetchAlertWithHistory,
} from '../api/alerts-api';
import { useLoadable } from '../app/use-loadable';
import { useSessionUser } from '../auth/session-context';
import { formatDateTime } from '../i18n/format-units';
import { textIfKnown } from '../i18n/text-if-known';
import { useLanguage } from '../i18n/use-language';
import { ApiProblem } from '../layout/api-problem';
import { SubmitButton } from '../layout/submit-button';
import { useFormSubmit } from '../layout/use-form-submit';
import { mapLinkHref } from '../map/map-link';
import { alertLoadText } from './alert-load-text';
import { alertDetailText, alertKindLabel } from './alert-text';
import { actionsFor } from './alerts-table';

export interface AlertPanelProps {
  alertId: string;
  /** Changes whenever the inbox re-reads its alerts (a live event, a step): the panel follows. */
  version: number;
  siteName: (alert: Alert) => string;
  roundName: (alert: Alert) => string;
  analyteName: (alert: Alert) => string;
  onAction: (alert: Alert, action: AlertAction) => void;
  /** After an assignment or a note: the inbox re-reads its list. */
  onChanged: () => void;
  onClose: () => void;
}

/**
 * One alert beside the inbox: when its sample was taken, its load with the 95 % interval, the
 * rule's sentence, a link to the site's drawer on the map at its round, who it is assigned to
 * (to me, to another analyst), its notes (add one) and its history (every step, why, by whom).
 */
export function AlertPanel(props: AlertPanelProps) {
  const { alertId, version, siteName, roundName, analyteName, onAction, onChanged, onClose } = props;
  const { t, i18n } = useTranslation();
  const language = useLanguage();
  const me = useSessionUser();
  const loaded = useLoadable(
    (signal) => fetchAlertWithHistory(Number(alertId), signal),
    `${alertId}:${version}`,
  );
  const { reload } = loaded;
  const [assignee, setAssignee] = useState('');
  const [note, setNote] = useState('');
  // One step at a time (assign, note), its refusal said in the interface language.
  const form = useFormSubmit();
  const busy = form.pending;
  const [problem, setProblem] = useState<string | null>(null);

  const run = async (step: () => Promise<unknown>) => {
    setProblem(null);
    const outcome = await form.send(step);
    if (!outcome.sent) return false;
    reload();
    onChanged();
    return true;
  };
  const assign = (username: string | null) => void run(() => assignAlert(Number(alertId), username));
  const submitNote = async (event: FormEvent) => {
    event.preventDefault();
    if (note.trim() === '') {
      form.clearRefusal();
      setProblem(t('inbox.noteRequired'));
      return;
    }
    if (await run(() => addAlertNote(Number(alertId), note.trim()))) setNote('');
  };

  const alert = loaded.state.status === 'loaded' ? loaded.state.value : null;
  const loadUnit = (load: AlertLoad) =>
    load.field === 'normalisedLoadMgPerDayPer1000' ? t('units.loadPer1000') : 'mg/d';

  return (
    <aside
      className="alert-panel"
      aria-labelledby="alert-panel-title"
      data-testid="alert-panel"
      data-alert-id={alertId}
    >
      <header className="alert-panel__header">
        <h2 id="alert-panel-title">
          {alert ? `${alertKindLabel(alert.kind, i18n)} · ${siteName(alert)}` : t('common.loading')}
        </h2>
        <button
          type="button"
          className="button button--quiet"
          onClick={onClose}
          aria-label={t('inbox.closePanel')}
        >
          ×
        </button>
      </header>
      {loaded.state.status === 'failed' && (
        <p className="form-problem" role="alert">
          {t('common.failed', { message: loaded.state.error.message })}
        </p>
      )}
      {alert && (
        <>
          <dl className="alert-panel__facts">
            <dt>{t('alerts.severityLabel')}</dt>
            <dd>
              <span className={`severity severity--${alert.severity}`}>
                {textIfKnown(i18n, `alerts.severity.${alert.severity}`, alert.severity)}
              </span>{' '}
              · {t(`alerts.status.${alert.status}`)}
            </dd>
            <dt>{t('alerts.analyte')}</dt>
            <dd>{alert.analyte ? analyteName(alert) : '—'}</dd>
            <dt>{t('alerts.round')}</dt>
            <dd>{roundName(alert)}</dd>
            <dt>{t('inbox.sampled')}</dt>
            <dd data-testid="alert-panel-sampled">
              {alert.sampleCollectedStart ? formatDateTime(alert.sampleCollectedStart) : '—'}
              {alert.sampleCollectedEnd ? ` – ${formatDateTime(alert.sampleCollectedEnd)}` : ''}
            </dd>
            <dt>{t('inbox.loadWithInterval')}</dt>
            <dd data-testid="alert-panel-load">
              {alert.load
                ? `${alertLoadText(alert.load, language)} ${loadUnit(alert.load)}`
                : t('inbox.noLoad')}
            </dd>
            <dt>{t('alerts.detail')}</dt>
            <dd>{alertDetailText(alert.kind, alert.detail, language)}</dd>
            <dt>{t('inbox.scoredAt')}</dt>
            <dd>{formatDateTime(alert.createdAt)}</dd>
          </dl>
          {alert.siteId !== null && (
            <p>
              <a
                className="button button--small"
                href={mapLinkHref({
                  siteId: String(alert.siteId),
                  roundId: alert.roundId === null ? undefined : String(alert.roundId),
                  analyte: alert.analyte ?? undefined,
                })}
                data-testid="alert-map-link"
              >
                {t('inbox.openOnMap')}
              </a>
            </p>
          )}
          <div className="alert-panel__actions row-actions">
            {actionsFor(alert.status).map((action) => (
              <button
                key={action}
                type="button"
                className="button button--small"
                data-action={action}
                onClick={() => onAction(alert, action)}
              >
                {t(`alerts.action.${action}`)}
              </button>
            ))}
          </div>

          <h3>{t('inbox.assignee')}</h3>
          <p data-testid="alert-panel-assignee">{alert.assigneeName ?? t('inbox.unassigned')}</p>
          {alert.status !== 'dismissed' && (
            <div className="alert-panel__assign">
              <button
                type="button"
                className="button button--small"
                disabled={busy || alert.assigneeName === me.username}
                onClick={() => assign(me.username)}
                data-testid="assign-to-me"
              >
                {t('inbox.assignToMe')}
              </button>
              <label>
                <span className="visually-hidden">{t('inbox.assignTo')}</span>
                <input
                  value={assignee}
                  onChange={(event) => setAssignee(event.target.value)}
                  placeholder={t('inbox.assignToPlaceholder')}
                  data-testid="assign-to-input"
                />
              </label>
              <button
                type="button"
                className="button button--small"
                disabled={busy || assignee.trim().length < 2}
                onClick={() => assign(assignee.trim())}
                data-testid="assign-to-user"
              >
                {t('inbox.assignTo')}
              </button>
              {alert.assigneeName && (
                <button
                  type="button"
                  className="button button--small button--quiet"
                  disabled={busy}
                  onClick={() => assign(null)}
                >
                  {t('inbox.unassign')}
                </button>
              )}
            </div>
          )}
          {problem && (
            <p className="form-problem" role="alert">
              {problem}
            </p>
          )}
          {form.refusal !== null && <ApiProblem error={form.refusal} />}

          <h3>{t('inbox.notes')}</h3>
          {alert.notes.length === 0 ? (
            <p className="page-note">{t('inbox.noNotes')}</p>
          ) : (
            <ul className="alert-panel__notes" data-testid="alert-notes">
              {alert.notes.map((entry) => (
                <li key={entry.id}>
                  <p>{entry.body}</p>
                  <small>
                    {entry.authorName ?? '—'} · {formatDateTime(entry.createdAt)}
                  </small>
                </li>
              ))}
            </ul>
          )}
          <form className="alert-panel__note-form" onSubmit={(event) => void submitNote(event)} noValidate>
            <label>
              <span className="visually-hidden">{t('inbox.addNote')}</span>
              <textarea
                rows={2}
                maxLength={4000}
                value={note}
                onChange={(event) => setNote(event.target.value)}
                data-testid="alert-note-input"
              />
            </label>
            <SubmitButton pending={busy} className="button button--small">
              {t('inbox.addNote')}
            </SubmitButton>
          </form>

          <h3>{t('inbox.history')}</h3>
          {alert.events.length === 0 ? (
            <p className="page-note">{t('inbox.noHistory')}</p>
          ) : (
            <ol className="alert-panel__history" data-testid="alert-history">
              {alert.events.map((event) => (
                <li key={event.id} data-action={event.action}>
                  <strong>{textIfKnown(i18n, `inbox.event.${event.action}`, event.action)}</strong> ·{' '}
                  {event.actorName ?? '—'} · {formatDateTime(event.at)}
                  <br />
                  <span>{event.reason}</span>
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </aside>
  );
}
