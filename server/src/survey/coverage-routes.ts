import { gapsToKml } from '@skywater/core/survey/gaps-kml';
import { z } from 'zod';
import type { RouteModule } from '../http/route-table';
import { idParam } from '../places/area-routes';
import { areaGaps } from './coverage-gaps';
import { areaCoverage, coverageHistory } from './coverage-queries';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const rangeQuery = z
  .object({ from: isoDate.optional(), to: isoDate.optional() })
  .refine((r) => !r.from || !r.to || r.from <= r.to, { message: 'from must not be after to' });

export const coverageRoutes: RouteModule = ({ db, config }) => {
  const gapsQuery = z.object({
    format: z.enum(['geojson', 'kml']).default('geojson'),
    minAreaM2: z.coerce.number().min(0).max(1e9).default(config.gapMinAreaM2),
    order: z.enum(['tour', 'largest']).default('tour'),
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
