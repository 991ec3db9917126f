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

/**
 * Errors PostgreSQL (and PGlite) raise for a value the client sent: a reference to a row that does
 * not exist, a value a check refuses, a date not on the calendar. A route should catch these in its
 * schema first; this is the net under every route, so none becomes a 500.
 */
const DATABASE_INPUT_ERRORS: Record<string, { status: number; error: { code: string; message: string } }> = {
  '23505': { status: 409, error: { code: 'conflict', message: 'This already exists' } },
  '23503': {
    status: 422,
    error: { code: 'unknown_reference', message: 'The request refers to something that does not exist' },
  },
  '23514': { status: 422, error: { code: 'value_refused', message: 'A value is outside what is allowed' } },
  '23502': { status: 422, error: { code: 'value_missing', message: 'A required value is missing' } },
  '22007': { status: 400, error: { code: 'invalid_date', message: 'A date or time is not valid' } },
  '22008': { status: 400, error: { code: 'invalid_date', message: 'A date or time is not on the calendar' } },
  '22003': { status: 400, error: { code: 'value_out_of_range', message: 'A number is out of range' } },
  '22P02': { status: 400, error: { code: 'invalid_value', message: 'A value has the wrong form' } },
  '22001': { status: 400, error: { code: 'text_too_long', message: 'A text is too long' } },
  '22023': { status: 400, error: { code: 'invalid_value', message: 'A value is not valid' } },
};

/** PostGIS's GEOS errors on an invalid geometry (raised as XX000, so told by their text). */
function isGeometryError(e: { code?: string; message?: string } | undefined): boolean {
  return (
    e?.code === 'XX000' &&
    /GEOS|TopologyException|Self-intersection|IllegalArgumentException|invalid polygon/i.test(e.message ?? '')
  );
}

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
  const database = e?.code ? DATABASE_INPUT_ERRORS[e.code] : undefined;
  if (database) return { status: database.status, body: { error: { ...database.error } } };
  if (isGeometryError(e)) {
    return {
      status: 422,
      body: {
        error: { code: 'invalid_geometry', message: 'The geometry is not valid (it crosses itself?)' },
      },
    };
  }
  // body-parser and busboy flag what the client sent wrong (an exposed 4xx: a gzip header over a
  // plain body, a truncated stream) without a type we know.
  if (
    typeof e?.status === 'number' &&
    e.status >= 400 &&
    e.status < 500 &&
    (e as { expose?: boolean }).expose
  ) {
    return {
      status: 400,
      body: { error: { code: 'malformed_body', message: 'The request body cannot be read as sent' } },
    };
  }
  return {
    status: 500,
    body: { error: { code: 'internal', message: 'Something went wrong on the server' } },
  };
}
