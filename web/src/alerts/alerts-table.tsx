import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import type { Alert, AlertAction } from '../api/alerts-api';
import { formatDate } from '../i18n/format-units';
import { textIfKnown } from '../i18n/text-if-known';
import { useLanguage } from '../i18n/use-language';
import { alertLoadText } from './alert-load-text';
import { alertDetailText, alertKindLabel } from './alert-text';
import { distinctLoads, groupAlertsBySite, type SiteGroup } from './site-groups';
import type { InboxView } from './inbox-filter';

export interface AlertsTableProps {
  alerts: readonly Alert[];
  view: InboxView;
  fresh: ReadonlySet<string>;
  selected: ReadonlySet<string>;
  /** Sites (by group key) whose alerts are unfolded in the site view. */
  expanded: ReadonlySet<string>;
  /** The alert whose details are open beside the table. */
  openId: string | null;
  siteName: (alert: Alert) => string;
  roundName: (alert: Alert) => string;
  analyteName: (alert: Alert) => string;
  onSelect: (ids: readonly string[], on: boolean) => void;
  onExpand: (key: string) => void;
  onOpen: (alert: Alert) => void;
  onAction: (alert: Alert, action: AlertAction) => void;
}

/** Which actions an alert in a given status still allows (open → acknowledged → escalated / dismissed). */
export function actionsFor(status: Alert['status']): AlertAction[] {
  if (status === 'open') return ['acknowledge', 'escalate', 'dismiss'];
  if (status === 'acknowledged') return ['escalate', 'dismiss'];
  return [];
}

const columnCount = 11;

/**
 * The inbox's table, one line per row so a screen holds many: in the site view one row per site
 * (its most severe alert's level, its kinds, how many) that unfolds into its alerts; in the list
 * view every alert. The layout is fixed and each cell cuts its text with an ellipsis (the whole
 * text on hover), so no value widens the table. Order is the API's: most severe, then newest.
 */
