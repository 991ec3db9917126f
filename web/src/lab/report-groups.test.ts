import { describe, expect, it } from 'vitest';
import {
  foundInError,
  groupReportErrors,
  missingRounds,
  roundDatesFromRows,
  rowRanges,
} from './report-groups';

const unknownRound = (row: number) => ({
  row,
  column: '轮次',
  code: 'unknown_round',
  message: 'Unknown round: "2026年第2轮"',
  messageZh: '轮次不存在：「2026年第2轮」',
});

describe('lab report groups', () => {
  it('reads the cell a message quotes, in either language', () => {
    expect(foundInError({ message: 'Unknown site code: "HK-99"' })).toBe('HK-99');
    expect(foundInError({ message: 'x', messageZh: '采样点编码不存在：「HK-99」' })).toBe('HK-99');
    expect(foundInError({ message: 'The value is negative' })).toBeNull();
  });

  it('takes 41 rows naming the same missing round as one group, apart from the other problems', () => {
    const errors = [
      ...Array.from({ length: 41 }, (_, index) => unknownRound(index + 2)),
      { row: 5, column: '浓度', code: 'negative_value', message: 'The value is negative: "-6.5"' },
      { row: 9, column: '浓度', code: 'negative_value', message: 'The value is negative: "-21.9"' },
      { row: 7, column: '采样点编码', code: 'unknown_site', message: 'Unknown site code: "HK-99"' },
    ];
    const groups = groupReportErrors(errors);
    expect(groups.map((group) => [group.code, group.rows.length])).toEqual([
      ['unknown_round', 41],
      ['negative_value', 2],
      ['unknown_site', 1],
    ]);
    expect(missingRounds(groups)).toEqual([
      { name: '2026年第2轮', rows: Array.from({ length: 41 }, (_, index) => index + 2) },
    ]);
  });

  it('writes row numbers as ranges', () => {
    expect(rowRanges([2, 3, 4, 7, 9, 10])).toBe('2–4, 7, 9–10');
    expect(rowRanges([1, 3, 5, 7], 2)).toBe('1, 3, …');
    expect(rowRanges([])).toBe('');
  });

  it('proposes a new round’s dates from the rows that name it', () => {
    const file = [
      ['采样点编码', '轮次', '采样开始时间', '采样结束时间'],
      ['A', 'R', '2026-02-03 08:00', '2026-02-04 08:00'],
      ['B', 'R', '2026/02/01 08:00', '2026/02/02 08:00'],
      ['C', 'R', 'bad', 'bad'],
    ];
    expect(roundDatesFromRows(file, [2, 3, 4])).toEqual({ startsOn: '2026-02-01', endsOn: '2026-02-04' });
    expect(roundDatesFromRows([['x']], [2])).toBeNull();
  });
});
