import type { LabErrorCode } from './lab-error-messages';

/**
 * The outcome of reading one cell: a value, or the code saying why not. Cell parsers return
 * this instead of throwing so a row can collect every problem at once.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; code: LabErrorCode; found?: string };

export function parsedValue<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

export function parseFailure<T = never>(code: LabErrorCode, found?: string): Parsed<T> {
  return found === undefined ? { ok: false, code } : { ok: false, code, found };
}
