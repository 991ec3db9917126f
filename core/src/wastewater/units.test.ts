import { describe, expect, it } from 'vitest';
import { concentrationToNgPerL, resolveConcentrationUnit, toNgPerL } from './units';

describe('concentration units', () => {
  it('keeps ng/L as it is', () => {
    expect(concentrationToNgPerL(200, 'ng/L')).toEqual({ ok: true, value: 200 });
  });

  it.each(['µg/L', 'ug/L', 'μg/L', 'UG/L', 'µg / L', '微克/升', 'ｕｇ／Ｌ'])(
    'reads %s as µg/L (×1000)',
    (text) => {
      expect(concentrationToNgPerL(0.2, text)).toEqual({ ok: true, value: 200 });
    },
  );

  it('reads mg/m³ and ng/mL as µg/L', () => {
    expect(concentrationToNgPerL(1.5, 'mg/m³')).toEqual({ ok: true, value: 1500 });
    expect(concentrationToNgPerL(1.5, 'mg/m3')).toEqual({ ok: true, value: 1500 });
    expect(concentrationToNgPerL(1.5, 'ng/mL')).toEqual({ ok: true, value: 1500 });
    expect(concentrationToNgPerL(1.5, '纳克/毫升')).toEqual({ ok: true, value: 1500 });
  });

  it('reads the Chinese name of ng/L', () => {
    expect(resolveConcentrationUnit('纳克/升')).toEqual({ ok: true, value: 'ng/L' });
  });

  it('converts mg/L by a million', () => {
    expect(toNgPerL(0.002, 'mg/L')).toBeCloseTo(2000, 9);
  });

  it('refuses a unit that is not a mass concentration with impossible_unit', () => {
    expect(resolveConcentrationUnit('mmol/L')).toEqual({
      ok: false,
      code: 'impossible_unit',
      found: 'mmol/L',
    });
    expect(resolveConcentrationUnit('gc/L')).toMatchObject({ ok: false, code: 'impossible_unit' });
    expect(resolveConcentrationUnit('')).toMatchObject({ ok: false, code: 'impossible_unit' });
  });
});
