import { describe, expect, it } from 'vitest';
import { parseLabNumber, parseLabValue } from './lab-value';

describe('lab value cells', () => {
  it('reads a plain number in the row unit and converts to ng/L', () => {
    expect(parseLabValue('200', 1)).toEqual({ ok: true, value: { qualifier: '=', valueNgL: 200 } });
    expect(parseLabValue('0.2', 1000)).toEqual({ ok: true, value: { qualifier: '=', valueNgL: 200 } });
    expect(parseLabValue(12.5)).toEqual({ ok: true, value: { qualifier: '=', valueNgL: 12.5 } });
  });

  it('reads thousands separators, full-width digits and exponents', () => {
    expect(parseLabValue('1,234.5')).toEqual({ ok: true, value: { qualifier: '=', valueNgL: 1234.5 } });
    expect(parseLabValue('１２３．５')).toEqual({ ok: true, value: { qualifier: '=', valueNgL: 123.5 } });
    expect(parseLabValue('1.2E3')).toEqual({ ok: true, value: { qualifier: '=', valueNgL: 1200 } });
  });

  it.each([
    ['<LOQ', '<LOQ'],
    ['< loq', '<LOQ'],
    ['低于定量限', '<LOQ'],
    ['<LOD', '<LOD'],
    ['低于检出限', '<LOD'],
    ['ND', 'ND'],
    ['n.d.', 'ND'],
    ['N.D.', 'ND'],
    ['未检出', 'ND'],
    ['>ULOQ', '>ULOQ'],
    ['＜LOQ', '<LOQ'],
  ])('turns %s into the qualifier %s and never a number', (cell, qualifier) => {
    const parsed = parseLabValue(cell);
    expect(parsed).toEqual({ ok: true, value: { qualifier } });
  });

  it('reads <5 as below a limit of 5 in the row unit', () => {
    expect(parseLabValue('<5', 1)).toEqual({ ok: true, value: { qualifier: '<LOQ', limitNgL: 5 } });
    expect(parseLabValue('< 0.005', 1000)).toEqual({ ok: true, value: { qualifier: '<LOQ', limitNgL: 5 } });
    expect(parseLabValue('＜５', 1)).toEqual({ ok: true, value: { qualifier: '<LOQ', limitNgL: 5 } });
  });

  it('reads >5000 as above the calibrated range, without a value', () => {
    expect(parseLabValue('>5000')).toEqual({ ok: true, value: { qualifier: '>ULOQ', limitNgL: 5000 } });
  });

  it('refuses a negative value with negative_value', () => {
    expect(parseLabValue('-3.2')).toEqual({ ok: false, code: 'negative_value', found: '-3.2' });
    expect(parseLabValue(-1)).toMatchObject({ ok: false, code: 'negative_value' });
  });

  it('refuses text and formulas with invalid_number, without evaluating them', () => {
    expect(parseLabValue('=1+2')).toMatchObject({ ok: false, code: 'invalid_number', found: '=1+2' });
    expect(parseLabValue('about 5')).toMatchObject({ ok: false, code: 'invalid_number' });
    expect(parseLabValue('1,5')).toMatchObject({ ok: false, code: 'invalid_number' });
  });

  it('calls an empty cell missing_value', () => {
    expect(parseLabValue('')).toEqual({ ok: false, code: 'missing_value' });
    expect(parseLabValue(null)).toEqual({ ok: false, code: 'missing_value' });
  });

  it('parses numbers for the other numeric columns', () => {
    expect(parseLabNumber('100,000')).toEqual({ ok: true, value: 100000 });
    expect(parseLabNumber('@SUM(A1)')).toMatchObject({ ok: false, code: 'invalid_number' });
  });
});

describe('numbers a lab cannot have measured', () => {
  it.each(['1e309', '-1e309', 'NaN', 'Infinity', '-Infinity', 'inf'])(
    'refuses %s as not a number',
    (cell) => {
      expect(parseLabValue(cell).ok).toBe(false);
      expect(parseLabNumber(cell).ok).toBe(false);
    },
  );

  it('refuses a number that only overflows once converted to ng/L', () => {
    expect(parseLabValue('1e306', 1000)).toEqual({ ok: false, code: 'invalid_number', found: '1e306' });
  });

  it('refuses non-finite numbers handed over as numbers (XLSX cells)', () => {
    expect(parseLabValue(Number.POSITIVE_INFINITY).ok).toBe(false);
    expect(parseLabValue(Number.NaN).ok).toBe(false);
  });

  it('refuses -0 as a negative value', () => {
    expect(parseLabValue('-0')).toEqual({ ok: false, code: 'negative_value', found: '-0' });
    expect(parseLabValue(-0)).toMatchObject({ ok: false, code: 'negative_value' });
  });
});
