import { describe, expect, it } from 'vitest';
import { ANALYTE_CATALOGUE, analyteResolver, resolveAnalyte } from './analytes';

function factor(code: string): number | null | undefined {
  return ANALYTE_CATALOGUE.find((a) => a.code === code)?.correctionFactor;
}

describe('analyte catalogue', () => {
  it('holds at least 20 analytes with unique codes', () => {
    const codes = ANALYTE_CATALOGUE.map((a) => a.code);
    expect(codes.length).toBeGreaterThanOrEqual(20);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('uses the correction factors of docs/design.md §3 exactly', () => {
    expect(factor('METH')).toBe(2.33);
    expect(factor('AMP')).toBe(2.78);
    expect(factor('MDMA')).toBe(4.44);
    expect(factor('BE')).toBe(2.33);
    expect(factor('KET')).toBe(5.0);
    expect(factor('MOR')).toBe(3.08);
    expect(factor('COD')).toBe(3.33);
    expect(factor('THC-COOH')).toBe(91);
  });

  it('has every factor agree with (M drug / M residue) / excreted fraction within 1 %', () => {
    for (const a of ANALYTE_CATALOGUE) {
      if (a.correctionFactor === null || a.excretedFraction === null) continue;
      const derived = a.molarMassDrugGPerMol / a.molarMassResidueGPerMol / a.excretedFraction;
      expect(Math.abs(derived - a.correctionFactor) / a.correctionFactor, a.code).toBeLessThan(0.01);
    }
  });

  it('flags etomidate and THC-COOH as provisional, METH as validated', () => {
    expect(resolveAnalyte('ETO-ACID')?.provisional).toBe(true);
    expect(resolveAnalyte('ETO')?.provisional).toBe(true);
    expect(resolveAnalyte('THC-COOH')?.provisional).toBe(true);
    expect(resolveAnalyte('METH')?.provisional).toBe(false);
  });

  it('gives every analyte a Chinese name, a source and positive molar masses', () => {
    for (const a of ANALYTE_CATALOGUE) {
      expect(a.nameZh, a.code).toMatch(/[\u4e00-\u9fff]/);
      expect(a.source.length, a.code).toBeGreaterThan(5);
      expect(a.molarMassDrugGPerMol).toBeGreaterThan(100);
      expect(a.molarMassResidueGPerMol).toBeGreaterThan(100);
    }
  });

  it('resolves codes, English and Chinese names and street names', () => {
    expect(resolveAnalyte('甲基苯丙胺')?.code).toBe('METH');
    expect(resolveAnalyte('冰毒')?.code).toBe('METH');
    expect(resolveAnalyte('K粉')?.code).toBe('KET');
    expect(resolveAnalyte('氯胺酮')?.code).toBe('KET');
    expect(resolveAnalyte('摇头丸')?.code).toBe('MDMA');
    expect(resolveAnalyte('依托咪酯酸')?.code).toBe('ETO-ACID');
    expect(resolveAnalyte('依托咪酯')?.code).toBe('ETO');
    expect(resolveAnalyte('Benzoylecgonine')?.code).toBe('BE');
    expect(resolveAnalyte('cotinine')?.role).toBe('population_marker');
  });

  it('ignores case, width, spaces and hyphens', () => {
    expect(resolveAnalyte('  meth ')?.code).toBe('METH');
    expect(resolveAnalyte('ＭＥＴＨ')?.code).toBe('METH');
    expect(resolveAnalyte('ｋｅｔａｍｉｎｅ')?.code).toBe('KET');
    expect(resolveAnalyte('thc cooh')?.code).toBe('THC-COOH');
    expect(resolveAnalyte('6MAM')?.code).toBe('6-MAM');
    expect(resolveAnalyte('ｋ粉')?.code).toBe('KET');
  });

  it('returns undefined for an unknown name', () => {
    expect(resolveAnalyte('caffeine')).toBeUndefined();
    expect(resolveAnalyte('')).toBeUndefined();
  });

  it('resolves against an edited catalogue', () => {
    const edited = [
      ...ANALYTE_CATALOGUE,
      { ...ANALYTE_CATALOGUE[0]!, code: 'CAF', nameEn: 'Caffeine', nameZh: '咖啡因', aliases: [] },
    ];
    expect(analyteResolver(edited)('咖啡因')?.code).toBe('CAF');
  });
});
