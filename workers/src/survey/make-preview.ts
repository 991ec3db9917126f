import type { Queryable } from '@skywater/core/db/db';
import { ValidationError } from '@skywater/core/errors/app-error';
import type { JobData } from '@skywater/core/jobs/job-contract';
import { outboxJob } from '@skywater/core/jobs/outbox-job';
import { makePreviewJob } from '@skywater/core/jobs/survey-jobs';
import { enqueueInTransaction } from '@skywater/core/outbox/outbox';
import { derivedImageKey } from '@skywater/core/storage/object-storage';
import { imageryStorage } from '@skywater/core/storage/imagery-storage';
import type { Processor } from '../processor';
import { makePreview } from './image-derivatives';

/**
 * Queues the photo's preview, in the transaction that marks the photo processed (outbox): one
 * job per image (`preview-<id>`, deduplicated by `preview-image-<id>` while one waits).
 */
export async function enqueuePreview(tx: Queryable, imageId: number): Promise<void> {
  await enqueueInTransaction(
    tx,
    outboxJob(
      makePreviewJob,
      { imageId },
      { jobId: `preview-${imageId}`, dedupId: `preview-image-${imageId}` },
    ),
  );
}

/**
 * Queue `images`, job `make-preview` `{ imageId }`, after `process-image` stored the photo
 * (`done`, thumbnail, metadata, footprint): writes the 1280 px web preview and sets
 * `preview_key`, which is what `previewReady` and `GET /api/images/:id/preview` read. BullMQ
 * takes these jobs only when no `process-image` job waits (they carry a priority, process-image
 * jobs none), so a flight's thumbnails, footprints and coverage come first. Idempotent: a photo
 * whose preview is stored, or that is not `done`, is skipped; a re-run overwrites the same key.
 * A storage or database hiccup throws and BullMQ retries; a photo libvips cannot decode at
 * preview scale (its thumbnail was made) keeps no preview, its `error` says why.
 */
export const makeImagePreview: Processor<JobData<typeof makePreviewJob>> = async (
  job,
  { db, log, config },
) => {
  const { imageId } = job.data;
  const { rows } = await db.query<{
    storage_key: string;
    original_name: string;
    status: string;
    preview_key: string | null;
  }>(`select storage_key, original_name, status, preview_key from images where id = $1`, [imageId]);
  const image = rows[0];
  if (!image || image.status !== 'done' || image.preview_key) {
    return { imageId, skipped: image ? (image.preview_key ? 'ready' : image.status) : 'not found' };
  }
  const storage = imageryStorage(config);
  const original = await storage.getBuffer(image.storage_key);
  try {
    const preview = await makePreview(original, config.imageMaxPixels, image.original_name);
    const previewKey = derivedImageKey(image.storage_key, 'preview');
    await storage.put(previewKey, preview);
    await db.query(`update images set preview_key = $2 where id = $1 and status = 'done'`, [
      imageId,
      previewKey,
    ]);
    return { imageId, previewKey };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    await db.query(`update images set error = $2 where id = $1 and preview_key is null`, [
      imageId,
      `preview: ${error.message}`,
    ]);
    log.warn({ imageId, err: error.message }, 'image preview failed');
    return { imageId, previewError: error.message };
  }
};
