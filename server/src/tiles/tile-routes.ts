import { createHash } from 'node:crypto';
import { ForbiddenError, NotFoundError, ValidationError } from '@skywater/core/errors/app-error';
import { z } from 'zod';
import { visibleOfficesOf } from '../offices/office-scope';
import { findingScopeOf, seesRestrictedSites } from '../auth/actor';
import { hasAccess } from '../auth/guard';
import type { RouteModule } from '../http/route-table';
import { findTileLayer } from './tile-layers';
import { renderTile } from './tile-renderer';

const tileParams = z.object({
  layer: z.string().max(64),
  z: z.coerce.number().int().min(0).max(22),
  x: z.coerce.number().int().min(0),
  y: z.coerce.number().int().min(0),
});

/**
 * `GET /tiles/:layer/:z/:x/:y.pbf`: Mapbox Vector Tile 2.1 of one layer, source-layer = the
 * layer's name. ETag = hash of the bytes; If-None-Match → 304. Private cache for a minute:
 * coverage and findings change as the workers run, and what a user sees depends on the role.
 */
export const tileRoutes: RouteModule = ({ db, config }) => [
  {
    method: 'get',
    path: '/tiles/:layer/:z/:x/:y.pbf',
    access: 'authenticated',
    summary:
      'Vector tile of a layer: districts, sites, hotspots, coverage, footprints, flights, findings, gaps',
    async handler(req, res) {
      const { layer: name, z: zoom, x, y } = tileParams.parse(req.params);
      const layer = findTileLayer(name);
      if (!layer) throw new NotFoundError(`Tile layer "${name}"`);
      if (layer.access && !hasAccess(req.user?.roles, layer.access)) throw new ForbiddenError();
      if (x >= 2 ** zoom || y >= 2 ** zoom) throw new ValidationError(`No tile ${zoom}/${x}/${y}`);
      // A tile past its ceiling is refused (503) rather than hold the database for the rest.
      const body = await renderTile(
        db.withStatementTimeout(config.statementTimeoutMs.tiles, 'tiles'),
        layer,
        { z: zoom, x, y },
        {
          query: req.query as Record<string, unknown>,
          seesRestrictedSites: seesRestrictedSites(req),
          findingsRecordedBy: findingScopeOf(req).recordedBy,
          officeIds: visibleOfficesOf(req),
        },
      );
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      res.setHeader('ETag', etag);
      res.setHeader('Cache-Control', 'private, max-age=60');
      res.setHeader('Vary', 'Cookie');
      if (req.get('if-none-match') === etag) {
        res.status(304).end();
        return;
      }
      res.type('application/vnd.mapbox-vector-tile').send(body);
    },
  },
];
