import { z } from 'zod';
import { NotFoundError, ValidationError } from '@skywater/core/errors/app-error';
import { exportHeaderLine, exportLine } from '@skywater/core/wastewater/lab-export';
import { QUALIFIERS } from '@skywater/core/wastewater/lab-value';
import { templateCsv } from '@skywater/core/wastewater/lab-template';
import type { Response } from 'express';
import { actorOf, seesRestrictedSites } from '../auth/actor';
import type { AppContext } from '../app-context';
import { officeIdField } from '../offices/office-fields';
import { visibleOfficesOf } from '../offices/office-scope';
import type { RouteDef, RouteModule } from '../http/route-table';
import { analyteHistory, editAnalyte, getAnalyte, listAnalytes } from './analyte-catalogue';
import { commitLabDryRun, importLabResults } from './lab-import';
import type { LabImportBatchDetailView, LabImportBatchView } from '@skywater/core/wastewater/lab-import-view';
import type { ImportStatus, LabImportReport } from './lab-import-types';
import { exportResults } from './lab-export-query';
import { bilingualFileError } from './lab-file-error-reply';
import { labFileSource } from './lab-file-source';
import { templateWorkbook } from './lab-template-workbook';
import { getMeasurement, measurementCorrection, measurementHistory } from './measurement-corrections';
import {
  DEFAULT_PLAUSIBILITY_BOUNDS,
  PLAUSIBILITY_QUANTITIES,
  PLAUSIBILITY_UNITS,
} from '@skywater/core/wastewater/plausibility-bounds';
import type { PlausibilityBoundsView } from '@skywater/core/wastewater/plausibility-view';
import { loadPlausibilityBounds, setPlausibilityBound } from './plausibility-bounds-store';
import { recordCorrection, type CorrectedPlace, type CorrectionSubject } from './record-correction';
import { sampleCorrection, sampleHistory } from './sample-corrections';
import { phesOdmSource } from './phes-odm-source';
import { siteSeries } from './site-series-query';
import { SITE_KINDS } from '@skywater/core/wastewater/site-view';
import { spoolUpload } from './upload-spool';

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const importQuery = z.object({
  dryRun: flag.optional(),
  /** A dry run's token: imports the rows it checked, without the file. */
  dryRunToken: z.string().uuid().optional(),
  mode: z
    .enum(['valid-only', 'valid_only', 'all-or-nothing', 'all_or_nothing'])
    .transform((m) => (m.startsWith('valid') ? ('valid_only' as const) : ('all_or_nothing' as const)))
    .optional(),
});

const id = z.coerce.number().int().positive();
const idParams = z.object({ id });

const correctionBody = z.object({
  value: z.union([z.number().min(0), z.string().trim().max(50), z.null()]),
  unit: z.string().trim().min(1).max(20).optional(),
  qualifier: z.enum(QUALIFIERS).optional(),
  reason: z.string().trim().min(1).max(2000),
});

const sampleCorrectionBody = z
  .object({
    // JSON cannot carry Infinity or NaN; 1e309 arrives as Infinity from JSON.parse and is refused here.
    flowM3PerDay: z.number().finite().positive().optional(),
    population: z.number().finite().int().positive().optional(),
    reason: z.string().trim().min(1).max(2000),
  })
  .strict();

const finite = z.number().finite().min(0);
const boundEdit = z
  .object({
    quantity: z.enum(PLAUSIBILITY_QUANTITIES),
    analyteCode: z
      .string()
      .regex(/^[A-Z0-9-]{2,16}$/)
      .nullable(),
    siteKind: z.enum(SITE_KINDS).nullable(),
    hardMin: finite,
    hardMinExclusive: z.boolean(),
    hardMax: finite,
    softMin: finite.nullable(),
    softMax: finite.nullable(),
    source: z.string().trim().min(1).max(2000),
    reason: z.string().trim().min(1).max(2000),
  })
  .strict();

const analyteEdit = z
  .object({
    correctionFactor: z.number().positive().max(10_000).nullable().optional(),
    excretedFraction: z.number().gt(0).max(1).nullable().optional(),
    provisional: z.boolean().optional(),
    priority: z.boolean().optional(),
    source: z.string().trim().max(1000).nullable().optional(),
    nameZh: z.string().trim().min(1).max(100).optional(),
    nameEn: z.string().trim().min(1).max(200).optional(),
    aliases: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
    reason: z.string().trim().min(1).max(2000),
  })
  .strict()
  .refine((edit) => Object.keys(edit).some((key) => key !== 'reason'), { message: 'Nothing to change' });

