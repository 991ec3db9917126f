import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { detectTextEncoding, readLabFile, sniffFileKind, type LabFileRow } from './lab-file';
import { LabFileError } from './lab-file-error';

async function* chunksOf(bytes: Uint8Array, size = 1000): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function readAll(bytes: Uint8Array, maxBytes?: number): Promise<LabFileRow[]> {
  const rows: LabFileRow[] = [];
  for await (const row of readLabFile(chunksOf(bytes), maxBytes === undefined ? {} : { maxBytes }))
    rows.push(row);
  return rows;
}

async function refusal(bytes: Uint8Array, maxBytes?: number): Promise<LabFileError> {
  try {
    await readAll(bytes, maxBytes);
  } catch (error) {
    if (error instanceof LabFileError) return error;
    throw error;
  }
  throw new Error('expected the file to be refused');
}

const CSV = '采样点编码,检测项目,浓度\r\nHK-01,甲基苯丙胺,200\r\n\r\nHK-02,"氯胺酮, K粉",未检出\r\n';
const EXPECTED = [
  { rowNumber: 1, cells: ['采样点编码', '检测项目', '浓度'] },
  { rowNumber: 2, cells: ['HK-01', '甲基苯丙胺', '200'] },
  { rowNumber: 4, cells: ['HK-02', '氯胺酮, K粉', '未检出'] },
];

