import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readLabFile } from './lab-file';
import { LabFileError } from './lab-file-error';
import type { LabRowContext } from './lab-rows';
import { templateCsv } from './lab-template';
import { validateLabRows, type LabValidationEvent } from './lab-validation';

const context: LabRowContext = {
  siteIdByCode: new Map([
    ['HK-WWTP-01', 1],
    ['HK-WWTP-02', 2],
  ]),
  roundIdByName: new Map([['2025年第1轮', 10]]),
};

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

async function validate(bytes: Uint8Array): Promise<LabValidationEvent[]> {
  const events: LabValidationEvent[] = [];
  for await (const event of validateLabRows(readLabFile(once(bytes)), context)) events.push(event);
  return events;
}

const ROWS = [
  'HK-WWTP-01,2025年第1轮,S-01,2025/3/24 8:00,2025/3/25 8:00,流量比例混合,100000,500000,甲基苯丙胺,200,ng/L,0.5,1,海口检测中心,LC-MS/MS,1,98',
  'HK-WWTP-01,2025年第1轮,S-01,2025/3/24 8:00,2025/3/25 8:00,流量比例混合,100000,500000,氯胺酮,<LOQ,ng/L,0.5,1,海口检测中心,LC-MS/MS,1,',
  'HK-WWTP-09,2025年第1轮,S-02,2025/3/24 8:00,2025/3/25 8:00,流量比例混合,80000,,冰毒,150,ng/L,,,"=HYPERLINK(""http://x"",""y"")",,1,',
  'HK-WWTP-01,2025年第1轮,S-01,2025/3/24 8:00,2025/3/25 8:00,流量比例混合,100000,500000,METH,210,ng/L,0.5,1,海口检测中心,LC-MS/MS,1,',
];

describe('validating an upload as it streams', () => {
  it('checks a Chinese template saved as GBK by an old Excel: good rows, an unknown site, a duplicate', async () => {
    const template = templateCsv('zh').slice(1).split('\r\n')[0];
    const gbk = iconv.encode(`${template}\r\n${ROWS.join('\r\n')}\r\n`, 'gbk');
    const events = await validate(gbk);

    expect(events.map((e) => e.kind)).toEqual(['header', 'row', 'row', 'rejected', 'rejected']);
    const [, meth, ket, unknownSite, duplicate] = events;
    expect(meth).toMatchObject({
      kind: 'row',
      row: { row: 2, analyteCode: 'METH', valueNgL: 200, siteId: 1, roundId: 10, recoveryPct: 98 },
    });
    expect(ket).toMatchObject({
      kind: 'row',
      row: { row: 3, analyteCode: 'KET', qualifier: '<LOQ', valueNgL: null, loqNgL: 1 },
    });
    expect(unknownSite).toEqual({
      kind: 'rejected',
      row: 4,
      errors: [
        {
          row: 4,
          column: '采样点编码',
          code: 'unknown_site',
          message: '采样点编码不存在：「HK-WWTP-09」',
          found: 'HK-WWTP-09',
        },
      ],
    });
    expect(duplicate).toMatchObject({
      kind: 'rejected',
      row: 5,
      errors: [{ code: 'duplicate_in_file', message: expect.stringContaining('与第 2 行重复') }],
    });
  });

  it('reads the same rows from an XLSX with English headers and notes an unknown column', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Sheet1');
    sheet.addRow(templateCsv('en').slice(1).split('\r\n')[0]!.split(',').concat('notes'));
    sheet.addRow([
      'HK-WWTP-02',
      '2025年第1轮',
      'S-7',
      new Date(Date.UTC(2025, 2, 24, 8)),
      new Date(Date.UTC(2025, 2, 25, 8)),
      'composite_time',
      90000,
      400000,
      'MDMA',
      0.012,
      'µg/L',
      null,
      null,
      null,
      null,
      1,
      null,
      'ok',
    ]);
    const events = await validate(new Uint8Array(await workbook.xlsx.writeBuffer()));
    expect(events[0]).toMatchObject({
      kind: 'header',
      notices: [{ row: 1, column: 'notes', code: 'unknown_column' }],
    });
    expect(events[1]).toMatchObject({
      kind: 'row',
      row: {
        siteId: 2,
        analyteCode: 'MDMA',
        valueNgL: 12,
        collectedStart: new Date('2025-03-24T00:00:00Z'),
        collectionType: 'composite_time',
      },
    });
  });

  it('refuses the whole file when required columns are missing, naming them in Chinese', async () => {
    const error = await validate(Buffer.from('采样点编码,浓度\r\nHK-WWTP-01,200\r\n')).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LabFileError);
    expect(error).toMatchObject({ code: 'missing_columns', status: 400 });
    expect((error as Error).message).toContain('轮次, 样品编号, 采样开始时间');
  });

  it('calls a header without data rows empty_file', async () => {
    await expect(validate(Buffer.from(templateCsv('zh').split('\r\n')[0]!))).rejects.toMatchObject({
      code: 'empty_file',
    });
  });
});
