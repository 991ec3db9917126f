import express, { type Express } from 'express';
import { NotFoundError } from '@skywater/core/errors/app-error';
import type { AppContext } from '../app-context';
import { guard, loadSession } from '../auth/guard';
import { ownedObjectGuard } from '../offices/owned-objects';
import { tileCacheOf } from '../tiles/tile-cache';
import { dropTilesOnOwnWrites } from '../tiles/tile-cache-own-writes';
import { webStatic } from '../web/web-static';
import { refuseEncodedUploads } from './body-encoding';
import { errorHandler } from './error-handler';
import { foregroundLease } from './foreground-lease';
import { idempotencyKeys } from './idempotency';
import { limitJsonDepth } from './json-depth';
import { createRateLimiters } from './rate-limits';
import { requestId } from './request-id';
import { isStateChanging, type RouteDef } from './route-table';
import { securityHeaders } from './security-headers';

/** The Express application: security headers, sessions, every route behind its access rule and its office scope, the web app. */
export function createApp(ctx: AppContext, routes: RouteDef[]): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', ctx.config.trustProxy);
  app.set('query parser', 'simple');
  app.use(requestId);
  app.use(foregroundLease(ctx.db));
  app.use(securityHeaders(ctx.config.secureCookies));
  app.use(requestLog(ctx));
  app.use(refuseEncodedUploads);
  app.use(express.json({ limit: '2mb', strict: true }));
  app.use(limitJsonDepth);
  app.use(loadSession(ctx.db));
  app.use(markWrites(ctx));

  const limiters = createRateLimiters(ctx.config.rateLimitMultiplier);
  const idempotent = idempotencyKeys(ctx.db);
  const ownWrites = dropTilesOnOwnWrites(tileCacheOf(ctx.db, ctx.config.tileCacheMaxBytes));
  for (const route of routes) {
    const chain = [guard(route.access, isStateChanging(route.method))];
    const owned = ownedObjectGuard(ctx.db, route.path);
    if (owned) chain.push(owned);
    if (isStateChanging(route.method)) chain.push(ownWrites);
    if (route.rateLimit) chain.push(...limiters[route.rateLimit]);
    if (route.method === 'post') chain.push(idempotent);
    app[route.method](route.path, ...chain, route.handler);
  }
  app.use(['/api', '/tiles'], () => {
    throw new NotFoundError('Route');
  });
  app.use(webStatic());
  app.use(errorHandler(ctx.log));
  return app;
}

function requestLog(ctx: AppContext): express.RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.on('finish', () => {
      ctx.log.info(
        {
          requestId: req.id,
          method: req.method,
          path: req.path,
          status: res.statusCode,
          ms: Math.round(performance.now() - started),
          user: req.user?.username,
        },
        'request',
      );
    });
    next();
  };
}

/**
 * A logged-in user's state-changing request keeps that user's pure reads on the primary until
 * the read replica has replayed it (read-replica.ts).
 */
function markWrites(ctx: AppContext): express.RequestHandler {
  return (req, res, next) => {
    const userId = req.user?.id;
    if (userId === undefined || req.method === 'GET' || req.method === 'HEAD') return next();
    ctx.reads.writeStarted(userId);
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      void ctx.reads.writeFinished(userId);
    };
    res.on('finish', finish);
    res.on('close', finish);
    next();
  };
}
