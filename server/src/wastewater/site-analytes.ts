import type { Queryable } from '@skywater/core/db/db';
import type { SiteAnalyteCount } from '@skywater/core/wastewater/site-view';
import { NotFoundError } from '@skywater/core/errors/app-error';
import { z } from 'zod';
import { seesRestrictedSites } from '../auth/actor';
import type { RouteModule } from '../http/route-table';

/**
 * Which analytes a site has results for, so a picker can tell "no data here" from a flat
 * series before anyone opens it. A restricted site (venue, hotel) is "not found" for a user
 * who may not see it, as its series is.
 */
export async function siteAnalyteCounts(
  db: Queryable,
  siteId: number,
  seesRestricted: boolean,
): Promise<SiteAnalyteCount[]> {
  const site = await db.query<{ restricted: boolean }>(`select restricted from sites where id = $1`, [
    siteId,
  ]);
  if (!site.rows[0] || (site.rows[0].restricted && !seesRestricted)) throw new NotFoundError('Site');
  const { rows } = await db.query<SiteAnalyteCount>(
    `select m.analyte_code as analyte, count(*)::int as results,
            count(*) filter (where m.qualifier in ('=', '>ULOQ'))::int as detected,
            count(distinct s.round_id)::int as rounds
     from measurements m join samples s on s.id = m.sample_id
     where s.site_id = $1
     group by m.analyte_code order by m.analyte_code`,
    [siteId],
  );
  return rows;
}

const idParams = z.object({ id: z.coerce.number().int().positive() });

export const siteAnalyteRoutes: RouteModule = ({ db }) => [
  {
    method: 'get',
    path: '/api/sites/:id/analytes',
    access: ['analyst', 'lab', 'admin'],
    summary: 'Which analytes a site has results for: results, detected, rounds per analyte',
    async handler(req, res) {
      const { id } = idParams.parse(req.params);
      res.json(await siteAnalyteCounts(db, id, seesRestrictedSites(req)));
    },
  },
];
