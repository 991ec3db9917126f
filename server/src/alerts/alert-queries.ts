import type { Queryable } from '@skywater/core/db/db';
import { NotFoundError } from '@skywater/core/errors/app-error';

/** An alert as the API answers it (API.md fields plus names for the list). */
export interface AlertView {
  id: number;
  kind: string;
  conditionKey: string;
  siteId: number | null;
  siteCode: string | null;
  siteName: string | null;
  areaId: number | null;
  analyte: string | null;
  roundId: number | null;
  roundName: string | null;
  severity: 'low' | 'medium' | 'high';
  status: 'open' | 'acknowledged' | 'escalated' | 'dismissed';
  ownerName: string | null;
  createdAt: Date;
  updatedAt: Date;
  detail: Record<string, unknown>;
}

export const ALERT_VIEW_SQL = `
  select a.id, a.kind, a.condition_key as "conditionKey", a.site_id as "siteId", st.code as "siteCode",
         st.name as "siteName", st.area_id as "areaId", a.analyte_code as analyte, a.round_id as "roundId",
         r.name as "roundName", a.severity, a.status, a.owner_name as "ownerName", a.created_at as "createdAt",
         a.updated_at as "updatedAt", a.detail
    from alerts a
    left join sites st on st.id = a.site_id
    left join rounds r on r.id = a.round_id`;

export interface AlertFilter {
  status?: string;
  areaId?: number;
  roundId?: number;
  kind?: string;
  siteId?: number;
  severity?: string;
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
  if (filter.status) add('a.status = ?', filter.status);
  if (filter.areaId !== undefined) add('st.area_id = ?', filter.areaId);
  if (filter.roundId !== undefined) add('a.round_id = ?', filter.roundId);
  if (filter.kind) add('a.kind = ?', filter.kind);
  if (filter.siteId !== undefined) add('a.site_id = ?', filter.siteId);
  if (filter.severity) add('a.severity = ?', filter.severity);
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
export async function getAlertWithHistory(db: Queryable, id: number) {
  const alert = await getAlert(db, id);
  const [events, notes] = await Promise.all([
    db.query(
      `select e.id, e.action, e.reason, coalesce(e.actor_name, u.username) as "actorName", e.at
         from alert_events e left join users u on u.id = e.actor_id
        where e.alert_id = $1 order by e.at, e.id`,
      [id],
    ),
    db.query(
      `select id, body, author_name as "authorName", created_at as "createdAt"
         from alert_notes where alert_id = $1 order by id`,
      [id],
    ),
  ]);
  return { ...alert, events: events.rows, notes: notes.rows };
}

/** Counts for the header badge: live alerts by status, and open ones by severity. */
export async function alertSummary(db: Queryable) {
  const { rows } = await db.query<{ status: string; severity: string; n: number }>(
    `select status, severity, count(*)::int as n from alerts where status <> 'dismissed' group by status, severity`,
  );
  const byStatus = { open: 0, acknowledged: 0, escalated: 0 } as Record<string, number>;
  const openBySeverity = { high: 0, medium: 0, low: 0 } as Record<string, number>;
  for (const r of rows) {
    byStatus[r.status] = (byStatus[r.status] ?? 0) + r.n;
    if (r.status === 'open') openBySeverity[r.severity] = (openBySeverity[r.severity] ?? 0) + r.n;
  }
  return { ...byStatus, live: byStatus.open! + byStatus.acknowledged! + byStatus.escalated!, openBySeverity };
}
