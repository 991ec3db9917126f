import { AppError, NotFoundError, ValidationError } from '@skywater/core/errors/app-error';
import { imageryStorage } from '@skywater/core/storage/imagery-storage';
import { actorOf } from '../auth/actor';
import type { RouteModule } from '../http/route-table';
import { idParam } from '../places/area-routes';
import { uploadFlightImages } from './image-upload';
import { getImage, imageDerivativeKey } from './images';
import { DATA_READERS } from '../auth/data-readers';

export const imageRoutes: RouteModule = ({ db, config, jobsWritten }) => {
  const storage = imageryStorage(config);
  return [
    {
      method: 'post',
      path: '/api/flights/:id/images',
      access: ['pilot', 'admin'],
      rateLimit: 'images',
      summary:
        'Upload survey photos (multipart "files", JPEG); processed in the workers. 422 images_refused when none is kept',
      async handler(req, res) {
        const { id } = idParam.parse(req.params);
        const reply = await uploadFlightImages(db, storage, id, req, actorOf(req), config.imageMaxPixels);
        if (reply.accepted.length + reply.rejected.length === 0) {
          throw new ValidationError('No files: send the photos in the multipart field "files"');
        }
        if (reply.accepted.length === 0) {
          // Nothing kept: a 4xx, still with the per-file list a client shows (docs/api-contract.md).
          res.status(422).json({
            error: {
              code: 'images_refused',
              message: reply.rejected.map((r) => r.message).join('; '),
              details: reply.rejected,
            },
            ...reply,
          });
          return;
        }
        jobsWritten();
        res.status(202).json(reply);
      },
    },
    {
      method: 'get',
      path: '/api/images/:id',
      access: DATA_READERS.images,
      summary:
        'One photo: capture time, height, GSD, footprint (GeoJSON), QC flags, previewReady (the 1280 px preview follows the rest)',
      async handler(req, res) {
        const { id } = idParam.parse(req.params);
        const image = await getImage(db, id);
        if (!image) throw new NotFoundError('Image');
        res.json(image);
      },
    },
    ...(['thumbnail', 'preview'] as const).map((kind) => ({
      method: 'get' as const,
      path: `/api/images/:id/${kind}`,
      access: DATA_READERS.images,
      summary: `The photo's ${kind === 'thumbnail' ? '256 px thumbnail' : '1280 px web preview'} (JPEG); 409 not_ready while it is being made`,
      async handler(req: import('express').Request, res: import('express').Response) {
        const { id } = idParam.parse(req.params);
        const found = await imageDerivativeKey(db, id, kind);
        if (!found) throw new NotFoundError('Image');
        if (!found.key) {
          // Pending, or done with the preview still queued: it will come. Failed: it never will.
          if (found.status === 'failed' || (found.status === 'done' && found.error !== null))
            throw new NotFoundError(`Image ${kind}`);
          res.setHeader('Cache-Control', 'no-store');
          res.setHeader('Retry-After', '5');
          throw new AppError(
            409,
            'not_ready',
            `The ${kind} of image ${id} is not ready yet: ${found.status === 'pending' ? 'the photo is being processed' : 'it is being made'}; try again in a few seconds`,
          );
        }
        const etag = `"${found.sha256.slice(0, 32)}-${kind}"`;
        res.setHeader('ETag', etag);
        res.setHeader('Cache-Control', 'private, max-age=86400');
        if (req.get('if-none-match') === etag) {
          res.status(304).end();
          return;
        }
        const body = await storage.getBuffer(found.key);
        res.type('image/jpeg').send(body);
      },
    })),
  ];
};
