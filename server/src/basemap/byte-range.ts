/** One satisfiable byte range of a file, both ends included (RFC 9110 §14.1.2). */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Reads a `Range` header against a file of `sizeBytes`:
 * - no header: `null` (the whole file, 200);
 * - one satisfiable range (`bytes=0-126`, `bytes=512-`, `bytes=-100`): that range, its end clamped
 *   to the file (206);
 * - anything else: `'unsatisfiable'` (416 with `Content-Range: bytes *\/size`): a range past the
 *   end, an end before its start, another unit, a malformed header, or several ranges (PMTiles
 *   clients ask for one at a time; a multipart reply would only cost the server).
 * @example parseByteRange('bytes=0-126', 1000) // { start: 0, end: 126 }
 */
export function parseByteRange(header: string | undefined, sizeBytes: number): ByteRange | null | 'unsatisfiable' {
  if (header === undefined) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return 'unsatisfiable';
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return 'unsatisfiable';
  if (first === '') {
    // A suffix: the last N bytes.
    const length = Number(last);
    if (length === 0 || sizeBytes === 0) return 'unsatisfiable';
    return { start: Math.max(0, sizeBytes - length), end: sizeBytes - 1 };
  }
  const start = Number(first);
  const end = last === '' ? sizeBytes - 1 : Math.min(Number(last), sizeBytes - 1);
  if (!Number.isSafeInteger(start) || start >= sizeBytes || end < start) return 'unsatisfiable';
  return { start, end };
}
