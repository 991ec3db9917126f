import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from './csv-cell';
import { createDuplicateChecker } from './duplicate-checker';
import { mapHeaders } from './lab-template';
import { measurementKey, parseLabRow, type LabRowContext } from './lab-rows';

const HEADER = [
  '采样点编码',
  '轮次',
  '样品编号',
  '采样开始时间',
  '采样结束时间',
  '采样方式',
  '日流量(m³/d)',
  '服务人口',
  '检测项目',
  '浓度',
  '单位',
  '检出限',
  '定量限',
  '检测机构',
  '检测方法',
  '平行样',
  '回收率(%)',
];
const headerMap = mapHeaders(HEADER);
const context: LabRowContext = {
  siteIdByCode: new Map([['HK-WWTP-01', 11]]),
  roundIdByName: (name) => (name === '2025年第1轮' ? 'r1' : undefined),
};
const GOOD = [
  'HK-WWTP-01',
  '2025年第1轮',
  'S-01',
  '2025/3/24 8:00',
  '2025年3月25日 08:00',
  '流量比例混合',
  '100,000',
  '500000',
  '甲基苯丙胺',
  '0.2',
  'µg/L',
  '0.0005',
  '0.001',
  '海南省检测中心',
  'SPE-LC-MS/MS',
  '1',
  '95%',
];

function withCell(column: string, value: string | number | null): (string | number | null)[] {
  const cells: (string | number | null)[] = [...GOOD];
  cells[HEADER.indexOf(column)] = value;
  return cells;
}

