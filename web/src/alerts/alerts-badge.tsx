import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchAlerts } from '../api/alerts-api';
import { useLanguage } from '../i18n/use-language';
import { formatNumber } from '../i18n/format-units';

const refreshEveryMs = 60_000;

/**
 * The number of open alerts, in the header. Polls `GET /api/alerts?status=open`; shows nothing
 * while that route does not answer (the inbox and its live stream come with the alerts screen).
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
      fetchAlerts({ status: 'open' }, controller.signal)
        .then((alerts) => setOpenCount(alerts.length))
        .catch(() => setOpenCount(null));
    };
    refresh();
    const timer = window.setInterval(refresh, refreshEveryMs);
    return () => {
      window.clearInterval(timer);
      controller.abort();
    };
  }, []);

  if (openCount === null) return null;
  const label = openCount === 0 ? t('alerts.none') : t('alerts.badgeLabel', { count: openCount });
  return (
    <span className={openCount > 0 ? 'alerts-badge alerts-badge--open' : 'alerts-badge'} role="status" aria-label={label} title={label}>
      <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18">
        <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z" fill="currentColor" />
      </svg>
      <span className="alerts-badge__count">{formatNumber(openCount, language, 0)}</span>
    </span>
  );
}
