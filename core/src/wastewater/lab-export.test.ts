import { describe, expect, it } from 'vitest';
import {
  exportCells,
  exportHeaderLine,
  exportLine,
  shanghaiDateTime,
  type StoredLabResult,
} from './lab-export';
import { templateHeaderMap } from './lab-template';
import { parseLabRow } from './lab-rows';

const result: StoredLabResult = {
  siteCode: 'HK-WWTP-01',
  roundName: '2025年第1轮',
  sampleId: 'S-1',
  collectedStart: new Date('2025-03-24T00:00:00Z'),
  collectedEnd: new Date('2025-03-25T00:00:00Z'),
  collectionType: 'composite_flow',
  flowM3PerDay: 100_000,
  population: 500_000,
  analyteCode: 'METH',
  qualifier: '=',
  valueNgL: 200,
  lodNgL: 0.5,
  loqNgL: 1,
  uloqNgL: null,
  lab: '=HYPERLINK("http://evil","x")',
  method: 'SPE-LC-MS/MS',
  replicate: 1,
  recoveryPct: 95,
};

const context = {
  siteIdByCode: new Map([['HK-WWTP-01', 7]]),
  roundIdByName: new Map([['2025年第1轮', 3]]),
  locale: 'en' as const,
};

describe('lab export', () => {
  it('writes Shanghai local time with its offset', () => {
    expect(shanghaiDateTime(new Date('2025-03-24T00:00:00Z'))).toBe('2025-03-24T08:00:00+08:00');
  });

  it('starts with a BOM and the template headers', () => {
    expect(exportHeaderLine('en').startsWith('\uFEFFsite_code,round,sample_id,')).toBe(true);
    expect(exportHeaderLine('zh')).toContain('采样点编码,轮次,样品编号');
  });

  it('ends each line with the result id, under result_id / 结果编号', () => {
    expect(exportHeaderLine('en').trimEnd().endsWith(',recovery_pct,result_id')).toBe(true);
    expect(exportHeaderLine('zh').trimEnd().endsWith(',结果编号')).toBe(true);
    expect(
      exportLine({ ...result, id: 4711 })
        .trimEnd()
        .endsWith(',95,4711'),
    ).toBe(true);
    expect(exportLine(result).trimEnd().endsWith(',95,')).toBe(true);
  });

  it('neutralises a formula in a text cell with a leading quote', () => {
    expect(exportLine(result)).toContain(`"'=HYPERLINK(""http://evil"",""x"")"`);
  });

  it('re-imports to the same measurement, non-detects and above-range results included', () => {
    for (const stored of [
      result,
      { ...result, qualifier: '<LOQ' as const, valueNgL: null },
      { ...result, qualifier: 'ND' as const, valueNgL: null },
      { ...result, qualifier: '>ULOQ' as const, valueNgL: null, uloqNgL: 5000 },
    ]) {
      const cells = exportCells({ ...stored, lab: 'Hainan lab' }).map((c) => (c === null ? '' : String(c)));
      const parsed = parseLabRow(cells, templateHeaderMap('en'), context, 2);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) continue;
      expect(parsed.row.qualifier).toBe(stored.qualifier);
      expect(parsed.row.valueNgL).toBe(stored.valueNgL);
      expect(parsed.row.uloqNgL).toBe(stored.uloqNgL);
      expect(parsed.row.loqNgL).toBe(1);
      expect(parsed.row.collectedStart.toISOString()).toBe('2025-03-24T00:00:00.000Z');
      expect(parsed.row.flowM3PerDay).toBe(100_000);
    }
  });
});
