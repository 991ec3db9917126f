import { createReadStream } from 'node:fs';
import { z } from 'zod';
import { ValidationError } from '@skywater/core/errors/app-error';
import { actorOf } from '../auth/actor';
import type { RouteModule } from '../http/route-table';
import { installPack, removePack } from './basemap-install';
import { BasemapPackStore, tileContentTypes } from './basemap-packs';
import { parseByteRange } from './byte-range';

const nameParam = z.object({ name: z.string().max(64) });
const tileParams = z.object({
  name: z.string().max(64),
  z: z.coerce.number().int().min(0).max(30),
  x: z.coerce.number().int().min(0),
  y: z.coerce.number().int().min(0),
});

/**
 * Basemap packs (docs/api-contract.md, "Basemap packs"): PMTiles archives an admin installs in
 * BASEMAP_DIR, listed, served tile by tile for MapLibre and as the archive itself by HTTP range
 * requests (for PMTiles clients and GIS tools). Packs are context, not data: any logged-in user
 * reads them, only an admin installs or removes one.
 */
export const basemapPackRoutes: RouteModule = ({ db, config, log }) => {
  const store = new BasemapPackStore(config.basemapDir);
  return [
    {
      method: 'get',
      path: '/api/basemaps',
      access: 'authenticated',
      summary: 'Installed basemap packs: name, kind (vector/raster), format, bounds, min/max zoom, attribution, size in bytes',
      async handler(_req, res) {
        const packs = await store.list((name, error) => log.warn({ name, err: error }, 'basemap pack unreadable'));
        res.json({ basemaps: packs });
      },
    },
    {
      method: 'post',
      path: '/api/basemaps',
      access: ['admin'],
      summary: 'Install a basemap pack (multipart "file": a PMTiles archive, vector or imagery; optional "name")',
      rateLimit: 'upload',
      async handler(req, res) {
        res.status(201).json(await installPack(store, db, config, req, actorOf(req)));
      },
    },
    {
      method: 'delete',
      path: '/api/basemaps/:name',
      access: ['admin'],
      summary: 'Remove an installed basemap pack',
      async handler(req, res) {
        const { name } = nameParam.parse(req.params);
        await removePack(store, db, name, actorOf(req), String(req.id ?? ''));
        res.status(204).end();
      },
    },
    {
      method: 'get',
      path: '/basemaps/:name/:z/:x/:y',
      access: 'authenticated',
      summary: "One tile of a basemap pack (the pack's tile type; vector tiles gzip-encoded); 204 where the pack has none",
      async handler(req, res) {
        const { name, z: zoom, x, y } = tileParams.parse(req.params);
        if (x >= 2 ** zoom || y >= 2 ** zoom) throw new ValidationError(`No tile ${zoom}/${x}/${y}`);
        const tile = await store.tile(name, zoom, x, y);
        // A pack installed once changes only when replaced: a day in the browser's cache.
        res.setHeader('Cache-Control', 'private, max-age=86400');
        if (!tile) {
          res.status(204).end();
          return;
        }
        res.type(tileContentTypes[tile.tileType]);
        if (tile.gzip) res.setHeader('Content-Encoding', 'gzip');
        res.send(Buffer.from(tile.data.buffer, tile.data.byteOffset, tile.data.byteLength));
      },
    },
    {
      method: 'get',
      path: '/basemaps/:name.pmtiles',
      access: 'authenticated',
      summary: 'The PMTiles archive of a pack, by HTTP range requests (206 with Content-Range; 416 on a bad range)',
      async handler(req, res) {
        const { name } = nameParam.parse(req.params);
        const file = await store.file(name);
        const etag = `"${name}-${file.sizeBytes}-${Math.round(file.mtimeMs)}"`;
        res.setHeader('Accept-Ranges', 'bytes');
        res.setHeader('ETag', etag);
        res.setHeader('Cache-Control', 'private, max-age=86400');
        res.type('application/vnd.pmtiles');
        const range = parseByteRange(req.get('range'), file.sizeBytes);
        if (range === 'unsatisfiable') {
          res.setHeader('Content-Range', `bytes */${file.sizeBytes}`);
          res.status(416).json({
            error: { code: 'range_not_satisfiable', message: `Ask for one range within 0-${file.sizeBytes - 1}` },
          });
          return;
        }
        const { start, end } = range ?? { start: 0, end: file.sizeBytes - 1 };
        if (range) {
          res.status(206);
          res.setHeader('Content-Range', `bytes ${start}-${end}/${file.sizeBytes}`);
        }
        res.setHeader('Content-Length', String(end - start + 1));
        // A stream of its own over the same file, so the open handle serving tiles is not consumed.
        const stream = createReadStream(store.filePath(name), { start, end });
        await new Promise<void>((resolve, reject) => {
          stream.on('error', reject);
          res.on('close', () => {
            stream.destroy();
            resolve();
          });
          stream.pipe(res);
        });
      },
    },
  ];
};
