import { z } from 'zod';
import { recordAudit } from '@skywater/core/audit/audit-log';
import { ConflictError, UnprocessableError } from '@skywater/core/errors/app-error';
import { actorOf, seesRestrictedSites } from '../auth/actor';
import { officeIdField } from '../offices/office-fields';
import { officeForNew, visibleOfficesOf } from '../offices/office-scope';
import { assertWithinTerritory } from '../offices/office-territory';
import { visibleObjectOffice } from '../offices/owned-objects';
import type { RouteModule } from '../http/route-table';
import { SITE_KINDS } from '@skywater/core/wastewater/site-view';
import { insertSite, sitesAsGeoJson } from './sites';

const newSite = z.object({
  code: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[\p{L}\p{N}_.-]+$/u, 'letters, digits, _ . - only'),
  name: z.string().trim().min(1).max(200),
  kind: z.enum(SITE_KINDS),
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  populationServed: z.number().int().min(0).max(50_000_000).nullish(),
  areaId: z.number().int().positive().nullish(),
  district: z.string().trim().max(100).nullish(),
  officeId: officeIdField.optional(),
});

const siteQuery = z.object({
  areaId: z.coerce.number().int().positive().optional(),
  officeId: officeIdField.optional(),
});

export const siteRoutes: RouteModule = ({ db }) => [
  {
    method: 'get',
    path: '/api/sites',
    access: 'authenticated',
    request: { query: siteQuery },
    summary: 'Sampling sites as GeoJSON (venues and hotels only for analysts and admins)',
    async handler(req, res) {
      const { areaId, officeId } = siteQuery.parse(req.query);
      res.json(
        await sitesAsGeoJson(db, {
          areaId,
          includeRestricted: seesRestrictedSites(req),
          officeIds: visibleOfficesOf(req, officeId),
        }),
      );
    },
  },
  {
    method: 'post',
    path: '/api/sites',
    access: ['analyst', 'admin'],
    request: { body: newSite },
    summary:
      'Create a sampling site (office: officeId, else its area’s, else the user’s; 422 outside_territory outside the office’s territory)',
    async handler(req, res) {
      const input = newSite.parse(req.body);
      const areaOffice = input.areaId ? await visibleObjectOffice(db, req, 'area', input.areaId) : null;
      const officeId = officeForNew(req, input.officeId ?? areaOffice);
      if (areaOffice !== null && areaOffice !== officeId)
        throw new UnprocessableError('office_mismatch', 'The site’s area belongs to another office');
      await assertWithinTerritory(db, officeId, input.lon, input.lat);
      const site = { ...input, officeId };
      const id = await db.transaction(async (tx) => {
        const existing = await tx.query('select 1 from sites where code = $1 and office_id = $2', [
          site.code,
          officeId,
        ]);
        if (existing.rows.length)
          throw new ConflictError(`A site with code ${site.code} exists in this office`, {
            reason: 'duplicate_in_office',
            officeId,
          });
        const siteId = await insertSite(tx, site);
        await recordAudit(tx, {
          actor: actorOf(req),
          action: 'create',
          entity: 'site',
          entityId: siteId,
          after: site,
          requestId: req.id,
        });
        return siteId;
      });
      res.status(201).json({ id, ...site });
    },
  },
];
