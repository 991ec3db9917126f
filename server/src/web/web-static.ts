import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';
import { precompressedStatic } from './precompressed';

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

/** Serves the built web app; any other GET that is not API or tiles gets index.html (client routing). */
export function webStatic(dist = WEB_DIST): Router {
  const router = express.Router();
  const index = path.join(dist, 'index.html');
  router.use(
    '/assets',
    precompressedStatic(path.join(dist, 'assets'), { immutable: true, maxAge: '365d', index: false }),
  );
  router.use(express.static(dist, { index: false, maxAge: '1h' }));
  router.get(/^\/(?!api\/|tiles\/|basemap\/).*/, (_req, res) => {
    if (fs.existsSync(index)) {
      res.set('Cache-Control', 'no-cache').sendFile(index);
    } else {
      res
        .status(503)
        .type('text/plain')
        .send('The web app is not built: run `npm run build:web` (npm start does it).');
    }
  });
  return router;
}
