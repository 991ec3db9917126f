import type { Readable } from 'node:stream';
import type { Request } from 'express';
import { recordAudit, type AuditActor } from '@skywater/core/audit/audit-log';
import type { Db } from '@skywater/core/db/db';
import { NotFoundError } from '@skywater/core/errors/app-error';
import { outboxJob } from '@skywater/core/jobs/outbox-job';
import { processImageJob } from '@skywater/core/jobs/survey-jobs';
import { enqueueInTransaction } from '@skywater/core/outbox/outbox';
import { newImageKey, type ObjectStorage } from '@skywater/core/storage/object-storage';
import type { ImageUploadReply } from '@skywater/core/survey/image-view';
import { notifySurveyProgress } from '@skywater/core/survey/survey-progress-channel';
import { ImageRejection, JpegUploadInspector } from './image-inspector';
import { displayFileName, readMultipart, type MultipartFile } from './multipart-upload';

/** One drone photo is 5-40 MB; 200 MB leaves room for a full-frame camera's largest JPEG. */
export const IMAGE_MAX_BYTES = 200 * 1024 * 1024;
export const IMAGES_PER_REQUEST = 1000;

export interface StoredUpload {
  name: string;
  key: string;
  sha256: string;
  sizeBytes: number;
}

/**
 * Receives a flight's photos (multipart field `files`), streaming each to storage under a
 * generated key while checking its magic bytes and frame header and hashing it; refuses
 * non-JPEGs, photos beyond the pixel budget (IMAGE_MAX_PIXELS, progressive ones lower), cut-off
 * files (no end-of-image marker), files over the size limit and duplicates within the flight,
 * each with a code, keeping nothing of them. Then one transaction records the accepted photos
 * as `pending` with one `images/process-image` job each. If that transaction fails, the stored
 * files are removed: nothing is half-stored.
 */
export async function uploadFlightImages(
  db: Db,
  storage: ObjectStorage,
  flightId: number,
  req: Request,
  actor: AuditActor | null,
  maxPixels: number,
): Promise<ImageUploadReply> {
  const flight = await db.query(`select 1 from flights where id = $1`, [flightId]);
  if (flight.rows.length === 0) throw new NotFoundError('Flight');
  const stored: StoredUpload[] = [];
  const rejected: ImageUploadReply['rejected'] = [];
  const seen = new Set<string>();
  try {
    await readMultipart(req, {
      maxFiles: IMAGES_PER_REQUEST,
      maxFileBytes: IMAGE_MAX_BYTES,
      async onFile(file: MultipartFile) {
        if (file.field !== 'files') {
          file.stream.resume();
          return;
        }
        const outcome = await receiveImage(db, storage, flightId, file.fileName, file.stream, seen, maxPixels);
        if ('code' in outcome) rejected.push(outcome);
        else stored.push(outcome);
      },
    });
    return await recordImages(db, storage, flightId, stored, rejected, actor, req.id);
  } catch (error) {
    await Promise.all(stored.map((s) => storage.delete(s.key)));
    throw error;
  }
}

/**
 * Stores one photo from a stream under a generated key while checking it (magic bytes, the
 * frame header's pixels against `maxPixels` before a byte is stored, EOI, size limit, duplicate
 * in the flight or in `seen`); a refused photo leaves nothing stored.
 */
export async function receiveImage(
  db: Db,
  storage: ObjectStorage,
  flightId: number,
  clientFileName: string,
  stream: Readable & { truncated?: boolean },
  seen: Set<string>,
  maxPixels: number,
): Promise<StoredUpload | ImageUploadReply['rejected'][number]> {
  const name = displayFileName(clientFileName);
  const key = newImageKey(flightId);
  const inspector = new JpegUploadInspector(name, maxPixels);
  stream.on('error', (error) => inspector.destroy(error));
  inspector.on('error', () => undefined); // storage.put sees the error; later writes must not throw
  stream.pipe(inspector);
  try {
    const { sizeBytes } = await storage.put(key, inspector);
    if (stream.truncated)
      throw new ImageRejection('too_large', `${name}: larger than ${IMAGE_MAX_BYTES} bytes`);
    if (!inspector.endsWithEoi)
      throw new ImageRejection('truncated', `${name}: the JPEG is cut off (no end-of-image marker)`);
    if (seen.has(inspector.sha256) || (await existsInFlight(db, flightId, inspector.sha256)))
      throw new ImageRejection('duplicate', `${name}: the same photo (SHA-256) is already in this flight`);
    seen.add(inspector.sha256);
    return { name, key, sha256: inspector.sha256, sizeBytes };
  } catch (error) {
    stream.unpipe(inspector);
    stream.resume();
    await storage.delete(key);
    if (!(error instanceof ImageRejection)) throw error;
    return { name, code: error.code, message: error.message };
  }
}

async function existsInFlight(db: Db, flightId: number, sha256: string): Promise<boolean> {
  const { rows } = await db.query(`select 1 from images where flight_id = $1 and sha256 = $2`, [
    flightId,
    sha256,
  ]);
  return rows.length > 0;
}

/**
 * Records stored photos as `pending` with one `images/process-image` job each, in one
 * transaction; a photo another request recorded meanwhile is refused as a duplicate and its
 * file removed. If the transaction fails, the caller removes the files.
 */
export async function recordImages(
  db: Db,
  storage: ObjectStorage,
  flightId: number,
  stored: StoredUpload[],
  rejected: ImageUploadReply['rejected'],
  actor: AuditActor | null,
  requestId: string | undefined,
): Promise<ImageUploadReply> {
  const accepted = await insertImages(db, flightId, stored, actor, requestId);
  for (const late of stored.filter((s) => !accepted.some((a) => a.key === s.key))) {
    await storage.delete(late.key);
    rejected.push({
      name: late.name,
      code: 'duplicate',
      message: `${late.name}: the same photo (SHA-256) is already in this flight`,
    });
  }
  return { accepted: accepted.map(({ id, name }) => ({ id, name })), rejected };
}

async function insertImages(
  db: Db,
  flightId: number,
  stored: StoredUpload[],
  actor: AuditActor | null,
  requestId: string | undefined,
): Promise<{ id: number; name: string; key: string }[]> {
  if (stored.length === 0) return [];
  return db.transaction(async (tx) => {
    const accepted: { id: number; name: string; key: string }[] = [];
    for (const upload of stored) {
      const { rows } = await tx.query<{ id: number }>(
        `insert into images (flight_id, sha256, original_name, storage_key, size_bytes)
         values ($1, $2, $3, $4, $5) on conflict (flight_id, sha256) do nothing returning id`,
        [flightId, upload.sha256, upload.name, upload.key, upload.sizeBytes],
      );
      if (!rows[0]) continue; // uploaded by a concurrent request meanwhile
      accepted.push({ id: rows[0].id, name: upload.name, key: upload.key });
      await enqueueInTransaction(
        tx,
        outboxJob(processImageJob, { imageId: rows[0].id }, { jobId: `image-${rows[0].id}` }),
      );
    }
    if (accepted.length > 0) await notifySurveyProgress(tx, { flightId });
    await recordAudit(tx, {
      actor,
      action: 'upload',
      entity: 'flight_images',
      entityId: flightId,
      after: { images: accepted.map((a) => ({ id: a.id, name: a.name })) },
      requestId,
    });
    return accepted;
  });
}
