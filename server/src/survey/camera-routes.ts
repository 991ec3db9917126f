import { recordAudit } from '@skywater/core/audit/audit-log';
import { ConflictError } from '@skywater/core/errors/app-error';
import { actorOf } from '../auth/actor';
import type { RouteModule } from '../http/route-table';
import { getCamera, insertCamera, listCameras, newCameraSchema } from './cameras';

export const cameraRoutes: RouteModule = ({ db }) => [
  {
    method: 'get',
    path: '/api/cameras',
    access: 'authenticated',
    summary: 'Camera models with sensor size, focal length and image size',
    async handler(_req, res) {
      res.json(await listCameras(db));
    },
  },
  {
    method: 'post',
    path: '/api/cameras',
    access: ['pilot', 'admin'],
    request: { body: newCameraSchema },
    summary: 'Add a camera model',
    async handler(req, res) {
      const camera = newCameraSchema.parse(req.body);
      if (await getCamera(db, camera.model)) {
        throw new ConflictError(`A camera model "${camera.model}" already exists`);
      }
      await db.transaction(async (tx) => {
        const id = await insertCamera(tx, camera);
        await recordAudit(tx, {
          actor: actorOf(req),
          action: 'create',
          entity: 'camera',
          entityId: id,
          after: camera,
          requestId: req.id,
        });
      });
      res.status(201).json(await getCamera(db, camera.model));
    },
  },
];
