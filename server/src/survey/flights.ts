import { createHash } from 'node:crypto';
import { recordAudit, type AuditActor } from '@skywater/core/audit/audit-log';
import type { Db, Queryable } from '@skywater/core/db/db';
import { ConflictError, ValidationError } from '@skywater/core/errors/app-error';
import { summariseTrack, trackToGeoJson, type FlightTrack } from '@skywater/core/survey/flight-log';
import { gcj02ToWgs84 } from '@skywater/core/survey/gcj02';
import { parseFlightLog } from '@skywater/core/survey/parse-flight-log';
import { parseTrackWktZm, trackToWktZm } from '@skywater/core/survey/track-wkt';
import type { FlightDetail, FlightSummary, ImageCounts } from '@skywater/core/survey/flight-view';
import { checkFlightLogPoints, decimateForStorage } from './flight-log-limits';
import { z } from 'zod';

export const flightFieldsSchema = z.object({
  areaId: z.coerce.number().int().positive().optional(),
  // Optional: without it, each photo's camera is recognised from its EXIF Model (cameraForPhoto).
  cameraModel: z.string().trim().min(1).max(64).optional(),
  team: z.string().trim().min(1).max(200),
  pilot: z.string().trim().min(1).max(200),
  coordinateSystem: z.enum(['wgs84', 'gcj02']).default('wgs84'),
});
export type FlightFields = z.infer<typeof flightFieldsSchema>;

export interface FlightLogUpload {
  fileName: string;
  content: Buffer;
}

/**
 * Imports a flight log: parse (format from the content), convert GCJ-02 points when the user
 * says so, summarise, store the track as MultiLineStringZM with the flight's figures, audited.
 * The same log twice (same SHA-256) is refused with 409 naming the existing flight. A track
 * that touches no survey area is stored and flagged `outsideAreas`.
 */
export async function importFlight(
  db: Db,
  fields: FlightFields,
  log: FlightLogUpload,
  actor: AuditActor | null,
  requestId?: string,
): Promise<FlightSummary> {
  if (log.content.length === 0) throw new ValidationError('The flight log file is empty');
  const sha256 = createHash('sha256').update(log.content).digest('hex');
  const existing = await findFlightByLog(db, sha256);
  if (existing !== null) {
    throw new ConflictError(`This flight log was already uploaded as flight ${existing}`, {
      existingId: existing,
    });
  }
  const parsed = await parseFlightLog(log.content, log.fileName);
  checkFlightLogPoints(parsed.track, log.fileName);
  const track = fields.coordinateSystem === 'gcj02' ? convertGcj02(parsed.track) : parsed.track;
  const summary = summariseTrack(track);
  const id = await db.transaction(async (tx) => {
    await assertReferences(tx, fields);
    const { rows } = await tx.query<{ id: number }>(
      `insert into flights (area_id, camera_model, team, pilot, track, point_count, distance_m, duration_s,
         max_height_m, started_at, ended_at, outside_areas, log_format, log_sha256, log_file_name, created_by,
         coordinate_system, height_reference, segment_count, created_by_name)
       select $1, $2, $3, $4, t.g, $6, $7, $8, $9, $10, $11,
              not exists (select 1 from survey_areas a where st_intersects(a.geom, t.g)),
              $12, $13, $14, $15, $16, $17, $18, $19
       from (select st_geomfromewkt('SRID=4326;' || $5) as g) t
       on conflict (log_sha256) do nothing
       returning id`,
      [
        fields.areaId ?? null,
        fields.cameraModel ?? null,
        fields.team,
        fields.pilot,
        trackToWktZm(decimateForStorage(track)),
        summary.pointCount,
        summary.distanceM,
        summary.durationS,
        summary.maxHeightM,
        summary.startedAt,
        summary.endedAt,
        parsed.format,
        sha256,
        log.fileName.slice(0, 255) || 'flight-log',
        actor?.id ?? null,
        fields.coordinateSystem,
        track.heightReference,
        summary.segmentCount,
        actor?.username ?? null,
      ],
    );
    if (!rows[0])
      throw new ConflictError('This flight log was uploaded at the same moment by another request');
    await recordAudit(tx, {
      actor,
      action: 'create',
      entity: 'flight',
      entityId: rows[0].id,
      after: { ...fields, logSha256: sha256, logFileName: log.fileName, format: parsed.format, ...summary },
      requestId,
    });
    return rows[0].id;
  });
  const flight = await getFlightSummary(db, id);
  return flight!;
}

