import { describe, expect, it } from 'vitest';
import { chineseMessageOf, isLabReport, reportFromErrorDetails } from './lab-imports-api';

describe('lab import replies', () => {
  it('takes a 422 with a report body as the answer, not as an error', () => {
    expect(isLabReport(422, { status: 'rejected', rowsTotal: 3, rowsImported: 0, errors: [] })).toBe(true);
    expect(isLabReport(422, { error: { code: 'x', message: 'y' } })).toBe(false);
    expect(isLabReport(400, { status: 'rejected', errors: [] })).toBe(false);
  });

  it('reads the Chinese text of a whole-file refusal', () => {
    expect(chineseMessageOf({ messageZh: '文件为空或没有数据行' })).toBe('文件为空或没有数据行');
    expect(chineseMessageOf([{ messageZh: 'x' }])).toBeUndefined();
  });

  it('turns row-level error details into report lines', () => {
    expect(
      reportFromErrorDetails([
        {
          row: 3,
          column: '浓度',
          code: 'negative_value',
          message: 'The value is negative',
          messageZh: '数值不能为负',
        },
        'junk',
      ]),
    ).toEqual([
      {
        row: 3,
        column: '浓度',
        code: 'negative_value',
        message: 'The value is negative',
        messageZh: '数值不能为负',
      },
    ]);
    expect(reportFromErrorDetails({ row: 1 })).toEqual([]);
  });
});
