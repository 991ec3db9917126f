import { NotFoundError, ValidationError } from '@skywater/core/errors/app-error';
import { z } from 'zod';
import { actorOf } from '../auth/actor';
import { officeIdField } from '../offices/office-fields';
import { visibleOfficesOf } from '../offices/office-scope';
import { officeOfObject, visibleObjectOffice } from '../offices/owned-objects';
import type { RouteModule } from '../http/route-table';
import { idParam } from '../places/area-routes';
import { streamFlightProgress } from './flight-progress-stream';
import { flightFieldsSchema, getFlight, importFlight, listFlights } from './flights';
import { listFlightImages } from './images';
import { SurveyProgressFeed } from './survey-progress-feed';
import { readFilePart, readMultipart } from './multipart-upload';
import { DATA_READERS } from '../auth/data-readers';

/** Flight logs are small (a 30-minute flight at 10 Hz is ~2 MB of CSV). */
export const FLIGHT_LOG_MAX_BYTES = 50 * 1024 * 1024;

const listQuery = z.object({
  areaId: z.coerce.number().int().positive().optional(),
  officeId: officeIdField.optional(),
});

export const flightRoutes: RouteModule = ({ db }) => {
  const feed = new SurveyProgressFeed(db);
  return [
    {
      method: 'post',
      path: '/api/flights',
      access: ['pilot', 'admin'],
      rateLimit: 'upload',
      summary: 'Upload a flight log (GPX, KML, KMZ, CSV or GeoJSON) with area, camera, team and pilot',
      async handler(req, res) {
        let log: { fileName: string; content: Buffer } | undefined;
        const fields = await readMultipart(req, {
          maxFiles: 1,
          maxFileBytes: FLIGHT_LOG_MAX_BYTES,
          async onFile(file) {
            const content = await readFilePart(file.stream, FLIGHT_LOG_MAX_BYTES, 'The flight log');
            if (file.field === 'file') log = { fileName: file.fileName, content };
          },
        });
        if (!log) throw new ValidationError('Send the flight log in the multipart field "file"');
        const flightFields = flightFieldsSchema.parse(fields);
        // The flight takes its area's office (another office's area answers 404), else the pilot's.
        if (flightFields.areaId) await visibleObjectOffice(db, req, 'area', flightFields.areaId);
        const flight = await importFlight(db, flightFields, log, actorOf(req), req.id);
        res.status(201).json(flight);
      },
    },
    {
      method: 'get',
      path: '/api/flights',
      access: DATA_READERS.flights,
      request: { query: listQuery },
      summary:
        'Flights of the user’s offices, newest first, optionally of one office or area, with image progress',
      async handler(req, res) {
        const { areaId, officeId } = listQuery.parse(req.query);
        res.json(await listFlights(db, visibleOfficesOf(req, officeId), areaId));
      },
    },
    {
      method: 'get',
      path: '/api/flights/:id',
      access: DATA_READERS.flights,
      summary: 'One flight with its track (GeoJSON) and image progress { total, done, failed }',
      async handler(req, res) {
        const { id } = idParam.parse(req.params);
        const flight = await getFlight(db, id);
        if (!flight) throw new NotFoundError('Flight');
        res.json(flight);
      },
    },
    {
      method: 'get',
      path: '/api/flights/:id/images',
      access: DATA_READERS.flights,
      summary: "A flight's images with status, error and QC flags",
      async handler(req, res) {
        const { id } = idParam.parse(req.params);
        const images = await listFlightImages(db, id);
        if (!images) throw new NotFoundError('Flight');
        res.json(images);
      },
    },
    {
      method: 'get',
      path: '/api/flights/:id/stream',
      access: DATA_READERS.flights,
      summary:
        "Server-Sent Events: the flight's image progress and its area's coverage as a `progress` event, again on each change",
      async handler(req, res) {
        const { id } = idParam.parse(req.params);
        // The office guard has answered another office's flight as absent.
        const officeId = await officeOfObject(db, 'flight', String(id));
        if (officeId === null) throw new NotFoundError('Flight');
        await streamFlightProgress(req, res, {
          db,
          feed,
          access: DATA_READERS.flights,
          flightId: id,
          officeId,
        });
      },
    },
  ];
};
