import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

/** Every request gets an id (a sane incoming X-Request-Id is kept), echoed in the reply and the logs. */
export const requestId: RequestHandler = (req, res, next) => {
  const incoming = req.get('x-request-id');
  req.id = incoming && /^[\w.-]{8,64}$/.test(incoming) ? incoming : randomUUID();
  res.set('X-Request-Id', req.id);
  next();
};