function convertGcj02(track: FlightTrack): FlightTrack {
  return {
    ...track,
    segments: track.segments.map((segment) =>
      segment.map((point) => {
        const [lon, lat] = gcj02ToWgs84(point.lon, point.lat);
        return { ...point, lon, lat };
      }),
    ),
  };
}

async function assertReferences(tx: Queryable, fields: FlightFields) {
  const { rows } = await tx.query<{ area: boolean; camera: boolean }>(
    `select ($1::bigint is null or exists (select 1 from survey_areas where id = $1)) as area,
            ($2::text is null or exists (select 1 from cameras where model = $2)) as camera`,
    [fields.areaId ?? null, fields.cameraModel ?? null],
  );
  const problems = [];
  if (!rows[0]!.area) problems.push({ path: 'areaId', message: `no survey area ${fields.areaId}` });
  if (!rows[0]!.camera)
    problems.push({
      path: 'cameraModel',
      message: `unknown camera model "${fields.cameraModel}" (see GET /api/cameras)`,
    });
  if (problems.length)
    throw new ValidationError('The flight refers to something that does not exist', problems);
}

export async function findFlightByLog(db: Queryable, sha256: string): Promise<number | null> {
  const { rows } = await db.query<{ id: number }>(`select id from flights where log_sha256 = $1`, [sha256]);
  return rows[0]?.id ?? null;
}

/** The photo counts of the flight aliased `f` as one json column (ImageCounts), from IMAGE_COUNTS's `c`. */
const IMAGE_COUNTS_COLUMN = `json_build_object('total', coalesce(c.total, 0), 'done', coalesce(c.done, 0),
  'failed', coalesce(c.failed, 0), 'pending', coalesce(c.pending, 0))`;

const SUMMARY_COLUMNS = `f.id, f.area_id as "areaId", f.office_id::int as "officeId", f.camera_model as "cameraModel", f.team, f.pilot,
  f.point_count as "pointCount", f.segment_count as "segmentCount", f.distance_m as "distanceM",
  f.duration_s as "durationS", f.max_height_m as "maxHeightM", f.started_at as "startedAt",
  f.ended_at as "endedAt", f.outside_areas as "outsideAreas", f.log_format as "format",
  f.log_file_name as "logFileName", f.log_sha256 as "logSha256", f.coordinate_system as "coordinateSystem",
  f.height_reference as "heightReference", f.created_by_name as "uploadedBy", f.created_at as "createdAt",
  ${IMAGE_COUNTS_COLUMN} as images`;

const IMAGE_COUNTS = `left join lateral (
  select count(*)::int as total, count(*) filter (where status = 'done')::int as done,
         count(*) filter (where status = 'failed')::int as failed,
         count(*) filter (where status = 'pending')::int as pending
  from images where flight_id = f.id) c on true`;

export async function getFlightSummary(db: Queryable, id: number): Promise<FlightSummary | null> {
  const { rows } = await db.query<FlightSummary>(
    `select ${SUMMARY_COLUMNS} from flights f ${IMAGE_COUNTS} where f.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

/** The flights of `officeIds`, newest first, optionally of one area. */
export async function listFlights(db: Queryable, officeIds: number[], areaId?: number): Promise<FlightSummary[]> {
  const { rows } = await db.query<FlightSummary>(
    `select ${SUMMARY_COLUMNS} from flights f ${IMAGE_COUNTS}
     where ($1::bigint is null or f.area_id = $1) and f.office_id = any($2::bigint[])
     order by f.started_at desc nulls last, f.id desc`,
    [areaId ?? null, officeIds],
  );
  return rows;
}

/** The flight with its track as GeoJSON (heights as third coordinate, times per point). */
export async function getFlight(db: Queryable, id: number): Promise<FlightDetail | null> {
  const { rows } = await db.query<FlightSummary & { wkt: string }>(
    `select ${SUMMARY_COLUMNS}, st_astext(f.track) as wkt from flights f ${IMAGE_COUNTS} where f.id = $1`,
    [id],
  );
  const row = rows[0];
  if (!row) return null;
  const { wkt, ...flight } = row;
  const track = parseTrackWktZm(wkt, flight.heightReference as FlightTrack['heightReference']);
  return { ...flight, track: trackToGeoJson(track) };
}

/** The photo counts of a flight and the area it was flown for, or null when there is no such flight. */
export async function getFlightImageCounts(
  db: Queryable,
  id: number,
): Promise<{ areaId: number | null; images: ImageCounts } | null> {
  const { rows } = await db.query<{ areaId: number | null; images: ImageCounts }>(
    `select f.area_id as "areaId", ${IMAGE_COUNTS_COLUMN} as images from flights f ${IMAGE_COUNTS} where f.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}
