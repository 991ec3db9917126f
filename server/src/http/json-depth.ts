import type { RequestHandler } from 'express';
import { ValidationError } from '@skywater/core/errors/app-error';

export const MAX_JSON_DEPTH = 32;

/** Deeply nested JSON (a parser and validator bomb) is refused before any handler sees it. */
export const limitJsonDepth: RequestHandler = (req, _res, next) => {
  if (req.body !== undefined && depthExceeds(req.body, MAX_JSON_DEPTH)) {
    throw new ValidationError(`The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`);
  }
  next();
};

function depthExceeds(value: unknown, remaining: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (remaining === 0) return true;
  const children = Array.isArray(value) ? value : Object.values(value);
  return children.some((child) => depthExceeds(child, remaining - 1));
}
