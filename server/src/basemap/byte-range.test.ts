import { describe, expect, it } from 'vitest';
import { parseByteRange } from './byte-range';

describe('parseByteRange', () => {
  it('reads one range, an open-ended range and a suffix, clamped to the file', () => {
    expect(parseByteRange('bytes=0-126', 1000)).toEqual({ start: 0, end: 126 });
    expect(parseByteRange('bytes=990-2000', 1000)).toEqual({ start: 990, end: 999 });
    expect(parseByteRange('bytes=512-', 1000)).toEqual({ start: 512, end: 999 });
    expect(parseByteRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseByteRange('bytes=-5000', 1000)).toEqual({ start: 0, end: 999 });
  });

  it('answers the whole file when no range is asked for', () => {
    expect(parseByteRange(undefined, 1000)).toBeNull();
  });

  it('refuses ranges past the end, reversed, malformed, of another unit, or several', () => {
    for (const header of ['bytes=1000-1001', 'bytes=5-2', 'bytes=abc', 'items=0-1', 'bytes=-', 'bytes=0-1,5-9', 'bytes=-0'])
      expect(parseByteRange(header, 1000), header).toBe('unsatisfiable');
  });
});