describe('reading uploaded tables', () => {
  it('reads UTF-8 CSV with and without a BOM, keeping spreadsheet row numbers', async () => {
    expect(await readAll(Buffer.from(CSV, 'utf8'))).toEqual(EXPECTED);
    expect(await readAll(Buffer.from(`\uFEFF${CSV}`, 'utf8'))).toEqual(EXPECTED);
  });

  it('reads GBK from an old Chinese Excel', async () => {
    const gbk = iconv.encode(CSV, 'gbk');
    expect(detectTextEncoding(gbk)).toBe('gb18030');
    expect(await readAll(gbk)).toEqual(EXPECTED);
  });

  it('reads UTF-16LE tab-separated "Unicode text" from Excel', async () => {
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(
        '采样点编码\t检测项目\t浓度\r\nHK-01\t甲基苯丙胺\t200\r\n\r\nHK-02\t"氯胺酮, K粉"\t未检出\r\n',
        'utf16le',
      ),
    ]);
    expect(detectTextEncoding(utf16)).toBe('utf-16le');
    expect(await readAll(utf16)).toEqual(EXPECTED);
  });

  it('does not split a character cut between two chunks', async () => {
    const rows: LabFileRow[] = [];
    for await (const row of readLabFile(chunksOf(Buffer.from(CSV, 'utf8'), 7))) rows.push(row);
    expect(rows).toEqual(EXPECTED);
  });

  it('completes characters cut between reads past the first 64 KiB, whatever the read size', async () => {
    const body = Array.from({ length: 5_000 }, (_, i) => `HK-${i},甲基苯丙胺,${i}\r\n`).join('');
    const bytes = Buffer.from(`采样点编码,检测项目,浓度\r\n${body}`, 'utf8');
    for (const size of [1, 7, 4096]) {
      const rows: LabFileRow[] = [];
      for await (const row of readLabFile(chunksOf(bytes, size))) rows.push(row);
      expect(rows).toHaveLength(5_001);
      expect(rows[4_000]).toEqual({ rowNumber: 4_001, cells: ['HK-3999', '甲基苯丙胺', '3999'] });
    }
  });

  it('says invalid_encoding for a UTF-8 file that ends inside a character', async () => {
    const start = Buffer.from('a,b\r\n' + '1,2\r\n'.repeat(20_000) + '3,', 'utf8');
    const cut = Buffer.from('甲', 'utf8').subarray(0, 2);
    expect(await refusal(Buffer.concat([start, cut]))).toMatchObject({ code: 'invalid_encoding' });
  });

  it('says invalid_encoding when GBK bytes appear after a UTF-8-looking start', async () => {
    const asciiStart = Buffer.from('a,b\r\n' + '1,2\r\n'.repeat(20_000));
    const bytes = Buffer.concat([asciiStart, iconv.encode('甲基苯丙胺,3\r\n', 'gbk')]);
    expect(await refusal(bytes)).toMatchObject({ code: 'invalid_encoding', status: 400 });
  });

  it('refuses a PNG or a PDF renamed .csv as not_a_table', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(sniffFileKind(png)).toBe('binary');
    expect(await refusal(png)).toMatchObject({ code: 'not_a_table', status: 415 });
    expect(await refusal(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj', 'latin1'))).toMatchObject({
      code: 'not_a_table',
    });
  });

  it('refuses an old binary .xls with advice to save as .xlsx', async () => {
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    const error = await refusal(ole);
    expect(error.code).toBe('legacy_xls');
    expect(error.message).toContain('.xlsx');
  });

  it('refuses an empty file, or one with only blank lines, as empty_file', async () => {
    expect(await refusal(new Uint8Array())).toMatchObject({ code: 'empty_file', status: 400 });
    expect(await refusal(Buffer.from('\r\n , \r\n'))).toMatchObject({ code: 'empty_file' });
  });

  it('refuses a file beyond the size limit as soon as the limit is crossed', async () => {
    expect(await refusal(Buffer.from(CSV.repeat(100)), 1000)).toMatchObject({
      code: 'file_too_large',
      status: 413,
    });
  });

  it('refuses a CSV with an unclosed quote as malformed_csv', async () => {
    expect(await refusal(Buffer.from('a,b\r\n1,"2\r\n3,4\r\n'))).toMatchObject({ code: 'malformed_csv' });
  });

  it('reads the first sheet of an XLSX: text, numbers, dates, and formulas as their text', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('结果');
    sheet.addRow(['采样点编码', '采样开始时间', '浓度', '检测机构', '备注']);
    sheet.addRow([
      'HK-01',
      new Date(Date.UTC(2025, 2, 24, 8, 0)),
      200,
      { formula: 'HYPERLINK("http://evil.example","点击")', result: '点击' },
      { richText: [{ text: '富' }, { text: '文本' }] },
    ]);
    sheet.getCell('B2').numFmt = 'yyyy-mm-dd hh:mm';
    workbook.addWorksheet('第二页').addRow(['not', 'read']);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    expect(sniffFileKind(bytes)).toBe('xlsx');

    const rows = await readAll(bytes);
    expect(rows).toEqual([
      { rowNumber: 1, cells: ['采样点编码', '采样开始时间', '浓度', '检测机构', '备注'] },
      {
        rowNumber: 2,
        cells: [
          'HK-01',
          new Date(Date.UTC(2025, 2, 24, 8, 0)),
          200,
          '=HYPERLINK("http://evil.example","点击")',
          '富文本',
        ],
      },
    ]);
  });

  it('refuses a ZIP that is not a workbook as not_a_table', async () => {
    const workbook = new ExcelJS.Workbook();
    const zip = new Uint8Array(await workbook.xlsx.writeBuffer());
    // A workbook without sheets has no worksheet entries: nothing to read.
    expect(await refusal(zip)).toMatchObject({ code: 'not_a_table' });
  });

  it('streams a 200,000-row CSV: the first row comes before the file is read, and the heap stays flat', async () => {
    const totalRows = 200_000;
    let producedRows = 0;
    async function* generated(): AsyncGenerator<Uint8Array> {
      yield Buffer.from('site_code,round,sample_id,analyte,value,unit,lab\r\n');
      while (producedRows < totalRows) {
        let chunk = '';
        for (let i = 0; i < 1000; i++, producedRows++) {
          chunk += `HK-${producedRows % 120},2025年第${producedRows % 6}轮,S-${producedRows},METH,${(producedRows % 997) / 3},ng/L,海南省检测中心实验室 ${producedRows}\r\n`;
        }
        yield Buffer.from(chunk);
      }
    }
    let rows = 0;
    let producedAtFirstDataRow = -1;
    let maxRowsInFlight = 0;
    for await (const row of readLabFile(generated())) {
      if (row.rowNumber === 2) producedAtFirstDataRow = producedRows;
      rows++;
      maxRowsInFlight = Math.max(maxRowsInFlight, producedRows - rows);
    }
    expect(rows).toBe(totalRows + 1);
    expect(producedAtFirstDataRow).toBeLessThan(5_000);
    // Back-pressure: rows produced but not yet consumed stay a few stream buffers' worth (not the
    // file): what is held in memory is bounded whatever the file's length. (Counted in rows, not
    // by sampling the heap, which depends on when the collector runs.)
    expect(maxRowsInFlight).toBeLessThan(10_000);
  }, 60_000);
});
