import { z } from 'zod';
import { recordAudit } from '@skywater/core/audit/audit-log';
import { NotFoundError } from '@skywater/core/errors/app-error';
import { areaGeometrySchema } from '@skywater/core/geo/geojson-schema';
import { actorOf } from '../auth/actor';
import type { RouteModule } from '../http/route-table';
import { areaCoverageExclusions } from '../survey/coverage-exclusions';
import { getArea, insertArea, listAreas } from './areas';

export const idParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

const newArea = z.object({
  name: z.string().trim().min(1).max(200),
  city: z.string().trim().min(1).max(100),
  geometry: areaGeometrySchema,
});

export const areaRoutes: RouteModule = ({ db }) => [
  {
    method: 'get',
    path: '/api/areas',
    access: 'authenticated',
    summary: 'Survey areas with their size and coverage (km², %)',
    async handler(_req, res) {
      res.json(await listAreas(db));
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
    summary: 'Create a survey area from a GeoJSON Polygon or MultiPolygon',
    async handler(req, res) {
      const input = newArea.parse(req.body);
      const id = await db.transaction(async (tx) => {
        const areaId = await insertArea(tx, input);
        await recordAudit(tx, {
          actor: actorOf(req),
          action: 'create',
          entity: 'survey_area',
          entityId: areaId,
          after: { name: input.name, city: input.city },
          requestId: req.id,
        });
        return areaId;
      });
      res.status(201).json(await getArea(db, id));
    },
  },
];
