import type { RouteModule } from '../http/route-table';
import { actorOf } from '../auth/actor';
import { idParam } from '../places/area-routes';
import { listDems, uploadDem } from './terrain-dems';
import { reprocessArea } from './terrain-reprocess';

/** DEMs (upload, list) and reprocessing an area's photos over them. */
export const terrainRoutes: RouteModule = ({ db, config, jobsWritten }) => [
  {
    method: 'post',
    path: '/api/terrain',
    access: ['admin'],
    summary:
      'Upload a DEM (multipart "file", GeoTIFF in WGS 84, CGCS2000, a UTM or CGCS2000 Gauss-Krüger zone); photos processed afterwards use it',
    rateLimit: 'upload',
    async handler(req, res) {
      res.status(201).json(await uploadDem(db, config, req, actorOf(req)));
    },
  },
  {
    method: 'get',
    path: '/api/terrain',
    access: 'authenticated',
    summary: 'DEMs loaded: extent (WGS84 bbox), resolution (m), CRS, size',
    async handler(_req, res) {
      res.json(await listDems(db));
    },
  },
  {
    method: 'post',
    path: '/api/areas/:id/reprocess',
    access: ['pilot', 'admin'],
    summary: "Process the area's photos again (height, footprint and GSD over the terrain now loaded)",
    async handler(req, res) {
      const { id } = idParam.parse(req.params);
      const reply = await reprocessArea(db, id, actorOf(req), String(req.id ?? ''));
      if (reply.queued) jobsWritten();
      res.status(202).json(reply);
    },
  },
];
