import type { Queryable } from '@skywater/core/db/db';
import type {
  AlertEventView,
  AlertHistoryView,
  AlertNoteView,
  AlertSummaryView,
  AlertView,
  SiteAlertGroup,
} from '@skywater/core/alerts/alert-view';
import type { AlertSeverity } from '@skywater/core/alerts/alert-signal';
import { NotFoundError } from '@skywater/core/errors/app-error';

export type { AlertView };

export const ALERT_VIEW_SQL = `
  select a.id, a.kind, a.condition_key as "conditionKey", a.site_id as "siteId", st.code as "siteCode",
         st.name as "siteName", st.area_id as "areaId", a.office_id::int as "officeId", a.analyte_code as analyte, a.round_id as "roundId",
         r.name as "roundName", a.severity, a.status, a.owner_name as "ownerName",
         a.assignee_name as "assigneeName", sd.collected_start as "sampleCollectedStart",
         sd.collected_end as "sampleCollectedEnd", a.created_at as "createdAt", a.updated_at as "updatedAt", a.detail
    from alerts a
    left join sites st on st.id = a.site_id
    left join rounds r on r.id = a.round_id
    left join lateral (
      select min(sm.collected_start) as collected_start, max(sm.collected_end) as collected_end
        from samples sm where sm.site_id = a.site_id and sm.round_id = a.round_id) sd on true`;

/**
 * The inbox holds alerts above `low`; low ones are signals, listed on their site
 * (GET /api/sites/:id/signals), never in the inbox.
 */
export const ALERT_TIERS = ['inbox', 'signals', 'all'] as const;
export type AlertTier = (typeof ALERT_TIERS)[number];

export interface AlertFilter {
  status?: string;
  areaId?: number;
  roundId?: number;
  kind?: string;
  siteId?: number;
  severity?: string;
  /** Default `inbox` (medium and high); ignored when `severity` is given. */
  tier?: AlertTier;
  /** Only live alerts (not dismissed); ignored when `status` is given. */
  live?: boolean;
  /** The offices whose alerts are listed (the session's visible ones). */
  officeIds: number[];
  limit: number;
}

/** Alerts matching the filter, most severe and newest first. */
export async function listAlerts(db: Queryable, filter: AlertFilter): Promise<AlertView[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  add('a.office_id = any(?::bigint[])', filter.officeIds);
  if (filter.status) add('a.status = ?', filter.status);
  else if (filter.live) where.push(`a.status not in ('dismissed', 'resolved')`);
  if (filter.areaId !== undefined) add('st.area_id = ?', filter.areaId);
  if (filter.roundId !== undefined) add('a.round_id = ?', filter.roundId);
  if (filter.kind) add('a.kind = ?', filter.kind);
  if (filter.siteId !== undefined) add('a.site_id = ?', filter.siteId);
  if (filter.severity) add('a.severity = ?', filter.severity);
  else if ((filter.tier ?? 'inbox') === 'inbox') where.push(`a.severity <> 'low'`);
  else if (filter.tier === 'signals') where.push(`a.severity = 'low'`);
  params.push(filter.limit);
  const { rows } = await db.query<AlertView>(
    `${ALERT_VIEW_SQL}
     ${where.length ? `where ${where.join(' and ')}` : ''}
     order by case a.severity when 'high' then 0 when 'medium' then 1 else 2 end, a.created_at desc, a.id desc
     limit $${params.length}`,
    params,
  );
  return rows;
}

export async function getAlert(db: Queryable, id: number): Promise<AlertView> {
  const { rows } = await db.query<AlertView>(`${ALERT_VIEW_SQL} where a.id = $1`, [id]);
  if (!rows[0]) throw new NotFoundError('Alert');
  return rows[0];
}

/** The alert with its life (events) and notes, oldest first. */
export async function getAlertWithHistory(db: Queryable, id: number): Promise<AlertHistoryView> {
  const alert = await getAlert(db, id);
  const [events, notes] = await Promise.all([
    db.query<AlertEventView>(
      `select e.id, e.action, e.reason, coalesce(e.actor_name, u.username) as "actorName", e.at
         from alert_events e left join users u on u.id = e.actor_id
        where e.alert_id = $1 order by e.at, e.id`,
      [id],
    ),
    db.query<AlertNoteView>(
      `select id, body, author_name as "authorName", created_at as "createdAt"
         from alert_notes where alert_id = $1 order by id`,
      [id],
    ),
  ]);
  return { ...alert, events: events.rows, notes: notes.rows };
}

/** Alerts (as listAlerts) folded into one group per site, the most severe site first. */
export function groupAlertsBySite(alerts: readonly AlertView[]): SiteAlertGroup[] {
  const groups = new Map<string, SiteAlertGroup>();
  for (const alert of alerts) {
    const key = String(alert.siteId);
    let group = groups.get(key);
    if (!group) {
      group = {
        siteId: alert.siteId,
        siteCode: alert.siteCode,
        siteName: alert.siteName,
        areaId: alert.areaId,
        severity: alert.severity,
        count: 0,
        alerts: [],
      };
      groups.set(key, group);
    }
    group.alerts.push(alert);
    group.count++;
  }
  // listAlerts orders by severity first: each group's first alert is its most severe, and the
  // groups come in the order of their most severe alert.
  return [...groups.values()];
}

/**
 * Counts for the header badge and the inbox: live inbox alerts (above low) by status, open ones
 * by severity and by kind, and the live low signals (on the sites, not in the inbox).
 */
export async function alertSummary(db: Queryable, officeIds: number[]): Promise<AlertSummaryView> {
  type LiveStatus = 'open' | 'acknowledged' | 'escalated';
  const { rows } = await db.query<{ status: LiveStatus; severity: AlertSeverity; kind: string; n: number }>(
    `select status, severity, kind, count(*)::int as n from alerts
      where status not in ('dismissed', 'resolved') and office_id = any($1::bigint[])
      group by status, severity, kind`,
    [officeIds],
  );
  const byStatus: Record<LiveStatus, number> = { open: 0, acknowledged: 0, escalated: 0 };
  const openBySeverity: Record<AlertSeverity, number> = { high: 0, medium: 0, low: 0 };
  const openByKind: Record<string, number> = {};
  const openByKindAndSeverity: AlertSummaryView['openByKindAndSeverity'] = {};
  let signals = 0;
  for (const r of rows) {
    if (r.status === 'open') openBySeverity[r.severity] = (openBySeverity[r.severity] ?? 0) + r.n;
    if (r.severity === 'low') {
      signals += r.n;
      continue;
    }
    byStatus[r.status] += r.n;
    if (r.status === 'open') {
      openByKind[r.kind] = (openByKind[r.kind] ?? 0) + r.n;
      const bySeverity = (openByKindAndSeverity[r.kind] ??= {});
      bySeverity[r.severity] = (bySeverity[r.severity] ?? 0) + r.n;
    }
  }
  return {
    ...byStatus,
    live: byStatus.open + byStatus.acknowledged + byStatus.escalated,
    openBySeverity,
    openByKind,
    openByKindAndSeverity,
    signals,
  };
}
