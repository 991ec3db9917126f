import { z } from 'zod';
import { DATA_READERS } from '../auth/data-readers';
import type { RouteModule } from '../http/route-table';
import type { Request } from 'express';
import type { Queryable } from '@skywater/core/db/db';
import { visibleOfficesOf } from '../offices/office-scope';
import { visibleObjectOffice } from '../offices/owned-objects';
import { type BulletinData, loadBulletinData } from './bulletin-data';
import { loadBulletinDistricts } from './bulletin-districts';
import { withFigureRanges } from './bulletin-figure-ranges';
import { renderBulletinHtml } from './bulletin-html';
import { printPdf } from './bulletin-pdf';

const bulletinQuery = z.object({
  roundId: z.coerce.number().int().positive(),
  areaId: z.coerce.number().int().positive().optional(),
  lang: z.enum(['zh-CN', 'en']).default('zh-CN'),
});

/** What the bulletin's map frames: the sites, or the area's outline when no site reported. */
function mapPoints(data: BulletinData): { lon: number; lat: number }[] {
  if (data.sites.length > 0) return data.sites;
  return (data.area?.outline.coordinates ?? []).flat(2).map(([lon, lat]) => ({ lon: lon!, lat: lat! }));
}

/**
 * The bulletin of a round the reader's offices hold (another office's round or area answers 404,
 * as if absent), built from the sites of the reader's offices only.
 */
async function bulletinOffices(db: Queryable, req: Request, q: { roundId: number; areaId?: number }) {
  await visibleObjectOffice(db, req, 'round', q.roundId);
  if (q.areaId !== undefined) await visibleObjectOffice(db, req, 'area', q.areaId);
  return visibleOfficesOf(req);
}

export const bulletinRoutes: RouteModule = ({ db }) => [
  {
    method: 'get',
    path: '/api/reports/bulletin',
    access: DATA_READERS.hotspots,
    request: { query: bulletinQuery },
    summary: 'The round bulletin as printable HTML (?roundId=&areaId=&lang=zh-CN|en)',
    async handler(req, res) {
      const q = bulletinQuery.parse(req.query);
      const officeIds = await bulletinOffices(db, req, q);
      const data = await withFigureRanges(
        db,
        await loadBulletinData(db, q.roundId, q.areaId, officeIds),
        officeIds,
      );
      const html = renderBulletinHtml(data, q.lang, await loadBulletinDistricts(db, mapPoints(data)));
      res.type('html').send(html);
    },
  },
  {
    method: 'get',
    path: '/api/reports/bulletin.pdf',
    access: DATA_READERS.hotspots,
    request: { query: bulletinQuery },
    rateLimit: 'render',
    summary: 'The round bulletin as PDF (headless Chromium print-to-PDF); 503 without Chromium',
    async handler(req, res) {
      const q = bulletinQuery.parse(req.query);
      const officeIds = await bulletinOffices(db, req, q);
      const data = await withFigureRanges(
        db,
        await loadBulletinData(db, q.roundId, q.areaId, officeIds),
        officeIds,
      );
      const pdf = await printPdf(
        renderBulletinHtml(data, q.lang, await loadBulletinDistricts(db, mapPoints(data))),
      );
      res
        .type('application/pdf')
        .set('content-disposition', `attachment; filename="bulletin-round-${q.roundId}.pdf"`)
        .send(pdf);
    },
  },
];
