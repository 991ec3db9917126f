import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchOpenAlertCount } from '../api/alerts-api';
import { useLanguage } from '../i18n/use-language';
import { formatNumber } from '../i18n/format-units';
import { hrefForPath } from '../navigation/use-hash-path';
import { followAlerts } from './alerts-live';

/**
 * The number of open alerts, in the header, linking to the inbox. Read from
 * `GET /api/alerts/summary` and re-read on every event of the alerts stream (or by polling
 * while the stream is not there); shows nothing while no alerts route answers.
 */
export function AlertsBadge() {
  const { t } = useTranslation();
  const language = useLanguage();
  const [openCount, setOpenCount] = useState<number | null>(null);

  useEffect(() => {
    let controller = new AbortController();
    const refresh = () => {
      controller.abort();
      controller = new AbortController();
      fetchOpenAlertCount(controller.signal)
        .then(setOpenCount)
        .catch((error: unknown) => {
          if (!(error instanceof DOMException && error.name === 'AbortError')) setOpenCount(null);
        });
    };
    refresh();
    const unfollow = followAlerts(refresh);
    return () => {
      unfollow();
      controller.abort();
    };
  }, []);

  if (openCount === null) return null;
  const label = openCount === 0 ? t('alerts.none') : t('alerts.badgeLabel', { count: openCount });
  return (
    <a
      href={hrefForPath('/alerts')}
      className={openCount > 0 ? 'alerts-badge alerts-badge--open' : 'alerts-badge'}
      aria-label={label}
      title={label}
      data-testid="alerts-badge"
    >
      <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18">
        <path
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z"
          fill="currentColor"
        />
      </svg>
      <span className="alerts-badge__count" aria-live="polite">
        {formatNumber(openCount, language, 0)}
      </span>
    </a>
  );
}
