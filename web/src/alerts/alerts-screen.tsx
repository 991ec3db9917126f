import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type Alert,
  type AlertAction,
  type AlertQuery,
  type AlertStatus,
  actOnAlert,
  alertStatuses,
  fetchAlerts,
} from '../api/alerts-api';
import { analyteLabel, fetchAnalytes } from '../api/analytes-api';
import { fetchAreas } from '../api/areas-api';
import { fetchRounds } from '../api/rounds-api';
import { fetchSites } from '../api/sites-api';
import { loadedOr, useLoadable } from '../app/use-loadable';
import { useLanguage } from '../i18n/use-language';
import { ReasonDialog } from '../layout/reason-dialog';
import { alertKindLabel, knownAlertKinds } from './alert-text';
import { AlertsTable } from './alerts-table';
import { alertsFollowMode, followAlerts } from './alerts-live';

interface PendingAction {
  alert: Alert;
  action: AlertAction;
}

/**
 * The alerts inbox: filters by area, round, kind and status; follows the server's stream so new
 * alerts appear without a reload (marked "new"); each alert can be acknowledged, escalated or
 * dismissed with a reason.
 */
export default function AlertsScreen() {
  const { t, i18n } = useTranslation();
  const language = useLanguage();
  const [query, setQuery] = useState<AlertQuery>({ status: 'open' });
  const [pending, setPending] = useState<PendingAction | null>(null);
  const [live, setLive] = useState(alertsFollowMode());
  const seen = useRef<Set<string> | null>(null);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());

  const areas = useLoadable(fetchAreas);
  const rounds = useLoadable(fetchRounds);
  const analytes = useLoadable(fetchAnalytes);
  const sites = useLoadable((signal) => fetchSites({ signal }));
  const queryKey = JSON.stringify(query);
  const alerts = useLoadable((signal) => fetchAlerts(query, signal), queryKey);
  const { reload } = alerts;

  useEffect(() => {
    const unfollow = followAlerts(() => {
      reload();
      setLive(alertsFollowMode());
    });
    const timer = window.setInterval(() => setLive(alertsFollowMode()), 2000);
    return () => {
      unfollow();
      window.clearInterval(timer);
    };
  }, [reload]);

  // Filter on the client too: the list must match the filters whatever the server ignores.
  const shown = useMemo(() => {
    const list = loadedOr(alerts.state, [] as Alert[]);
    return list.filter(
      (alert) =>
        (!query.status || alert.status === query.status) &&
        (!query.kind || alert.kind === query.kind) &&
        (!query.roundId || String(alert.roundId) === query.roundId),
    );
  }, [alerts.state, query]);

  // Alerts that arrived while the inbox was open are marked new until the filters change.
  useEffect(() => {
    if (alerts.state.status !== 'loaded') return;
    const ids = alerts.state.value.map((alert) => String(alert.id));
    if (seen.current === null) {
      seen.current = new Set(ids);
      return;
    }
    const arrived = ids.filter((id) => !seen.current!.has(id));
    if (arrived.length > 0) {
      for (const id of arrived) seen.current.add(id);
      setFresh((current) => new Set([...current, ...arrived]));
    }
  }, [alerts.state]);

  const siteNames = useMemo(() => {
    const names = new Map<string, string>();
    for (const feature of loadedOr(sites.state, null)?.features ?? []) {
      names.set(String(feature.properties.id), `${feature.properties.code} ${feature.properties.name}`);
    }
    return names;
  }, [sites.state]);
  const roundNames = useMemo(
    () => new Map(loadedOr(rounds.state, []).map((round) => [String(round.id), round.name])),
    [rounds.state],
  );
  const analyteList = loadedOr(analytes.state, []);
  const kinds = useMemo(
    () => [
      ...new Set([...knownAlertKinds, ...loadedOr(alerts.state, [] as Alert[]).map((alert) => alert.kind)]),
    ],
    [alerts.state],
  );

  const setFilter = (name: keyof AlertQuery, value: string) => {
    seen.current = null;
    setFresh(new Set());
    setQuery((current) => ({ ...current, [name]: value }));
  };
  const confirm = useCallback(
    async (reason: string) => {
      if (!pending) return;
      await actOnAlert(pending.alert.id, pending.action, reason);
      reload();
    },
    [pending, reload],
  );

  return (
    <div className="page alerts-screen">
      <h1>{t('alerts.title')}</h1>
      <form className="filters" aria-label={t('alerts.filters')} onSubmit={(event) => event.preventDefault()}>
        <label>
          {t('alerts.area')}
          <select value={query.areaId ?? ''} onChange={(event) => setFilter('areaId', event.target.value)}>
            <option value="">{t('common.all')}</option>
            {loadedOr(areas.state, []).map((area) => (
              <option key={area.id} value={String(area.id)}>
                {area.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('alerts.round')}
          <select value={query.roundId ?? ''} onChange={(event) => setFilter('roundId', event.target.value)}>
            <option value="">{t('common.all')}</option>
            {loadedOr(rounds.state, []).map((round) => (
              <option key={round.id} value={String(round.id)}>
                {round.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('alerts.kindLabel')}
          <select value={query.kind ?? ''} onChange={(event) => setFilter('kind', event.target.value)}>
            <option value="">{t('common.all')}</option>
            {kinds.map((kind) => (
              <option key={kind} value={kind}>
                {alertKindLabel(kind, i18n)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('alerts.statusLabel')}
          <select
            value={query.status ?? ''}
            onChange={(event) => setFilter('status', event.target.value as AlertStatus | '')}
            data-testid="alerts-status-filter"
          >
            <option value="">{t('common.all')}</option>
            {alertStatuses.map((status) => (
              <option key={status} value={status}>
                {t(`alerts.status.${status}`)}
              </option>
            ))}
          </select>
        </label>
        <p className="filters__live" role="status" data-follow-mode={live}>
          {live === 'stream' ? t('alerts.live') : live === 'polling' ? t('alerts.polling') : ''}
        </p>
      </form>

      {alerts.state.status === 'loading' && <p className="screen-loading">{t('common.loading')}</p>}
      {alerts.state.status === 'failed' && (
        <div className="page-problem" role="alert">
          <p>{t('common.failed', { message: alerts.state.error.message })}</p>
          <button type="button" className="button button--primary" onClick={reload}>
            {t('common.retry')}
          </button>
        </div>
      )}
      {alerts.state.status === 'loaded' && (
        <AlertsTable
          alerts={shown}
          fresh={fresh}
          siteName={(alert) =>
            alert.siteCode
              ? `${alert.siteCode} ${alert.siteName ?? ''}`.trim()
              : alert.siteId !== null
                ? (siteNames.get(String(alert.siteId)) ?? `#${alert.siteId}`)
                : '—'
          }
          roundName={(alert) =>
            alert.roundName ??
            (alert.roundId !== null ? (roundNames.get(String(alert.roundId)) ?? `#${alert.roundId}`) : '—')
          }
          analyteName={(alert) => (alert.analyte ? analyteLabel(alert.analyte, analyteList, language) : '—')}
          onAction={(alert, action) => setPending({ alert, action })}
        />
      )}

      <ReasonDialog
        open={pending !== null}
        title={pending ? t(`alerts.actionTitle.${pending.action}`) : ''}
        confirmLabel={pending ? t(`alerts.action.${pending.action}`) : ''}
        onConfirm={confirm}
        onClose={() => setPending(null)}
      />
    </div>
  );
}
