import { z } from 'zod';
import type { AuditEntryView } from '@skywater/core/audit/audit-entry-view';
import { csvCell } from '@skywater/core/wastewater/csv-cell';
import { officeIdField } from '../offices/office-fields';
import { visibleOfficesOf } from '../offices/office-scope';
import type { RouteModule } from '../http/route-table';

const auditQuery = z.object({
  entity: z.string().max(64).optional(),
  entityId: z.string().max(200).optional(),
  actor: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(200),
  beforeId: z.coerce.number().int().positive().optional(),
  officeId: officeIdField.optional(),
});

const AUDIT_SQL = `
  select id, at, office_id::int as "officeId", actor_name as "actor", action, entity, entity_id as "entityId", before, after, request_id as "requestId"
  from audit_log
  where ($1::text is null or entity = $1) and ($2::text is null or entity_id = $2)
    and ($3::text is null or actor_name = $3) and ($4::text is null or action = $4)
    and ($5::timestamptz is null or at >= $5) and ($6::timestamptz is null or at < $6)
    and ($7::bigint is null or id < $7) and office_id = any($9::bigint[])
  order by id desc limit $8`;

/**
 * Admins browse and export the append-only audit log of their offices (newest first, paged by
 * id); an entry belongs to its actor's office.
 */
export const auditRoutes: RouteModule = ({ db }) => {
  const find = (q: z.infer<typeof auditQuery>, officeIds: number[]) =>
    db.query<AuditEntryView>(AUDIT_SQL, [
      q.entity ?? null,
      q.entityId ?? null,
      q.actor ?? null,
      q.action ?? null,
      q.from ?? null,
      q.to ?? null,
      q.beforeId ?? null,
      q.limit,
      officeIds,
    ]);
  return [
    {
      method: 'get',
      path: '/api/audit',
      access: ['admin'],
      request: { query: auditQuery },
      summary:
        'Audit log entries of the admin’s offices, newest first (filters: officeId, entity, entityId, actor, action, from, to; page with beforeId)',
      async handler(req, res) {
        const q = auditQuery.parse(req.query);
        res.json((await find(q, visibleOfficesOf(req, q.officeId))).rows);
      },
    },
    {
      method: 'get',
      path: '/api/audit.csv',
      access: ['admin'],
      summary: 'The same entries as CSV (UTF-8 with BOM, formula-safe cells)',
      rateLimit: 'expensive',
      async handler(req, res) {
        const q = auditQuery.parse({ limit: 10_000, ...req.query });
        const { rows } = await find(q, visibleOfficesOf(req, q.officeId));
        const header: (keyof AuditEntryView)[] = [
          'id',
          'at',
          'officeId',
          'actor',
          'action',
          'entity',
          'entityId',
          'before',
          'after',
          'requestId',
        ];
        const cell = (v: unknown) =>
          csvCell(
            v !== null && typeof v === 'object' && !(v instanceof Date)
              ? JSON.stringify(v)
              : (v as string | number | Date | null),
          );
        const lines = rows.map((r) => header.map((h) => cell(r[h])).join(','));
        res
          .set('Content-Disposition', 'attachment; filename="audit-log.csv"')
          .type('text/csv; charset=utf-8');
        res.send(`\uFEFF${[header.join(','), ...lines].join('\r\n')}\r\n`);
      },
    },
  ];
};
