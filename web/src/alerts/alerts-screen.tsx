import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type Alert,
  type AlertAction,
  actOnAlert,
  actOnAlerts,
  alertSeverities,
  alertStatuses,
  fetchAlertSummary,
  fetchAlerts,
} from '../api/alerts-api';
import { analyteLabel, fetchAnalytes } from '../api/analytes-api';
import { fetchAreas } from '../api/areas-api';
import { fetchRounds } from '../api/rounds-api';
import { loadedOr, useLoadable } from '../app/use-loadable';
import { useLanguage } from '../i18n/use-language';
import { ReasonDialog } from '../layout/reason-dialog';
import { AlertCounts } from './alert-counts';
import { AlertPanel } from './alert-panel';
import { alertKindLabel, knownAlertKinds } from './alert-text';
import { AlertsTable } from './alerts-table';
import { alertsFollowMode, followAlerts } from './alerts-live';
import { alertQueryOf } from './inbox-filter';
import { useInboxFilter } from './use-inbox-filter';

/** A step waiting for its reason: on one alert, or on the selected ones (bulk). */
type PendingAction = { action: AlertAction; alert: Alert } | { action: AlertAction; ids: string[] };

/**
 * The alerts inbox, built for triage: counts by kind and severity (each a filter), one compact
 * row per site with its alerts folded in (or one per alert), bulk acknowledge or dismiss with
 * one reason, and beside the table the chosen alert with its interval, assignee, notes, history
 * and a link to its site on the map. The filter is kept in the address and in this browser; new
 * alerts arrive through the server's stream without a reload (marked "new").
 */