const officeQuery = z.object({ officeId: officeIdField.optional() });
const exportQuery = z.object({
  roundId: id.optional(),
  areaId: id.optional(),
  officeId: officeIdField.optional(),
  lang: z.enum(['en', 'zh']).optional(),
});

const seriesQuery = z.object({ analyte: z.string().trim().min(1).max(100) });

/** imported → 201; checked, duplicate → 200; rejected (all-or-nothing, nothing written) → 422. */
const HTTP_STATUS: Record<ImportStatus, number> = {
  imported: 201,
  checked: 200,
  duplicate: 200,
  rejected: 422,
};

function sendReport(res: Response, report: LabImportReport & { unmapped?: unknown; rowsUnmapped?: number }) {
  res.status(HTTP_STATUS[report.status]).json(report);
}

/**
 * `POST <path>` with `{ ...figures, reason }` (lab, admin): one correction of a stored record
 * (recordCorrection), answered 201 with the record and its revision id.
 */
function correctionRoute<
  Entity extends string,
  Body extends { reason: string },
  Stored extends CorrectedPlace,
  Next,
>(
  ctx: AppContext,
  path: string,
  subject: CorrectionSubject<Entity, Body, Stored, Next>,
  body: z.ZodType<Body>,
  summary: string,
): RouteDef {
  return {
    method: 'post',
    path,
    access: ['lab', 'admin'],
    request: { body },
    summary,
    async handler(req, res) {
      const { id: recordId } = idParams.parse(req.params);
      const correction = body.parse(req.body);
      const result = await ctx.db.transaction((tx) =>
        recordCorrection(tx, subject, recordId, correction, { actor: actorOf(req), requestId: req.id }),
      );
      ctx.jobsWritten();
      res.status(201).json(result);
    },
  };
}

