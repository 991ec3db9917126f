import { NotFoundError, ValidationError } from '@skywater/core/errors/app-error';
import { imageryStorage } from '@skywater/core/storage/imagery-storage';
import { actorOf } from '../auth/actor';
import type { RouteModule } from '../http/route-table';
import { idParam } from '../places/area-routes';
import { uploadFlightImages } from './image-upload';
import { getImage, imageDerivativeKey } from './images';

export const imageRoutes: RouteModule = ({ db, config, jobsWritten }) => {
  const storage = imageryStorage(config);
  return [
    {
      method: 'post',
      path: '/api/flights/:id/images',
      access: ['pilot', 'admin'],
      summary: 'Upload survey photos (multipart "files", JPEG); processed in the workers',
      async handler(req, res) {
        const { id } = idParam.parse(req.params);
        const reply = await uploadFlightImages(db, storage, id, req, actorOf(req));
        if (reply.accepted.length + reply.rejected.length === 0) {
          throw new ValidationError('No files: send the photos in the multipart field "files"');
        }
        if (reply.accepted.length) jobsWritten();
        res.status(202).json(reply);
      },
    },
    {
      method: 'get',
      path: '/api/images/:id',
      access: ['pilot', 'analyst'],
      summary: 'One photo: capture time, height, GSD, footprint (GeoJSON), QC flags',
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
      access: ['pilot', 'analyst'] as const,
      summary: `The photo's ${kind === 'thumbnail' ? '256 px thumbnail' : '1280 px web preview'} (JPEG)`,
      async handler(req: import('express').Request, res: import('express').Response) {
        const { id } = idParam.parse(req.params);
        const found = await imageDerivativeKey(db, id, kind);
        if (!found?.key) throw new NotFoundError(`Image ${kind}`);
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
