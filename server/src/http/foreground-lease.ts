import type { RequestHandler } from 'express';
import type { Db } from '@skywater/core/db/db';

/**
 * Each API or tile request holds a lease on the database for as long as it is open (answered,
 * or its client gone), so on the embedded database no job statement starts between two of its
 * statements (Db.foreground). Left out: live streams (open for hours) and multipart uploads (a
 * transfer as long as the file, with a few statements at its end), which would hold the jobs
 * back for nothing.
 */
export function foregroundLease(db: Db): RequestHandler {
  return (req, res, next) => {
    if (holdsJobsBack(req.path, req.headers.accept, req.headers['content-type'])) {
      const end = db.foreground();
      res.once('close', end);
    }
    next();
  };
}

function holdsJobsBack(path: string, accept = '', contentType = ''): boolean {
  if (!path.startsWith('/api/') && !path.startsWith('/tiles/')) return false;
  if (path.endsWith('/stream') || accept.includes('text/event-stream')) return false;
  return !contentType.startsWith('multipart/');
}