/** The wastewater results routes: lab imports, template, export, corrections, series, analytes. */
export const wastewaterRoutes: RouteModule = (ctx) => {
  const { db, config } = ctx;
  return [
    {
      method: 'get',
      path: '/api/analytes',
      access: 'authenticated',
      summary:
        'The analyte catalogue: names (zh/en), aliases, molar masses, excretion, correction factor, source',
      async handler(_req, res) {
        res.json(await listAnalytes(db));
      },
    },
    {
      method: 'patch',
      path: '/api/analytes/:code',
      access: ['admin'],
      request: { body: analyteEdit },
      summary:
        'Change an analyte (factor, provisional or priority flag, source, names) with a reason; history kept',
      async handler(req, res) {
        const code = z
          .string()
          .regex(/^[A-Z0-9-]{2,16}$/)
          .parse(req.params.code);
        const edit = analyteEdit.parse(req.body);
        const { analyte, revisionId } = await db.transaction((tx) =>
          editAnalyte(tx, code, edit, actorOf(req), req.id),
        );
        res.json({ ...analyte, revisionId });
      },
    },
    {
      method: 'get',
      path: '/api/plausibility-bounds',
      access: 'authenticated',
      summary:
        'Plausibility bounds (hard: refused; soft: confirm) per quantity, analyte, site kind: defaults and stored',
      async handler(_req, res) {
        const bounds: PlausibilityBoundsView = {
          units: PLAUSIBILITY_UNITS,
          defaults: DEFAULT_PLAUSIBILITY_BOUNDS,
          stored: await loadPlausibilityBounds(db),
        };
        res.json(bounds);
      },
    },
    {
      method: 'put',
      path: '/api/plausibility-bounds',
      access: ['admin'],
      summary:
        'Set the plausibility bound of one quantity × analyte × site kind, with its source and a reason (audited)',
      async handler(req, res) {
        const edit = boundEdit.parse(req.body);
        res.json(await db.transaction((tx) => setPlausibilityBound(tx, edit, actorOf(req), req.id)));
      },
    },
    {
      method: 'get',
      path: '/api/analytes/:code/history',
      access: ['analyst', 'lab', 'admin'],
      summary: 'Every change of an analyte: before, after, reason, who, when',
      async handler(req, res) {
        const code = String(req.params.code);
        if (!(await getAnalyte(db, code))) throw new NotFoundError('Analyte');
        res.json(await analyteHistory(db, code));
      },
    },
    {
      method: 'post',
      path: '/api/lab/imports',
      access: ['lab', 'admin'],
      request: { query: importQuery },
      rateLimit: 'upload',
      summary:
        'Upload lab results (multipart field "file", CSV or XLSX); ?dryRun=true, ?mode=valid-only; ?dryRunToken= imports a dry run without the file',
      async handler(req, res) {
        const query = importQuery.parse(req.query);
        if (query.dryRunToken) {
          const report = await commitLabDryRun(db, query.dryRunToken, {
            mode: query.mode,
            actor: actorOf(req),
            requestId: req.id,
            officeIds: visibleOfficesOf(req),
          });
          if (report.status === 'imported') ctx.jobsWritten();
          return sendReport(res, report);
        }
        const upload = await spoolUpload(req, { fileFields: ['file'], maxBytes: config.labUploadMaxBytes });
        try {
          const file = upload.files.get('file');
          if (!file) throw new ValidationError('No file: send it in the multipart field "file"');
          const source = await labFileSource(file, config.labUploadMaxBytes);
          const report = await importLabResults(db, source, {
            dryRun: query.dryRun,
            mode: query.mode,
            actor: actorOf(req),
            requestId: req.id,
            officeIds: visibleOfficesOf(req),
          }).catch((error: unknown) => {
            throw bilingualFileError(error);
          });
          if (report.status === 'imported') ctx.jobsWritten();
          sendReport(res, report);
        } finally {
          await upload.cleanup();
        }
      },
    },
    {
      method: 'post',
      path: '/api/lab/imports/phes-odm',
      access: ['lab', 'admin'],
      request: { query: importQuery },
      rateLimit: 'upload',
      summary:
        'Import PHES-ODM v2 tables (multipart: samples, measures, optional sites CSV; field round); ?dryRunToken= as above',
      async handler(req, res) {
        const query = importQuery.parse(req.query);
        if (query.dryRunToken) {
          const report = await commitLabDryRun(db, query.dryRunToken, {
            mode: query.mode,
            actor: actorOf(req),
            requestId: req.id,
            officeIds: visibleOfficesOf(req),
          });
          if (report.status === 'imported') ctx.jobsWritten();
          return sendReport(res, report);
        }
        const upload = await spoolUpload(req, {
          fileFields: ['samples', 'measures', 'sites'],
          maxBytes: config.labUploadMaxBytes,
        });
        try {
          const samples = upload.files.get('samples');
          const measures = upload.files.get('measures');
          const round = upload.fields.get('round')?.trim();
          if (!samples || !measures || !round) {
            throw new ValidationError('Send the files "samples" and "measures" and the field "round"');
          }
          const { source, unmapped } = await phesOdmSource(
            { samples, measures, sites: upload.files.get('sites') },
            round,
          ).catch((error: unknown) => {
            throw bilingualFileError(error);
          });
          const replyExtras = { unmapped: unmapped.slice(0, 1_000), rowsUnmapped: unmapped.length };
          const report = await importLabResults(db, source, {
            dryRun: query.dryRun,
            mode: query.mode,
            actor: actorOf(req),
            requestId: req.id,
            replyExtras,
            officeIds: visibleOfficesOf(req),
          });
          if (report.status === 'imported') ctx.jobsWritten();
          sendReport(res, { ...report, ...replyExtras });
        } finally {
          await upload.cleanup();
        }
      },
    },
    {
      method: 'get',
      path: '/api/lab/imports',
      access: ['lab', 'analyst', 'admin'],
      request: { query: officeQuery },
      summary: 'Recent import batches of the user’s offices (?officeId= narrows), newest first',
      async handler(req, res) {
        const { officeId } = officeQuery.parse(req.query);
        const { rows } = await db.query<LabImportBatchView>(
          `select id, file_name as "fileName", file_sha256 as "fileSha256", format, status, mode,
             rows_total as "rowsTotal", rows_imported as "rowsImported", rows_unchanged as "rowsUnchanged",
             rows_rejected as "rowsRejected", uploaded_by_name as "uploadedBy", created_at as "createdAt",
             office_id::int as "officeId"
           from import_batches where office_id = any($1::bigint[]) order by id desc limit 200`,
          [visibleOfficesOf(req, officeId)],
        );
        res.json(rows);
      },
    },
    {
      method: 'get',
      path: '/api/lab/imports/:id',
      access: ['lab', 'analyst', 'admin'],
      summary: 'One import batch with its validation report',
      async handler(req, res) {
        const { id: batchId } = idParams.parse(req.params);
        const { rows } = await db.query<LabImportBatchDetailView>(
          `select id, file_name as "fileName", file_sha256 as "fileSha256", format, status, mode,
             rows_total as "rowsTotal", rows_imported as "rowsImported", rows_unchanged as "rowsUnchanged",
             rows_rejected as "rowsRejected", uploaded_by_name as "uploadedBy", created_at as "createdAt",
             finished_at as "finishedAt", report, office_id::int as "officeId"
           from import_batches where id = $1`,
          [batchId],
        );
        if (!rows[0]) throw new NotFoundError('Import batch');
        res.json(rows[0]);
      },
    },
    {
      method: 'get',
      path: '/api/lab/template.csv',
      access: ['lab', 'analyst', 'admin'],
      summary: 'The upload template as CSV (UTF-8 with BOM; ?lang=zh|en headers)',
      async handler(req, res) {
        const { lang } = z.object({ lang: z.enum(['en', 'zh']).optional() }).parse(req.query);
        res.setHeader('content-type', 'text/csv; charset=utf-8');
        res.setHeader('content-disposition', `attachment; filename="lab-template-${lang ?? 'zh'}.csv"`);
        res.send(templateCsv(lang ?? 'zh'));
      },
    },
    {
      method: 'get',
      path: '/api/lab/template.xlsx',
      access: ['lab', 'analyst', 'admin'],
      summary: 'The upload template as XLSX (bilingual headers, a notes sheet on columns, units, qualifiers)',
      async handler(_req, res) {
        res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        res.setHeader('content-disposition', 'attachment; filename="lab-template.xlsx"');
        res.send(await templateWorkbook());
      },
    },
    {
      method: 'get',
      path: '/api/lab/exports.csv',
      access: ['analyst', 'lab', 'admin'],
      request: { query: exportQuery },
      summary:
        'Results of the user’s offices (a round, an area and/or an office) as CSV in the template columns (re-importable) and each result id',
      async handler(req, res) {
        const query = exportQuery.parse(req.query);
        res.setHeader('content-type', 'text/csv; charset=utf-8');
        const name = `lab-results${query.roundId ? `-round-${query.roundId}` : ''}${query.areaId ? `-area-${query.areaId}` : ''}.csv`;
        res.setHeader('content-disposition', `attachment; filename="${name}"`);
        const pages = exportResults(db, {
          ...query,
          officeIds: visibleOfficesOf(req, query.officeId),
          includeRestricted: seesRestrictedSites(req),
          uploadedBy: req.user?.id,
        });
        let text = exportHeaderLine(query.lang ?? 'en');
        for await (const page of pages) {
          for (const result of page) text += exportLine(result);
          if (!res.write(text)) await new Promise((resolve) => res.once('drain', resolve));
          text = '';
        }
        res.end(text);
      },
    },
    correctionRoute(
      ctx,
      '/api/measurements/:id/corrections',
      measurementCorrection,
      correctionBody,
      'Correct a stored result with a reason (history kept, marked revised, re-scored)',
    ),
    correctionRoute(
      ctx,
      '/api/samples/:id/corrections',
      sampleCorrection,
      sampleCorrectionBody,
      "Correct a sample's flow and/or population with a reason (history kept, re-scored)",
    ),
    {
      method: 'get',
      path: '/api/samples/:id/history',
      access: ['lab', 'analyst', 'admin'],
      summary: "A sample's flow and population now and every correction of them",
      async handler(req, res) {
        const { id: sampleId } = idParams.parse(req.params);
        res.json(await sampleHistory(db, sampleId));
      },
    },
    {
      method: 'get',
      path: '/api/measurements/:id/history',
      access: ['lab', 'analyst', 'admin'],
      summary: 'A result now and every correction of it',
      async handler(req, res) {
        const { id: measurementId } = idParams.parse(req.params);
        const measurement = await getMeasurement(db, measurementId);
        if (
          !measurement ||
          (measurement.restricted && !seesRestrictedSites(req) && !req.user?.roles.includes('lab'))
        )
          throw new NotFoundError('Measurement');
        res.json({ measurement, revisions: await measurementHistory(db, measurementId) });
      },
    },
    {
      method: 'get',
      path: '/api/sites/:id/series',
      access: ['analyst', 'lab', 'admin'],
      request: { query: seriesQuery },
      summary: 'A site × analyte series: values, loads, consumption estimate, trend',
      async handler(req, res) {
        const { id: siteId } = idParams.parse(req.params);
        const { analyte } = seriesQuery.parse(req.query);
        const readDb = ctx.reads.forRead(req.user?.id);
        res.json(await siteSeries(readDb, siteId, analyte, seesRestrictedSites(req)));
      },
    },
  ];
};
