import { z } from 'zod';
import { recordAudit } from '@skywater/core/audit/audit-log';
import { ConflictError, NotFoundError } from '@skywater/core/errors/app-error';
import { areaGeometrySchema } from '@skywater/core/geo/geojson-schema';
import { actorOf } from '../auth/actor';
import { officeIdField } from '../offices/office-fields';
import { officeForNew, visibleOfficesOf } from '../offices/office-scope';
import { assertAreaWithinTerritory } from '../offices/office-territory';
import type { RouteDef, RouteModule } from '../http/route-table';
import { areaCoverageExclusions } from '../survey/coverage-exclusions';
import { setAreaArchived } from './area-archive';
import { getArea, insertArea, listAreas, listAreasWithGeometry } from './areas';

export const idParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

const newArea = z.object({
  name: z.string().trim().min(1).max(200),
  city: z.string().trim().min(1).max(100),
  geometry: areaGeometrySchema,
  officeId: officeIdField.optional(),
});

const listQuery = z.object({
  archived: z.enum(['exclude', 'include', 'only']).default('exclude'),
  officeId: officeIdField.optional(),
  /** `geometry`: each area in use with its outline, as `GET /api/areas/:id` gives it (the map's one request). */
  include: z.enum(['geometry']).optional(),
});
const withReason = z.object({ reason: z.string().trim().min(1).max(2000) }).strict();

export const areaRoutes: RouteModule = ({ db }) => [
  {
    method: 'get',
    path: '/api/areas',
    access: 'authenticated',
    request: { query: listQuery },
    summary:
      'Survey areas with their size and coverage (km², %); archived ones only with ?archived=include|only; with their outlines (areas in use) with ?include=geometry',
    async handler(req, res) {
      const { archived, officeId, include } = listQuery.parse(req.query);
      const offices = visibleOfficesOf(req, officeId);
      if (include === 'geometry') {
        res.json(await listAreasWithGeometry(db, offices));
        return;
      }
      res.json(await listAreas(db, archived, offices));
    },
  },
  {
    method: 'get',
    path: '/api/areas/:id',
    access: 'authenticated',
    summary: 'One survey area with its geometry, and the photos kept out of its coverage by QC flag',
    async handler(req, res) {
      const { id } = idParam.parse(req.params);
      const area = await getArea(db, id);
      if (!area) throw new NotFoundError('Survey area');
      res.json({ ...area, coverageExclusions: await areaCoverageExclusions(db, id) });
    },
  },
  {
    method: 'post',
    path: '/api/areas',
    access: ['pilot', 'admin'],
    request: { body: newArea },
    summary:
      'Create a survey area from a GeoJSON Polygon or MultiPolygon (officeId: one the user may see; default their own; name unique within the office, 409; 422 outside_territory beyond the office’s territory)',
    async handler(req, res) {
      const input = newArea.parse(req.body);
      const officeId = officeForNew(req, input.officeId);
      const id = await db.transaction(async (tx) => {
        const existing = await tx.query('select 1 from survey_areas where name = $1 and office_id = $2', [
          input.name,
          officeId,
        ]);
        if (existing.rows.length)
          throw new ConflictError(`A survey area named ${input.name} exists in this office`, {
            reason: 'duplicate_in_office',
            officeId,
          });
        const areaId = await insertArea(tx, { ...input, officeId });
        // After insertArea has refused an invalid outline; refusing here rolls the area back.
        await assertAreaWithinTerritory(tx, officeId, JSON.stringify(input.geometry));
        await recordAudit(tx, {
          actor: actorOf(req),
          action: 'create',
          entity: 'survey_area',
          entityId: areaId,
          after: { name: input.name, city: input.city, officeId },
          requestId: req.id,
        });
        return areaId;
      });
      res.status(201).json(await getArea(db, id));
    },
  },
  ...(['archive', 'restore'] as const).map((step): RouteDef => ({
    method: 'post',
    path: `/api/areas/:id/${step}`,
    access: ['admin'],
    request: { body: withReason },
    summary:
      step === 'archive'
        ? 'Archive a survey area with a reason: it leaves lists, tiles and coverage jobs; its data is kept (audited)'
        : 'Restore an archived survey area with a reason; its coverage catches up (audited)',
    async handler(req, res) {
      const { id } = idParam.parse(req.params);
      const { reason } = withReason.parse(req.body);
      await db.transaction((tx) => setAreaArchived(tx, id, step === 'archive', reason, actorOf(req), req.id));
      res.json(await getArea(db, id));
    },
  })),
];
