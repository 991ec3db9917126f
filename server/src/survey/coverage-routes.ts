import { recordAudit } from '@skywater/core/audit/audit-log';
import { NotFoundError } from '@skywater/core/errors/app-error';
import { areaGaps } from '@skywater/core/survey/coverage/coverage-gaps';
import { areaCoverage, coverageHistory } from '@skywater/core/survey/coverage/coverage-figures';
import { rebuildAreaCoverage } from '@skywater/core/survey/coverage/coverage-rebuild';
import { gapsToKml } from '@skywater/core/survey/gaps-kml';
import { z } from 'zod';
import { actorOf } from '../auth/actor';
import type { RouteModule } from '../http/route-table';
import { idParam } from '../places/area-routes';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const rangeQuery = z
  .object({ from: isoDate.optional(), to: isoDate.optional() })
  .refine((r) => !r.from || !r.to || r.from <= r.to, { message: 'from must not be after to' });

export const coverageRoutes: RouteModule = ({ db, config }) => {
  const gapsQuery = z.object({
    format: z.enum(['geojson', 'kml']).default('geojson'),
    minAreaM2: z.coerce.number().min(0).max(1e9).default(config.gapMinAreaM2),
    order: z.enum(['tour', 'largest']).default('tour'),
    /** Cut the gaps into squares of this side (km), parts a team can fly one at a time. */
    partKm: z.coerce.number().min(0.1).max(50).optional(),
  });
  return [
    {
      method: 'get',
      path: '/api/areas/:id/coverage',
      access: 'authenticated',
      request: { query: rangeQuery },
      summary: 'Covered km² and % of an area, all time or for photos taken between from and to (dates)',
      async handler(req, res) {
        const { id } = idParam.parse(req.params);
        res.json(await areaCoverage(db, id, rangeQuery.parse(req.query)));
      },
    },
    {
      method: 'get',
      path: '/api/areas/:id/coverage/history',
      access: 'authenticated',
      summary: 'Coverage over time: per day flown, km² that day and cumulative km² and %',
      async handler(req, res) {
        const { id } = idParam.parse(req.params);
        res.json(await coverageHistory(db, id));
      },
    },
    {
      method: 'post',
      path: '/api/areas/:id/coverage/rebuild',
      access: ['admin'],
      summary: "Recompute an area's coverage from its footprints; reports the drift corrected (km²)",
      async handler(req, res) {
        const { id } = idParam.parse(req.params);
        const rebuild = await rebuildAreaCoverage(db, id, (tx, result) =>
          recordAudit(tx, {
            actor: actorOf(req),
            action: 'rebuild_coverage',
            entity: 'survey_area',
            entityId: id,
            before: { coveredKm2: result.beforeKm2 },
            after: {
              coveredKm2: result.afterKm2,
              driftKm2: result.driftKm2,
              cellsChanged: result.cellsChanged,
            },
            requestId: req.id,
          }),
        );
        if (!rebuild) throw new NotFoundError('Survey area');
        res.json(rebuild);
      },
    },
    {
      method: 'get',
      path: '/api/areas/:id/gaps',
      access: 'authenticated',
      request: { query: gapsQuery },
      summary: 'Uncovered parts of an area (GeoJSON or KML), slivers dropped, ordered for the next flights',
      async handler(req, res) {
        const { id } = idParam.parse(req.params);
        const query = gapsQuery.parse(req.query);
        const result = await areaGaps(db, id, query);
        if (query.format === 'kml') {
          res
            .type('application/vnd.google-earth.kml+xml')
            .setHeader('Content-Disposition', `attachment; filename="area-${id}-gaps.kml"`)
            .send(gapsToKml(`${result.areaName} gaps`, result.gaps));
          return;
        }
        res.json({
          type: 'FeatureCollection',
          properties: {
            areaId: id,
            order: query.order,
            start: result.start,
            minAreaM2: query.minAreaM2,
            partKm: query.partKm ?? null,
            droppedSlivers: result.droppedSlivers,
          },
          features: result.gaps.map((gap) => ({
            type: 'Feature',
            geometry: gap.geometry,
            properties: {
              rank: gap.rank,
              areaM2: gap.areaM2,
              centroid: gap.centroid,
              distanceFromPreviousM: gap.distanceFromPreviousM,
            },
          })),
        });
      },
    },
  ];
};