describe('parsing one lab row', () => {
  it('turns a good Chinese row into a measurement in ng/L with Beijing times', () => {
    const result = parseLabRow(GOOD, headerMap, context, 2);
    expect(result).toEqual({
      ok: true,
      row: {
        row: 2,
        siteCode: 'HK-WWTP-01',
        siteId: 11,
        roundName: '2025年第1轮',
        roundId: 'r1',
        sampleId: 'S-01',
        collectedStart: new Date('2025-03-24T00:00:00Z'),
        collectedEnd: new Date('2025-03-25T00:00:00Z'),
        collectionType: 'composite_flow',
        flowM3PerDay: 100000,
        population: 500000,
        analyteCode: 'METH',
        qualifier: '=',
        valueNgL: 200,
        lodNgL: 0.5,
        loqNgL: 1,
        uloqNgL: null,
        unit: 'µg/L',
        lab: '海南省检测中心',
        method: 'SPE-LC-MS/MS',
        replicate: 1,
        recoveryPct: 95,
      },
    });
  });

  it('stores 未检出 as the ND qualifier without a value', () => {
    const result = parseLabRow(withCell('浓度', '未检出'), headerMap, context, 2);
    expect(result.ok && result.row).toMatchObject({ qualifier: 'ND', valueNgL: null, lodNgL: 0.5 });
  });

  it('takes the limit of <5 as the LOQ when the LOQ column is empty', () => {
    const cells = withCell('浓度', '<0.005');
    cells[HEADER.indexOf('定量限')] = '';
    const result = parseLabRow(cells, headerMap, context, 2);
    expect(result.ok && result.row).toMatchObject({ qualifier: '<LOQ', valueNgL: null, loqNgL: 5 });
  });

  it('rejects a row whose site is unknown, naming the column as written', () => {
    const result = parseLabRow(withCell('采样点编码', 'HK-99'), headerMap, context, 7);
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          row: 7,
          column: '采样点编码',
          code: 'unknown_site',
          message: '采样点编码不存在：「HK-99」',
          found: 'HK-99',
        },
      ],
    });
  });

  it('refuses a row naming a closed round with round_closed, and takes it while the round is open', () => {
    const closed = parseLabRow(GOOD, headerMap, { ...context, roundClosed: (id) => id === 'r1' }, 3);
    expect(closed.ok).toBe(false);
    expect(!closed.ok && closed.errors.map((e) => [e.column, e.code, e.found])).toEqual([
      ['轮次', 'round_closed', '2025年第1轮'],
    ]);
    expect(parseLabRow(GOOD, headerMap, { ...context, roundClosed: () => false }, 3).ok).toBe(true);
  });

  it('collects every problem of a row at once, each with its code', () => {
    const cells = withCell('轮次', '第9轮');
    cells[HEADER.indexOf('检测项目')] = 'caffeine';
    cells[HEADER.indexOf('浓度')] = '-3';
    cells[HEADER.indexOf('单位')] = 'mmol/L';
    cells[HEADER.indexOf('采样结束时间')] = '2025-03-23 08:00';
    cells[HEADER.indexOf('平行样')] = '1.5';
    const result = parseLabRow(cells, headerMap, { ...context, locale: 'en' }, 3);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.column, e.code])).toEqual([
      ['轮次', 'unknown_round'],
      ['采样结束时间', 'end_before_start'],
      ['检测项目', 'unknown_analyte'],
      ['单位', 'impossible_unit'],
      ['浓度', 'negative_value'],
      ['平行样', 'invalid_number'],
    ]);
    expect(result.errors[2]!.message).toBe('Unknown analyte: "caffeine"');
  });

  it('reports invalid dates, numbers and empty required cells', () => {
    const cells = withCell('采样开始时间', '3月24日');
    cells[HEADER.indexOf('日流量(m³/d)')] = 'about 1e5';
    cells[HEADER.indexOf('样品编号')] = ' ';
    const result = parseLabRow(cells, headerMap, context, 4);
    expect(!result.ok && result.errors.map((e) => e.code)).toEqual([
      'missing_value',
      'invalid_date',
      'invalid_number',
    ]);
  });

  it('requires a flow for composite samples but not for grabs', () => {
    const composite = withCell('日流量(m³/d)', '');
    expect(parseLabRow(composite, headerMap, context, 2)).toMatchObject({
      ok: false,
      errors: [{ code: 'missing_value' }],
    });
    composite[HEADER.indexOf('采样方式')] = '瞬时';
    expect(parseLabRow(composite, headerMap, context, 2)).toMatchObject({
      ok: true,
      row: { collectionType: 'grab', flowM3PerDay: null },
    });
  });

  it('reports extra cells beyond the header', () => {
    const result = parseLabRow([...GOOD, '', 'stray'], headerMap, context, 5);
    expect(!result.ok && result.errors.map((e) => e.code)).toEqual(['extra_cells']);
    expect(parseLabRow([...GOOD, '', ' '], headerMap, context, 5).ok).toBe(true);
  });

  it('keeps formula-looking cells as text and never evaluates them', () => {
    const cells = withCell('检测机构', '=HYPERLINK("http://evil.example","点击")');
    cells[HEADER.indexOf('检测方法')] = '@SUM(1+1)';
    const result = parseLabRow(cells, headerMap, context, 2);
    expect(result.ok && [result.row.lab, result.row.method]).toEqual([
      '=HYPERLINK("http://evil.example","点击")',
      '@SUM(1+1)',
    ]);
    expect(parseLabRow(withCell('浓度', '=1+1'), headerMap, context, 2)).toMatchObject({
      ok: false,
      errors: [{ code: 'invalid_number' }],
    });
  });

  it('reads XLSX cell types: numbers, Excel serial dates', () => {
    const cells: (string | number | null)[] = withCell('浓度', 200);
    cells[HEADER.indexOf('单位')] = 'ng/L';
    cells[HEADER.indexOf('采样开始时间')] = 45740 + 8 / 24;
    cells[HEADER.indexOf('平行样')] = 2;
    const result = parseLabRow(cells, headerMap, context, 2);
    expect(result.ok && result.row).toMatchObject({
      valueNgL: 200,
      collectedStart: new Date('2025-03-24T00:00:00Z'),
      replicate: 2,
    });
  });
});

describe('duplicates within a file', () => {
  it('points a repeated site + round + sample + analyte + replicate to its first row', () => {
    const checker = createDuplicateChecker();
    const first = parseLabRow(GOOD, headerMap, context, 2);
    const again = parseLabRow(withCell('浓度', '0.3'), headerMap, context, 9);
    const otherReplicate = parseLabRow(withCell('平行样', '2'), headerMap, context, 10);
    if (!first.ok || !again.ok || !otherReplicate.ok) throw new Error('fixture rows must parse');
    expect(checker.firstRowWith(measurementKey(first.row), 2)).toBeUndefined();
    expect(checker.firstRowWith(measurementKey(again.row), 9)).toBe(2);
    expect(checker.firstRowWith(measurementKey(otherReplicate.row), 10)).toBeUndefined();
    expect(checker.size).toBe(2);
  });
});

describe('CSV export cells', () => {
  it('neutralises formula injection with a leading quote', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  it('leaves numbers, plain text and dates as they are', () => {
    expect(csvCell(-3.5)).toBe('-3.5');
    expect(csvCell('甲基苯丙胺')).toBe('甲基苯丙胺');
    expect(csvLine(['a,b', null, new Date('2025-03-24T00:00:00Z')])).toBe(
      '"a,b",,2025-03-24T00:00:00.000Z\r\n',
    );
  });
});
