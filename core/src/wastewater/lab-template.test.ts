import { describe, expect, it } from 'vitest';
import { bilingualHeader, LAB_COLUMNS, mapHeaders, templateCsv } from './lab-template';

const API_HEADERS: [string, string][] = [
  ['site_code', '采样点编码'],
  ['round', '轮次'],
  ['sample_id', '样品编号'],
  ['collected_start', '采样开始时间'],
  ['collected_end', '采样结束时间'],
  ['collection_type', '采样方式'],
  ['flow_m3_per_day', '日流量(m³/d)'],
  ['population', '服务人口'],
  ['analyte', '检测项目'],
  ['value', '浓度'],
  ['unit', '单位'],
  ['lod', '检出限'],
  ['loq', '定量限'],
  ['lab', '检测机构'],
  ['method', '检测方法'],
  ['replicate', '平行样'],
  ['recovery_pct', '回收率(%)'],
];

describe('lab upload template', () => {
  it('has the columns and headers of docs/api-contract.md, in order', () => {
    expect(LAB_COLUMNS.map((c) => [c.en, c.zh])).toEqual(API_HEADERS);
  });

  it('maps Chinese headers in any order', () => {
    const headers = [...API_HEADERS.map(([, zh]) => zh)].reverse();
    const map = mapHeaders(headers);
    expect(map.ok).toBe(true);
    expect(map.indexOf.site_code).toBe(16);
    expect(map.indexOf.recovery_pct).toBe(0);
    expect(map.missing).toEqual([]);
    expect(map.unknown).toEqual([]);
  });

  it('accepts a mix of languages, a BOM, padding and full-width brackets', () => {
    const map = mapHeaders([
      '\uFEFF采样点编码 ',
      ' round',
      '样品编号',
      'collected_start',
      '采样结束时间',
      '采样方式',
      '日流量（m3/d）',
      '检测项目',
      'VALUE',
      '单位',
      '回收率（%）',
    ]);
    expect(map.ok).toBe(true);
    expect(map.indexOf).toMatchObject({
      site_code: 0,
      round: 1,
      flow_m3_per_day: 6,
      value: 8,
      recovery_pct: 10,
    });
    expect(map.headerOf.site_code).toBe('采样点编码');
  });

  it('recognises 日流量(m?/d), as a GBK Excel writes the ³ it cannot encode', () => {
    expect(mapHeaders(['日流量(m?/d)']).indexOf.flow_m3_per_day).toBe(0);
  });

  it('reports missing required columns and unknown extra ones', () => {
    const map = mapHeaders(['site_code', '浓度', '备注', '', '']);
    expect(map.ok).toBe(false);
    expect(map.missing).toEqual([
      'round',
      'sample_id',
      'collected_start',
      'collected_end',
      'collection_type',
      'analyte',
      'unit',
    ]);
    expect(map.unknown).toEqual([{ index: 2, header: '备注' }]);
    expect(map.width).toBe(3);
  });

  it('reports a column given twice', () => {
    const map = mapHeaders(API_HEADERS.map(([en]) => en).concat('浓度'));
    expect(map.ok).toBe(false);
    expect(map.duplicates).toEqual([{ index: 17, header: '浓度', key: 'value' }]);
  });

  it('writes the template as UTF-8 CSV with a BOM, Chinese headers and one example row', () => {
    const csv = templateCsv();
    expect(csv.startsWith('\uFEFF采样点编码,轮次,样品编号,')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(lines[1]!.split(',')).toHaveLength(17);
    expect(mapHeaders(lines[0]!.split(',')).ok).toBe(true);
  });

  it('writes English headers when asked', () => {
    const [header, example] = templateCsv('en').slice(1).split('\r\n');
    expect(header).toBe(API_HEADERS.map(([en]) => en).join(','));
    expect(example).toContain('composite_flow');
  });
});

describe('bilingual headers (the XLSX template)', () => {
  it('accepts "中文 english" headers whose parts name the same column', () => {
    const map = mapHeaders(LAB_COLUMNS.map(bilingualHeader));
    expect(map.ok).toBe(true);
    expect(map.indexOf.flow_m3_per_day).toBe(6);
    expect(map.indexOf.recovery_pct).toBe(16);
  });

  it('does not accept a header whose parts name two columns', () => {
    const map = mapHeaders(['采样点编码 round']);
    expect(map.unknown).toEqual([{ index: 0, header: '采样点编码 round' }]);
  });
});
