import { ForbiddenError, NotFoundError, ValidationError } from '@skywater/core/errors/app-error';
import { z } from 'zod';
import { visibleOfficesOf } from '../offices/office-scope';
import { findingScopeOf, seesRestrictedSites } from '../auth/actor';
import { hasAccess } from '../auth/guard';
import type { RouteModule } from '../http/route-table';
import { findTileLayer } from './tile-layers';
import { tileCacheOf, tileEtag } from './tile-cache';
import { renderTile, tileQueryKey } from './tile-renderer';

const tileParams = z.object({
  layer: z.string().max(64),
  z: z.coerce.number().int().min(0).max(22),
  x: z.coerce.number().int().min(0),
  y: z.coerce.number().int().min(0),
});

/**
 * `GET /tiles/:layer/:z/:x/:y.pbf`: Mapbox Vector Tile 2.1 of one layer, source-layer = the
 * layer's name, kept in memory until a table it reads changes (tile-cache.ts). ETag = hash of the
 * bytes; If-None-Match → 304. Private cache for a minute:
 * coverage and findings change as the workers run, and what a user sees depends on the role.
 */
export const tileRoutes: RouteModule = ({ db, reads, config }) => [
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
      const tile = { z: zoom, x, y };
      const tileCtx = {
        query: req.query as Record<string, unknown>,
        seesRestrictedSites: seesRestrictedSites(req),
        findingsRecordedBy: findingScopeOf(req).recordedBy,
        // A bound parameter of the layer's query, so part of the cache key: readers of different
        // offices never share a cached tile.
        officeIds: visibleOfficesOf(req),
      };
      // A pure read: on the read replica when there is one and it has the user's own writes. A
      // tile past its ceiling is refused (503) rather than hold the database for the rest.
      const readDb = reads.forRead(req.user?.id);
      const render = () =>
        renderTile(
          readDb.withStatementTimeout(config.statementTimeoutMs.tiles, 'tiles'),
          layer,
          tile,
          tileCtx,
        );
      // Kept only when made on the primary: the cache hears of changes from the primary, and a
      // replica behind it could hand it a tile from before the change it just heard of.
      const { body, etag } =
        readDb === db
          ? await tileCacheOf(db, config.tileCacheMaxBytes).get(
              tileQueryKey(layer, tile, tileCtx),
              layer.tables,
              render,
            )
          : await render().then((made) => ({ body: made, etag: tileEtag(made) }));
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
