import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';
import { AppError } from '@skywater/core/errors/app-error';
import type { Logger } from '@skywater/core/log/logger';

// Connection-level failures of PostgreSQL or PGlite: the database is down, not the request wrong.
const DATABASE_DOWN_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08006',
  '08001',
  '08003',
]);

/** The one place errors become HTTP answers: `{ error: { code, message, details } }`, never a stack or SQL. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const { status, body } = toErrorReply(error);
    if (status >= 500 && status !== 503 && !(error instanceof AppError)) {
      log.error({ err: error, requestId: req.id, path: req.path }, 'unexpected error');
    } else if (status === 503) {
      log.warn({ requestId: req.id, err: (error as Error).message }, 'dependency down');
    }
    if (res.headersSent) return;
    // A dependency down or a statement past its ceiling: worth asking again shortly.
    if (status === 503) res.setHeader('Retry-After', '5');
    res.status(status).json(body);
  };
}

export function toErrorReply(error: unknown): {
  status: number;
  body: { error: { code: string; message: string; details?: unknown } };
} {
  if (error instanceof AppError) {
    return {
      status: error.status,
      body: { error: { code: error.code, message: error.message, details: error.details } },
    };
  }
  if (error instanceof ZodError) {
    return {
      status: 400,
      body: {
        error: {
          code: 'validation_failed',
          message: 'The request is not valid',
          details: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        },
      },
    };
  }
  const e = error as { type?: string; status?: number; code?: string; message?: string };
  if (e?.type === 'entity.too.large') {
    return {
      status: 413,
      body: { error: { code: 'payload_too_large', message: 'The request body is too large' } },
    };
  }
  if (e?.type === 'entity.parse.failed' || e?.type === 'entity.verify.failed') {
    return {
      status: 400,
      body: { error: { code: 'malformed_json', message: 'The request body is not valid JSON' } },
    };
  }
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') {
    return {
      status: 415,
      body: { error: { code: 'unsupported_media_type', message: 'Unsupported body encoding' } },
    };
  }
  if (e?.code && DATABASE_DOWN_CODES.has(e.code)) {
    return {
      status: 503,
      body: {
        error: { code: 'dependency_down', message: 'The database is not answering; try again shortly' },
      },
    };
  }
  if (e?.code === '23505') {
    return { status: 409, body: { error: { code: 'conflict', message: 'This already exists' } } };
  }
  return {
    status: 500,
    body: { error: { code: 'internal', message: 'Something went wrong on the server' } },
  };
}