export function AlertsTable(props: AlertsTableProps) {
  const { t } = useTranslation();
  const { alerts, view, selected, expanded, onSelect } = props;
  const groups = view === 'sites' ? groupAlertsBySite(alerts, props.siteName) : null;
  const allIds = alerts.map((alert) => String(alert.id));
  const allSelected = allIds.length > 0 && allIds.every((id) => selected.has(id));

  return (
    <div className="alerts-table__scroll">
      <table className="data-table alerts-table" data-testid="alerts-table" data-view={view}>
        <colgroup>
          <col className="alerts-table__col-select" />
          <col className="alerts-table__col-severity" />
          <col className="alerts-table__col-kind" />
          <col className="alerts-table__col-site" />
          <col className="alerts-table__col-analyte" />
          <col className="alerts-table__col-round" />
          <col className="alerts-table__col-sampled" />
          <col className="alerts-table__col-load" />
          <col className="alerts-table__col-detail" />
          <col className="alerts-table__col-assignee" />
          <col className="alerts-table__col-actions" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col" data-col="select">
              <input
                type="checkbox"
                aria-label={t('inbox.selectAll')}
                checked={allSelected}
                onChange={(event) => onSelect(allIds, event.target.checked)}
                data-testid="alerts-select-all"
              />
            </th>
            <th scope="col" data-col="severity">
              {t('alerts.severityLabel')}
            </th>
            <th scope="col" data-col="kind">
              {t('alerts.kindLabel')}
            </th>
            <th scope="col" data-col="site">
              {t('alerts.site')}
            </th>
            <th scope="col" data-col="analyte">
              {t('alerts.analyte')}
            </th>
            <th scope="col" data-col="round">
              {t('alerts.round')}
            </th>
            <th scope="col" data-col="sampled">
              {t('inbox.sampled')}
            </th>
            <th scope="col" data-col="load" title={t('inbox.loadHint')}>
              {t('inbox.load')}
            </th>
            <th scope="col" data-col="detail">
              {t('alerts.detail')}
            </th>
            <th scope="col" data-col="assignee">
              {t('inbox.assignee')}
            </th>
            <th scope="col" data-col="actions">
              {t('alerts.actions')}
            </th>
          </tr>
        </thead>
        <tbody>
          {groups
            ? groups.map((group) => (
                <Fragment key={group.key}>
                  <SiteRow group={group} {...props} />
                  {expanded.has(group.key) &&
                    group.alerts.map((alert) => <AlertRow key={alert.id} alert={alert} folded {...props} />)}
                </Fragment>
              ))
            : alerts.map((alert) => <AlertRow key={alert.id} alert={alert} folded={false} {...props} />)}
        </tbody>
        {alerts.length === 0 && (
          <tfoot>
            <tr>
              <td colSpan={columnCount}>{t('alerts.empty')}</td>
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}

/** A cell's text cut to its width, the whole of it on hover. */
function Cut({ text, col }: { text: string; col: string }) {
  return (
    <td data-col={col} title={text}>
      {text}
    </td>
  );
}

/** The day the sample was taken (its start; the cell's title gives start and end). */
function sampleDay(alert: Alert): { day: string; whole: string } {
  const start = alert.sampleCollectedStart ? formatDate(alert.sampleCollectedStart) : null;
  const end = alert.sampleCollectedEnd ? formatDate(alert.sampleCollectedEnd) : null;
  return {
    day: start ?? end ?? '—',
    whole: start && end && start !== end ? `${start}–${end}` : (start ?? end ?? '—'),
  };
}

function AlertRow({
  alert,
  folded,
  fresh,
  selected,
  openId,
  siteName,
  roundName,
  analyteName,
  onSelect,
  onOpen,
  onAction,
}: AlertsTableProps & { alert: Alert; folded: boolean }) {
  const { t, i18n } = useTranslation();
  const language = useLanguage();
  const id = String(alert.id);
  const isFresh = fresh.has(id);
  const detail = alertDetailText(alert.kind, alert.detail, language);
  return (
    <tr
      data-alert-id={id}
      data-alert-kind={alert.kind}
      data-alert-analyte={alert.analyte ?? ''}
      data-site-id={alert.siteId === null ? '' : String(alert.siteId)}
      className={[
        'alerts-table__alert',
        folded ? 'alerts-table__alert--folded' : '',
        isFresh ? 'row--fresh' : '',
        openId === id ? 'row--selected' : '',
      ]
        .filter(Boolean)
        .join(' ')}
      aria-selected={openId === id ? 'true' : undefined}
    >
      <td data-col="select">
        <input
          type="checkbox"
          aria-label={t('inbox.selectAlert', { id })}
          checked={selected.has(id)}
          onChange={(event) => onSelect([id], event.target.checked)}
        />
      </td>
      <td data-col="severity">
        <span className={`severity severity--${alert.severity}`}>
          {textIfKnown(i18n, `alerts.severity.${alert.severity}`, alert.severity)}
        </span>
        {isFresh && <span className="tag tag--new">{t('alerts.new')}</span>}
      </td>
      <td data-col="kind" title={alertKindLabel(alert.kind, i18n)}>
        <button type="button" className="link-button" onClick={() => onOpen(alert)} data-testid="alert-open">
          {alertKindLabel(alert.kind, i18n)}
        </button>
      </td>
      <Cut col="site" text={siteName(alert)} />
      <Cut col="analyte" text={analyteName(alert)} />
      <Cut col="round" text={roundName(alert)} />
      <td data-col="sampled" title={sampleDay(alert).whole}>
        {sampleDay(alert).day}
      </td>
      <Cut col="load" text={alert.load ? alertLoadText(alert.load, language) : '—'} />
      <Cut col="detail" text={detail} />
      <Cut col="assignee" text={alert.assigneeName ?? '—'} />
      <td data-col="actions">
        <span className="row-actions">
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
          {alert.status !== 'open' && (
            <span className="row-status">{t(`alerts.status.${alert.status}`)}</span>
          )}
        </span>
      </td>
    </tr>
  );
}

function SiteRow({
  group,
  selected,
  expanded,
  onSelect,
  onExpand,
  analyteName,
  roundName,
}: AlertsTableProps & { group: SiteGroup }) {
  const { t, i18n } = useTranslation();
  const language = useLanguage();
  const ids = group.alerts.map((alert) => String(alert.id));
  const open = expanded.has(group.key);
  const first = group.alerts[0]!;
  const kinds = group.kinds.map(([kind, count]) =>
    count > 1 ? `${alertKindLabel(kind, i18n)} ×${count}` : alertKindLabel(kind, i18n),
  );
  const analytes = [...new Set(group.alerts.map((alert) => (alert.analyte ? analyteName(alert) : '—')))];
  const rounds = [...new Set(group.alerts.map((alert) => roundName(alert)))];
  const assignees = [...new Set(group.alerts.map((alert) => alert.assigneeName).filter(Boolean))];
  const loads = distinctLoads(group);
  return (
    <tr className="alerts-table__site" data-site-key={group.key} data-site-code={group.siteCode ?? ''}>
      <td data-col="select">
        <input
          type="checkbox"
          aria-label={t('inbox.selectSite', { site: group.siteLabel })}
          checked={ids.every((id) => selected.has(id))}
          onChange={(event) => onSelect(ids, event.target.checked)}
        />
      </td>
      <td data-col="severity">
        <span className={`severity severity--${first.severity}`}>
          {textIfKnown(i18n, `alerts.severity.${first.severity}`, first.severity)}
        </span>
      </td>
      <Cut col="kind" text={kinds.join('、')} />
      <td data-col="site" title={group.siteLabel}>
        <button
          type="button"
          className="link-button alerts-table__expand"
          aria-expanded={open}
          onClick={() => onExpand(group.key)}
          data-testid="site-expand"
        >
          <span aria-hidden="true">{open ? '▾' : '▸'}</span> {group.siteLabel}
        </button>
      </td>
      <Cut col="analyte" text={analytes.join('、')} />
      <Cut col="round" text={rounds.join('、')} />
      <Cut col="sampled" text={group.latestSample ? formatDate(group.latestSample) : '—'} />
      <Cut
        col="load"
        text={
          loads.length === 0
            ? '—'
            : loads.length === 1
              ? alertLoadText(loads[0]!, language)
              : t('inbox.siteLoads', { first: alertLoadText(loads[0]!, language), count: loads.length })
        }
      />
      <Cut col="detail" text={t('inbox.siteAlerts', { count: group.alerts.length })} />
      <Cut col="assignee" text={assignees.join('、') || '—'} />
      <td data-col="actions" className="alerts-table__count">
        <span className="tag">{t('inbox.siteAlerts', { count: group.alerts.length })}</span>
      </td>
    </tr>
  );
}
