import { z } from 'zod';
import { ALERT_KINDS, ALERT_SEVERITIES } from '@skywater/core/alerts/alert-signal';
import { ALERT_ACTIONS, ALERT_STATUSES } from '@skywater/core/alerts/alert-lifecycle';
import { actorOf } from '../auth/actor';
import { officeIdField } from '../offices/office-fields';
import { visibleOfficesOf } from '../offices/office-scope';
import { visibleObjectOffice } from '../offices/owned-objects';
import type { RouteDef, RouteModule } from '../http/route-table';
import { actOnAlert, actOnAlerts, addAlertNote, assignAlert } from './alert-actions';
import { AlertFeed } from './alert-feed';
import { withAlertLoads } from './alert-load';
import {
  ALERT_TIERS,
  alertSummary,
  getAlertWithHistory,
  groupAlertsBySite,
  listAlerts,
} from './alert-queries';
import { streamAlerts } from './alert-stream';

/** Alerts are for analysts (and admins): lab users and pilots do not see them (see docs). */
const ALERT_READERS = ['analyst'] as const;

const id = z.coerce.number().int().positive();
const listQuery = z.object({
  status: z.enum(ALERT_STATUSES).optional(),
  areaId: id.optional(),
  roundId: id.optional(),
  kind: z.enum(ALERT_KINDS).optional(),
  siteId: id.optional(),
  severity: z.enum(ALERT_SEVERITIES).optional(),
  tier: z.enum(ALERT_TIERS).optional(),
  groupBy: z.enum(['site']).optional(),
  officeId: officeIdField.optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});
const bulkBody = z
  .object({
    ids: z.array(z.number().int().positive()).min(1).max(1000),
    action: z.enum(ALERT_ACTIONS),
    reason: z.string().trim().min(1).max(2000),
  })
  .strict();
const assignBody = z.object({ username: z.string().trim().min(2).max(64).nullable() }).strict();
const reasonBody = z.object({ reason: z.string().trim().min(1).max(2000) });
const optionalReasonBody = z.object({ reason: z.string().trim().min(1).max(2000).optional() });
const noteBody = z.object({ body: z.string().trim().min(1).max(4000) });

export const alertRoutes: RouteModule = ({ db, log }) => {
  const feed = new AlertFeed(db, log);
  return [
    {
      method: 'get',
      path: '/api/alerts',
      access: ALERT_READERS,
      request: { query: listQuery },
      summary:
        'Inbox alerts of the offices the user may see (above low; tier=signals|all for the rest), filtered by office, status, area, round, kind, site or severity; groupBy=site folds them per site; each with its load and 95 % interval from the series',
      async handler(req, res) {
        const { groupBy, officeId, ...filter } = listQuery.parse(req.query);
        const officeIds = visibleOfficesOf(req, officeId);
        const alerts = await withAlertLoads(db, await listAlerts(db, { ...filter, officeIds }));
        res.json(groupBy === 'site' ? groupAlertsBySite(alerts) : alerts);
      },
    },
    {
      method: 'post',
      path: '/api/alerts/bulk',
      access: ALERT_READERS,
      summary:
        'One step (acknowledge, escalate, dismiss) on many alerts with one { ids, action, reason }; all or nothing',
      async handler(req, res) {
        const { ids, action, reason } = bulkBody.parse(req.body ?? {});
        for (const alertId of ids) await visibleObjectOffice(db, req, 'alert', alertId);
        res.json(
          await actOnAlerts(db, { alertIds: ids, action, reason, actor: actorOf(req), requestId: req.id }),
        );
      },
    },
    {
      method: 'get',
      path: '/api/sites/:id/signals',
      access: ALERT_READERS,
      summary: "A site's live low-tier signals (kept out of the inbox), most recent first",
      async handler(req, res) {
        res.json(
          await listAlerts(db, {
            siteId: id.parse(req.params.id),
            tier: 'signals',
            live: true,
            officeIds: visibleOfficesOf(req),
            limit: 1000,
          }),
        );
      },
    },
    {
      method: 'get',
      path: '/api/alerts/summary',
      access: ALERT_READERS,
      summary: 'Counts of live alerts by status, and of open ones by severity (header badge)',
      async handler(req, res) {
        res.json(await alertSummary(db, visibleOfficesOf(req)));
      },
    },
    {
      method: 'get',
      path: '/api/alerts/stream',
      access: ALERT_READERS,
      summary: 'Server-Sent Events: each new or changed alert of the user’s offices as an `alert` event; heartbeats every 15 s',
      async handler(req, res) {
        await streamAlerts(req, res, { db, feed, access: ALERT_READERS });
      },
    },
    {
      method: 'get',
      path: '/api/alerts/:id',
      access: ALERT_READERS,
      summary:
        'One alert with its load and 95 % interval, its events (what was done, why, by whom) and notes',
      async handler(req, res) {
        const [alert] = await withAlertLoads(db, [await getAlertWithHistory(db, id.parse(req.params.id))]);
        res.json(alert);
      },
    },
    {
      method: 'post',
      path: '/api/alerts/:id/acknowledge',
      access: ALERT_READERS,
      summary: 'Acknowledge an open alert ({ reason } optional); 422 from any other status',
      async handler(req, res) {
        const { reason } = optionalReasonBody.parse(req.body ?? {});
        res.json(
          await actOnAlert(db, {
            alertId: id.parse(req.params.id),
            action: 'acknowledge',
            reason: reason ?? '已确认 / acknowledged',
            actor: actorOf(req),
            requestId: req.id,
          }),
        );
      },
    },
    ...(['escalate', 'dismiss'] as const).map((action): RouteDef => ({
      method: 'post',
      path: `/api/alerts/:id/${action}`,
      access: ALERT_READERS,
      summary:
        action === 'escalate'
          ? 'Escalate an open or acknowledged alert, with { reason }; 422 when dismissed or escalated'
          : 'Dismiss a live alert, with { reason }; 422 when already dismissed',
      async handler(req, res) {
        const { reason } = reasonBody.parse(req.body ?? {});
        res.json(
          await actOnAlert(db, {
            alertId: id.parse(req.params.id),
            action,
            reason,
            actor: actorOf(req),
            requestId: req.id,
          }),
        );
      },
    })),
    {
      method: 'post',
      path: '/api/alerts/:id/assign',
      access: ALERT_READERS,
      summary: 'Give an alert to an analyst ({ username }, or null to take it back); an assign event',
      async handler(req, res) {
        const { username } = assignBody.parse(req.body ?? {});
        res.json(
          await assignAlert(db, {
            alertId: id.parse(req.params.id),
            username,
            actor: actorOf(req),
            requestId: req.id,
          }),
        );
      },
    },
    {
      method: 'post',
      path: '/api/alerts/:id/notes',
      access: ALERT_READERS,
      summary: 'Add a note { body } to an alert',
      async handler(req, res) {
        const { body } = noteBody.parse(req.body ?? {});
        const note = await addAlertNote(db, {
          alertId: id.parse(req.params.id),
          body,
          actor: actorOf(req),
          requestId: req.id,
        });
        res.status(201).json(note);
      },
    },
  ];
};
