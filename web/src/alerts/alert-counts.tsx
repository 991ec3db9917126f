import { useTranslation } from 'react-i18next';
import type { AlertSeverity, AlertSummary } from '../api/alerts-api';
import { alertKindLabel, knownAlertKinds } from './alert-text';
import type { InboxFilter } from './inbox-filter';

export interface AlertCountsProps {
  summary: AlertSummary;
  filter: InboxFilter;
  /** A count clicked: the inbox shows the open alerts of that kind (and severity). */
  onPick: (kind: string, severity: AlertSeverity | '') => void;
}

const inboxSeverities: readonly AlertSeverity[] = ['high', 'medium'];

/**
 * The open inbox alerts counted by kind and severity (`GET /api/alerts/summary`), each count a
 * button that filters the inbox to it; the one the filter shows is pressed.
 */
export function AlertCounts({ summary, filter, onPick }: AlertCountsProps) {
  const { t, i18n } = useTranslation();
  const kinds = [...new Set([...knownAlertKinds, ...Object.keys(summary.openByKindAndSeverity)])].filter(
    (kind) => (summary.openByKind[kind] ?? 0) > 0,
  );
  const pressed = (kind: string, severity: AlertSeverity | '') =>
    filter.status === 'open' && filter.kind === kind && filter.severity === severity;
  return (
    <section className="inbox-counts" aria-label={t('inbox.counts')} data-testid="inbox-counts">
      <button
        type="button"
        className="inbox-counts__all"
        aria-pressed={pressed('', '')}
        onClick={() => onPick('', '')}
        data-count-kind=""
        data-count={summary.open}
      >
        {t('inbox.allOpen')} <strong>{summary.open}</strong>
      </button>
      {kinds.map((kind) => (
        <span key={kind} className="inbox-counts__kind" data-kind={kind}>
          <button
            type="button"
            aria-pressed={pressed(kind, '')}
            onClick={() => onPick(kind, '')}
            data-count-kind={kind}
            data-count={summary.openByKind[kind] ?? 0}
          >
            {alertKindLabel(kind, i18n)} <strong>{summary.openByKind[kind] ?? 0}</strong>
          </button>
          {inboxSeverities.map((severity) => {
            const count = summary.openByKindAndSeverity[kind]?.[severity] ?? 0;
            return count > 0 ? (
              <button
                key={severity}
                type="button"
                className={`severity severity--${severity}`}
                aria-pressed={pressed(kind, severity)}
                aria-label={t('inbox.countOf', {
                  kind: alertKindLabel(kind, i18n),
                  severity: t(`alerts.severity.${severity}`),
                  count,
                })}
                onClick={() => onPick(kind, severity)}
                data-count-kind={kind}
                data-count-severity={severity}
                data-count={count}
              >
                {count}
              </button>
            ) : null;
          })}
        </span>
      ))}
      {summary.signals > 0 && (
        <span className="inbox-counts__signals" title={t('inbox.signalsHint')}>
          {t('inbox.signals', { count: summary.signals })}
        </span>
      )}
    </section>
  );
}
