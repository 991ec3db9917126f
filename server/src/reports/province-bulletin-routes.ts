import type { Request } from 'express';
import { z } from 'zod';
import type { Queryable } from '@skywater/core/db/db';
import { DATA_READERS } from '../auth/data-readers';
import type { RouteModule } from '../http/route-table';
import { visibleOfficesOf } from '../offices/office-scope';
import { comparisonFor, provinceComparisonQuery } from '../province/province-routes';
import { printPdf } from './bulletin-pdf';
import { loadProvinceBulletinData } from './province-bulletin-data';
import { renderProvinceBulletinHtml } from './province-bulletin-html';

/** The comparison's own query (office, period, analyte, and its defaults) and the language. */
const provinceBulletinQuery = provinceComparisonQuery.safeExtend({
  lang: z.enum(['zh-CN', 'zh', 'en']).default('zh-CN'),
});

/**
 * The province bulletin as HTML: the comparison exactly as `GET /api/province/comparison` answers
 * the same query (same office scope: a sibling office or the one above answers 404), then each
 * compared office's round bulletin over the sites the reader may see.
 */
async function provinceBulletin(db: Queryable, req: Request) {
  const { lang } = provinceBulletinQuery.parse(req.query);
  const view = await comparisonFor(db, req);
  const data = await loadProvinceBulletinData(db, view, visibleOfficesOf(req));
  return { view, html: renderProvinceBulletinHtml(data, lang === 'en' ? 'en' : 'zh-CN') };
}

export const provinceBulletinRoutes: RouteModule = ({ reads }) => [
  {
    method: 'get',
    path: '/api/reports/province-bulletin',
    access: DATA_READERS.hotspots,
    request: { query: provinceBulletinQuery },
    summary:
      'The province bulletin as printable HTML: the offices below one compared (as /api/province/comparison), a map, each one’s round (?officeId=&from=&to=&analyte=&lang=zh-CN|en)',
    async handler(req, res) {
      const { html } = await provinceBulletin(reads.forRead(req.user?.id), req);
      res.type('html').send(html);
    },
  },
  {
    method: 'get',
    path: '/api/reports/province-bulletin.pdf',
    access: DATA_READERS.hotspots,
    request: { query: provinceBulletinQuery },
    rateLimit: 'render',
    summary: 'The province bulletin as PDF (headless Chromium print-to-PDF); 503 without Chromium',
    async handler(req, res) {
      const { view, html } = await provinceBulletin(reads.forRead(req.user?.id), req);
      const pdf = await printPdf(html);
      res
        .type('application/pdf')
        .set(
          'content-disposition',
          `attachment; filename="province-bulletin-${view.office.code}-${view.from}-${view.to}.pdf"`,
        )
        .send(pdf);
    },
  },
];