export default function AlertsScreen() {
  const { t, i18n } = useTranslation();
  const language = useLanguage();
  const [filter, changeFilter] = useInboxFilter();
  const [pending, setPending] = useState<PendingAction | null>(null);
  const [live, setLive] = useState(alertsFollowMode());
  const seen = useRef<Set<string> | null>(null);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [openId, setOpenId] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  const areas = useLoadable(fetchAreas);
  const rounds = useLoadable(fetchRounds);
  const analytes = useLoadable(fetchAnalytes);
  const query = useMemo(() => alertQueryOf(filter), [filter]);
  const alerts = useLoadable((signal) => fetchAlerts(query, signal), JSON.stringify(query));
  const summary = useLoadable(fetchAlertSummary);
  const reloadAlerts = alerts.reload;
  const reloadSummary = summary.reload;
  const reload = useCallback(() => {
    reloadAlerts();
    reloadSummary();
    setVersion((current) => current + 1);
  }, [reloadAlerts, reloadSummary]);

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
        (!filter.status || alert.status === filter.status) &&
        (!filter.kind || alert.kind === filter.kind) &&
        (!filter.severity || alert.severity === filter.severity) &&
        (!filter.roundId || String(alert.roundId) === filter.roundId),
    );
  }, [alerts.state, filter]);

  // Alerts that arrived while the inbox was open are marked new until the filters change; the
  // sites they belong to unfold so the new line is seen.
  useEffect(() => {
    if (alerts.state.status !== 'loaded') return;
    const list = alerts.state.value;
    if (seen.current === null) {
      seen.current = new Set(list.map((alert) => String(alert.id)));
      return;
    }
    const arrived = list.filter((alert) => !seen.current!.has(String(alert.id)));
    if (arrived.length > 0) {
      for (const alert of arrived) seen.current.add(String(alert.id));
      setFresh((current) => new Set([...current, ...arrived.map((alert) => String(alert.id))]));
      setExpanded(
        (current) =>
          new Set([
            ...current,
            ...arrived.map((alert) => (alert.siteId === null ? 'none' : String(alert.siteId))),
          ]),
      );
    }
  }, [alerts.state]);

  // A selection only holds alerts still shown.
  useEffect(() => {
    const shownIds = new Set(shown.map((alert) => String(alert.id)));
    setSelected((current) => {
      const kept = [...current].filter((id) => shownIds.has(id));
      return kept.length === current.size ? current : new Set(kept);
    });
  }, [shown]);

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
  const siteName = useCallback(
    (alert: Alert) =>
      alert.siteCode
        ? `${alert.siteCode} ${alert.siteName ?? ''}`.trim()
        : alert.siteId !== null
          ? `#${alert.siteId}`
          : t('inbox.noSite'),
    [t],
  );
  const roundName = useCallback(
    (alert: Alert) =>
      alert.roundName ??
      (alert.roundId !== null ? (roundNames.get(String(alert.roundId)) ?? `#${alert.roundId}`) : '—'),
    [roundNames],
  );
  const analyteName = useCallback(
    (alert: Alert) => (alert.analyte ? analyteLabel(alert.analyte, analyteList, language) : '—'),
    [analyteList, language],
  );

  const setFilter = (change: Parameters<typeof changeFilter>[0]) => {
    seen.current = null;
    setFresh(new Set());
    changeFilter(change);
  };
  const select = useCallback((ids: readonly string[], on: boolean) => {
    setSelected((current) => {
      const next = new Set(current);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  }, []);
  const expand = useCallback((key: string) => {
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  }, []);
  const confirm = useCallback(
    async (reason: string) => {
      if (!pending) return;
      // Re-read whatever the answer: a refused step (the alert moved on meanwhile, by a
      // colleague or the scoring) shows the alert as it now is beside the dialog's refusal.
      try {
        if ('ids' in pending) {
          await actOnAlerts(pending.ids.map(Number), pending.action, reason);
          setSelected(new Set());
        } else await actOnAlert(pending.alert.id, pending.action, reason);
      } finally {
        reload();
      }
    },
    [pending, reload],
  );
  const openAlert = useCallback((alert: Alert) => setOpenId(String(alert.id)), []);
  const onAction = useCallback((alert: Alert, action: AlertAction) => setPending({ alert, action }), []);
  const selectedIds = [...selected];

  return (
    <div className={`page alerts-screen${openId ? ' alerts-screen--with-panel' : ''}`}>
      <div className="alerts-screen__main">
        <div className="alerts-screen__title">
          <h1>{t('alerts.title')}</h1>
          <p className="filters__live" role="status" data-follow-mode={live}>
            {live === 'stream' ? t('alerts.live') : live === 'polling' ? t('alerts.polling') : ''}
          </p>
        </div>
        {/* A reply cut short (the page left mid-read) parses as nothing: no counts rather than a crash. */}
        {summary.state.status === 'loaded' && summary.state.value?.openByKindAndSeverity && (
          <AlertCounts
            summary={summary.state.value}
            filter={filter}
            onPick={(kind, severity) => setFilter({ kind, severity, status: 'open' })}
          />
        )}
        <form
          className="filters filters--compact"
          aria-label={t('alerts.filters')}
          onSubmit={(event) => event.preventDefault()}
        >
          <label>
            {t('alerts.area')}
            <select value={filter.areaId} onChange={(event) => setFilter({ areaId: event.target.value })}>
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
            <select value={filter.roundId} onChange={(event) => setFilter({ roundId: event.target.value })}>
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
            <select
              value={filter.kind}
              onChange={(event) => setFilter({ kind: event.target.value })}
              data-testid="alerts-kind-filter"
            >
              <option value="">{t('common.all')}</option>
              {kinds.map((kind) => (
                <option key={kind} value={kind}>
                  {alertKindLabel(kind, i18n)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('alerts.severityLabel')}
            <select
              value={filter.severity}
              onChange={(event) => setFilter({ severity: event.target.value as typeof filter.severity })}
              data-testid="alerts-severity-filter"
            >
              <option value="">{t('common.all')}</option>
              {[...alertSeverities].reverse().map((severity) => (
                <option key={severity} value={severity}>
                  {t(`alerts.severity.${severity}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('alerts.statusLabel')}
            <select
              value={filter.status}
              onChange={(event) => setFilter({ status: event.target.value as typeof filter.status })}
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
          <fieldset className="inbox-view" data-testid="inbox-view">
            <legend>{t('inbox.view')}</legend>
            {(['sites', 'list'] as const).map((view) => (
              <label key={view}>
                <input
                  type="radio"
                  name="inbox-view"
                  value={view}
                  checked={filter.view === view}
                  onChange={() => changeFilter({ view })}
                />
                {t(`inbox.views.${view}`)}
              </label>
            ))}
          </fieldset>
        </form>

        <div className="inbox-bulk" role="toolbar" aria-label={t('inbox.bulk')} data-testid="inbox-bulk">
          <span>{t('inbox.selected', { count: selectedIds.length })}</span>
          {(['acknowledge', 'dismiss'] as const).map((action) => (
            <button
              key={action}
              type="button"
              className="button button--small"
              disabled={selectedIds.length === 0}
              data-bulk-action={action}
              onClick={() => setPending({ action, ids: selectedIds })}
            >
              {t(`inbox.bulkAction.${action}`, { count: selectedIds.length })}
            </button>
          ))}
          {filter.view === 'sites' && (
            <button
              type="button"
              className="button button--small button--quiet"
              onClick={() =>
                setExpanded((current) =>
                  current.size > 0
                    ? new Set()
                    : new Set(shown.map((alert) => (alert.siteId === null ? 'none' : String(alert.siteId)))),
                )
              }
              data-testid="expand-all"
            >
              {expanded.size > 0 ? t('inbox.foldAll') : t('inbox.expandAll')}
            </button>
          )}
        </div>

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
            view={filter.view}
            fresh={fresh}
            selected={selected}
            expanded={expanded}
            openId={openId}
            siteName={siteName}
            roundName={roundName}
            analyteName={analyteName}
            onSelect={select}
            onExpand={expand}
            onOpen={openAlert}
            onAction={onAction}
          />
        )}
      </div>

      {openId && (
        <AlertPanel
          key={openId}
          alertId={openId}
          version={version}
          siteName={siteName}
          roundName={roundName}
          analyteName={analyteName}
          onAction={onAction}
          onChanged={reload}
          onClose={() => setOpenId(null)}
        />
      )}

      <ReasonDialog
        open={pending !== null}
        title={
          pending
            ? 'ids' in pending
              ? t(`inbox.bulkTitle.${pending.action}`, { count: pending.ids.length })
              : t(`alerts.actionTitle.${pending.action}`)
            : ''
        }
        confirmLabel={pending ? t(`alerts.action.${pending.action}`) : ''}
        onConfirm={confirm}
        onClose={() => setPending(null)}
      />
    </div>
  );
}
