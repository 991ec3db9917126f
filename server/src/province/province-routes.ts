import { z } from 'zod';
import type { Request } from 'express';
import type { Queryable } from '@skywater/core/db/db';
import { NotFoundError } from '@skywater/core/errors/app-error';
import type { RouteModule } from '../http/route-table';
import { officeScopeOf } from '../offices/office-scope';
import { provinceComparisonCsv } from './province-comparison-csv';
import { loadProvinceComparison } from './province-comparison-query';

/** A calendar date `YYYY-MM-DD` (2025-02-30 is refused). */
const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine((d) => {
    const parsed = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === d;
  }, 'not a calendar date');

export const provinceComparisonQuery = z
  .object({
    officeId: z.coerce.number().int().positive().optional(),
    from: calendarDate.optional(),
    to: calendarDate.optional(),
    analyte: z.string().trim().min(1).max(64).default('METH'),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from is after to', path: ['from'] });

/**
 * The period when the query leaves it out: `to` is the last day of the latest round that sampled
 * a treatment plant of the office's subtree (today when none did, and never after today), `from`
 * the day after the same date a year earlier: the twelve months that hold the office's latest
 * results, so a screen opened without dates shows them.
 */
async function defaultPeriod(db: Queryable, officeId: number, q: { from?: string; to?: string }) {
  const today = new Date().toISOString().slice(0, 10);
  let to = q.to;
  if (!to) {
    const { rows } = await db.query<{ to: string | null }>(
      `select to_char(max(r.ends_on), 'YYYY-MM-DD') as to
         from rounds r
        where r.ends_on <= $2::date and exists (
          select 1 from samples s join sites st on st.id = s.site_id
           where s.round_id = r.id and st.kind = 'wwtp' and st.office_id in (select office_subtree($1)))`,
      [officeId, today],
    );
    to = q.from && rows[0]?.to && rows[0].to < q.from ? today : (rows[0]?.to ?? today);
  }
  const yearBefore = new Date(`${to}T00:00:00Z`);
  yearBefore.setUTCFullYear(yearBefore.getUTCFullYear() - 1);
  yearBefore.setUTCDate(yearBefore.getUTCDate() + 1);
  return { from: q.from ?? yearBefore.toISOString().slice(0, 10), to };
}

async function comparisonFor(db: Queryable, req: Request) {
  const q = provinceComparisonQuery.parse(req.query);
  const scope = officeScopeOf(req);
  const officeId = q.officeId ?? scope.officeId;
  if (!scope.visibleOfficeIds.includes(officeId)) throw new NotFoundError('Office');
  const period = await defaultPeriod(db, officeId, q);
  return loadProvinceComparison(db, { officeId, ...period, analyteCode: q.analyte }, scope);
}

/** The province's view: the offices below one side by side (README "Province view"). */
export const provinceRoutes: RouteModule = ({ reads }) => [
  {
    method: 'get',
    path: '/api/province/comparison',
    access: ['analyst'],
    request: { query: provinceComparisonQuery },
    summary:
      'The offices below one (default: the user’s) side by side for a period and an analyte: latest round’s loads and consumption with 95 % intervals, change, trend, open alerts, coverage, findings; ranked, with the total',
    async handler(req, res) {
      res.json(await comparisonFor(reads.forRead(req.user?.id), req));
    },
  },
  {
    method: 'get',
    path: '/api/province/comparison.csv',
    access: ['analyst'],
    request: { query: provinceComparisonQuery },
    summary: 'The same comparison table as CSV (UTF-8 with BOM, the JSON’s figures unrounded, the total last)',
    async handler(req, res) {
      const view = await comparisonFor(reads.forRead(req.user?.id), req);
      res
        .set('Content-Disposition', `attachment; filename="province-comparison-${view.analyte.code}-${view.to}.csv"`)
        .type('text/csv; charset=utf-8')
        .send(provinceComparisonCsv(view));
    },
  },
];
