import { describe, expect, it } from 'vitest';
import { numberArrayLiteral, textArrayLiteral } from './pg-array-literal';

describe('PostgreSQL array literals', () => {
  it('quotes every text element and escapes quotes and backslashes', () => {
    expect(textArrayLiteral(['METH', null, '=HYPERLINK("x","y")', 'a\\b', '{,}', ''])).toBe(
      '{"METH",NULL,"=HYPERLINK(\\"x\\",\\"y\\")","a\\\\b","{,}",""}',
    );
  });

  it('keeps a text "NULL" apart from a null', () => {
    expect(textArrayLiteral(['NULL', null])).toBe('{"NULL",NULL}');
  });

  it('writes numbers in their shortest exact form', () => {
    expect(numberArrayLiteral([1, 0.1, 200.00000000000003, null, 1e-7])).toBe(
      '{1,0.1,200.00000000000003,NULL,1e-7}',
    );
    expect(() => numberArrayLiteral([Number.NaN])).toThrow(RangeError);
  });
});
