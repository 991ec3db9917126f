import { isUtf8 } from 'node:buffer';
import { pipeline, Readable } from 'node:stream';
import { parse as parseCsv, type CsvError } from 'csv-parse';
import iconv from 'iconv-lite';
import { LabFileError } from './lab-file-error';
import type { LabCell } from './lab-rows';

/** One row of an uploaded table, numbered as the spreadsheet numbers it (first row = 1). */
export interface LabFileRow {
  rowNumber: number;
  cells: LabCell[];
}

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

/** What the first bytes of an upload say it is, whatever its name. */
export type SniffedKind = 'xlsx' | 'text' | 'legacy_xls' | 'binary';

export interface ReadLabFileOptions {
  /** Refuse the upload once more bytes than this have arrived (default 200 MiB). */
  maxBytes?: number;
}

export const DEFAULT_MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

/** How much of the start of a file is examined for its kind and encoding. */
const SNIFF_BYTES = 64 * 1024;

const BINARY_MAGIC: readonly (readonly number[])[] = [
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0x25, 0x50, 0x44, 0x46], // %PDF
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF8
  [0x1f, 0x8b], // gzip
  [0x37, 0x7a, 0xbc, 0xaf], // 7z
  [0x52, 0x61, 0x72, 0x21], // Rar!
  [0x7f, 0x45, 0x4c, 0x46], // ELF
  [0x4d, 0x5a], // MZ (Windows executable)
];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.length <= bytes.length && magic.every((b, i) => bytes[i] === b);
}

/**
 * Tells an XLSX (a ZIP: `PK\x03\x04`), an old binary .xls (OLE2), other binary content (PNG, PDF,
 * executables, or text-like bytes with NULs or many control characters) and text.
 */
export function sniffFileKind(head: Uint8Array): SniffedKind {
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return 'xlsx';
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'legacy_xls';
  if (BINARY_MAGIC.some((magic) => startsWith(head, magic))) return 'binary';
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) return 'text';
  let control = 0;
  for (const byte of head) {
    if (byte === 0) return 'binary';
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) control++;
  }
  return control > head.length / 100 ? 'binary' : 'text';
}

/**
 * The encoding of a text upload: a UTF-16 or UTF-8 BOM decides; otherwise UTF-8 when the sample
 * is valid UTF-8, and GB18030 (a superset of GBK, what a Chinese Excel writes for "CSV") when not.
 * @param sample the first bytes; a character cut at its end is not an error.
 */
export function detectTextEncoding(sample: Uint8Array): TextEncoding {
  if (startsWith(sample, [0xff, 0xfe])) return 'utf-16le';
  if (startsWith(sample, [0xfe, 0xff])) return 'utf-16be';
  if (startsWith(sample, [0xef, 0xbb, 0xbf])) return 'utf-8';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/**
 * Reads an uploaded CSV or XLSX as a stream of rows, deciding the kind from the content (not the
 * name) and the text encoding from the bytes. Rows are yielded as they are read: memory stays
 * flat however long the file. Blank rows are skipped but keep their numbers.
 * Throws `LabFileError` with `empty_file`, `not_a_table`, `legacy_xls`, `invalid_encoding`,
 * `malformed_csv` or `file_too_large`.
 */
export async function* readLabFile(
  source: AsyncIterable<Uint8Array>,
  options: ReadLabFileOptions = {},
): AsyncGenerator<LabFileRow> {
  const counted = limitBytes(source, options.maxBytes ?? DEFAULT_MAX_UPLOAD_BYTES);
  const { head, rest } = await peek(counted, SNIFF_BYTES);
  if (head.length === 0) throw new LabFileError('empty_file');
  const kind = sniffFileKind(head);
  if (kind === 'legacy_xls') throw new LabFileError('legacy_xls');
  if (kind === 'binary') throw new LabFileError('not_a_table');
  const whole = prepend(head, rest);
  let rows = 0;
  const reader = kind === 'xlsx' ? readXlsxRows(whole) : readCsvRows(whole, detectTextEncoding(head));
  for await (const row of reader) {
    if (row.cells.every(isBlankCell)) continue;
    rows++;
    yield row;
  }
  if (rows === 0) throw new LabFileError('empty_file');
}

/**
 * The longest row accepted, in characters (a results row is a few hundred): a giant cell would
 * be held whole and copied through every check, stalling the server for seconds.
 */
export const LAB_ROW_MAX_CHARS = 64 * 1024;
const rowTooLong = (row: number) =>
  new LabFileError('file_too_large', {
    row,
    found: `row ${row} is over ${LAB_ROW_MAX_CHARS / 1024} KiB (a cell too long)`,
  });

/** Reads delimited text (comma, tab or semicolon, guessed from the first line) in an encoding. */
export async function* readCsvRows(
  source: AsyncIterable<Uint8Array>,
  encoding: TextEncoding,
): AsyncGenerator<LabFileRow> {
  // csv-parse reads UTF-8 bytes: a UTF-8 file goes in as read (checked, never decoded to text
  // and encoded back); other encodings are decoded and encoded as UTF-8.
  const bytes = encoding === 'utf-8' ? checkedUtf8(source) : utf8Of(decodeText(source, encoding));
  const first = await bytes.next();
  if (first.done) return;
  const delimiter = guessDelimiter(new TextDecoder('utf-8').decode(first.value));
  const parser = parseCsv({
    delimiter,
    bom: true,
    relax_column_count: true,
    skip_empty_lines: false,
    max_record_size: LAB_ROW_MAX_CHARS,
  });
  const input = Readable.from(prepend(first.value, bytes), { objectMode: false });
  pipeline(input, parser, () => {
    // errors surface through the parser's async iterator below
  });
  let rowNumber = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      rowNumber++;
      yield { rowNumber, cells: record };
    }
  } catch (error) {
    if (error instanceof LabFileError) throw error;
    if (isCsvError(error) && error.code === 'CSV_MAX_RECORD_SIZE') throw rowTooLong(rowNumber + 1);
    if (isCsvError(error)) throw new LabFileError('malformed_csv', { row: rowNumber + 1, found: error.code });
    throw error;
  } finally {
    input.destroy();
  }
}

/**
 * An XLSX is loaded whole by ExcelJS, which holds ~8-9 bytes of memory per byte of XML (measured:
 * 70 MB of sheet XML took 600 MB). So a workbook is refused beyond XLSX_MAX_XML_BYTES of XML in
 * all (about 34,000 rows of a results sheet, +140 MB while read); larger: save as CSV, which is
 * read row by row. The compressed file may not exceed that either (a stored, uncompressed zip).
 */
export const XLSX_MAX_XML_BYTES = 16 * 1024 * 1024;
export const XLSX_MAX_BYTES = XLSX_MAX_XML_BYTES;
const XLSX_MAX_ENTRIES = 1_000;
const tooMuchXml = () =>
  new LabFileError('file_too_large', {
    found: `XLSX > ${XLSX_MAX_XML_BYTES / 1024 / 1024} MB of content (about 30,000 rows): save it as CSV`,
  });

/**
 * Reads the first worksheet of an XLSX. Formula cells are given as their formula text
 * (`=HYPERLINK(...)`), never their computed result; rich text and hyperlinks as their text; date
 * cells as `Date` (UTC fields = wall-clock time).
 *
 * The workbook is loaded whole (ExcelJS's streaming reader fails now and then on files whose
 * xl/workbook.xml comes last, as ExcelJS itself writes them), within a memory budget a zip header
 * cannot lie past: every entry is first inflated (and thrown away) counting its real bytes, and
 * the workbook refused beyond XLSX_MAX_XML_BYTES, before ExcelJS sees it.
 */
export async function* readXlsxRows(source: AsyncIterable<Uint8Array>): AsyncGenerator<LabFileRow> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of source) {
    total += chunk.length;
    if (total > XLSX_MAX_BYTES) throw tooMuchXml();
    chunks.push(chunk);
  }
  const buffer = Buffer.concat(chunks);
  chunks.length = 0;
  await assertWithinXmlBudget(buffer);
  // Loaded only for an XLSX: ExcelJS costs ~27 MB of memory that a CSV import does not need.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch (error) {
    throw new LabFileError('not_a_table', {
      found: error instanceof Error ? error.message.slice(0, 120) : undefined,
    });
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new LabFileError('not_a_table');
  const rows: LabFileRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as unknown[];
    const cells: LabCell[] = [];
    let chars = 0;
    for (let i = 1; i < values.length; i++) {
      const cell = xlsxCell(values[i]);
      if (typeof cell === 'string') chars += cell.length;
      cells.push(cell);
    }
    if (chars > LAB_ROW_MAX_CHARS) throw rowTooLong(rowNumber);
    rows.push({ rowNumber, cells });
  });
  // The rows are all that is kept while they are checked and stored: the workbook can go.
  workbook.removeWorksheet(sheet.id);
  yield* rows;
}

/**
 * Refuses a zip with too many entries, or whose entries inflate to more than XLSX_MAX_XML_BYTES:
 * first by what its directory declares (no inflating), then by inflating each entry through
 * yauzl, which fails an entry that inflates beyond its declared size (a header that lies).
 */
async function assertWithinXmlBudget(buffer: Buffer): Promise<void> {
  const { default: yauzl } = await import('yauzl');
  await new Promise<void>((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: true }, (error, zip) => {
      if (error || !zip)
        return reject(new LabFileError('not_a_table', { found: error?.message.slice(0, 120) }));
      let entries = 0;
      let declared = 0;
      let inflated = 0;
      const fail = (e: Error) => {
        zip.close();
        reject(e);
      };
      zip.on('entry', (entry: import('yauzl').Entry) => {
        entries++;
        declared += entry.uncompressedSize;
        if (entries > XLSX_MAX_ENTRIES || declared > XLSX_MAX_XML_BYTES) return fail(tooMuchXml());
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        zip.openReadStream(entry, (openError, stream) => {
          if (openError || !stream)
            return fail(new LabFileError('not_a_table', { found: openError?.message.slice(0, 120) }));
          stream.on('data', (chunk: Buffer) => {
            inflated += chunk.length;
            if (inflated > XLSX_MAX_XML_BYTES) {
              stream.destroy();
              fail(tooMuchXml());
            }
          });
          stream.on('error', (streamError: Error) =>
            fail(
              /too many bytes|exceeded|size/i.test(streamError.message)
                ? tooMuchXml()
                : new LabFileError('not_a_table', { found: streamError.message.slice(0, 120) }),
            ),
          );
          stream.on('end', () => zip.readEntry());
        });
      });
      zip.on('end', () => resolve());
      zip.on('error', (zipError: Error) =>
        fail(new LabFileError('not_a_table', { found: zipError.message.slice(0, 120) })),
      );
      zip.readEntry();
    });
  });
}

function xlsxCell(value: unknown): LabCell {
  if (value === null || value === undefined) return null;
  if (
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    value instanceof Date
  )
    return value;
  if (typeof value === 'object') {
    const cell = value as Record<string, unknown>;
    if (typeof cell.formula === 'string') return `=${cell.formula}`;
    if (typeof cell.sharedFormula === 'string') return `=${cell.sharedFormula}`;
    if (Array.isArray(cell.richText))
      return cell.richText.map((part: { text?: string }) => part.text ?? '').join('');
    if (typeof cell.text === 'string') return cell.text;
    if (typeof cell.error === 'string') return cell.error;
  }
  return String(value);
}

/**
 * The bytes of a UTF-8 stream as they come, checked: invalid UTF-8 anywhere is
 * `invalid_encoding`. A character cut between two chunks is completed from the next one.
 */
async function* checkedUtf8(source: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  const invalid = () => new LabFileError('invalid_encoding', { found: 'utf-8' });
  let carry: Buffer | null = null;
  for await (const chunk of source) {
    let bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (carry !== null) {
      // Complete the cut character from this chunk's first bytes.
      const need = utf8SequenceLength(carry[0]!) - carry.length;
      if (bytes.length < need) {
        carry = Buffer.concat([carry, bytes]);
        continue;
      }
      const joined = Buffer.concat([carry, bytes.subarray(0, need)]);
      carry = null;
      if (!isUtf8(joined)) throw invalid();
      yield joined;
      bytes = bytes.subarray(need);
    }
    const end = completeUtf8Length(bytes);
    if (!isUtf8(bytes.subarray(0, end))) throw invalid();
    if (end < bytes.length) carry = Buffer.from(bytes.subarray(end)); // 1-3 bytes, copied
    if (end > 0) yield bytes.subarray(0, end);
  }
  if (carry !== null) throw invalid();
}

/** Bytes in a UTF-8 sequence that starts with this byte (1 for a byte that cannot start one). */
function utf8SequenceLength(lead: number): number {
  if ((lead & 0xe0) === 0xc0) return 2;
  if ((lead & 0xf0) === 0xe0) return 3;
  if ((lead & 0xf8) === 0xf0) return 4;
  return 1;
}

/** The length of `bytes` without a multi-byte character cut at its end. */
function completeUtf8Length(bytes: Uint8Array): number {
  for (let i = bytes.length - 1; i >= 0 && i >= bytes.length - 4; i--) {
    const byte = bytes[i]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back
    return i + utf8SequenceLength(byte) > bytes.length ? i : bytes.length;
  }
  return bytes.length; // no lead byte in the last four: isUtf8 refuses it
}

async function* utf8Of(text: AsyncIterable<string>): AsyncGenerator<Buffer> {
  for await (const part of text) yield Buffer.from(part, 'utf8');
}

async function* decodeText(
  source: AsyncIterable<Uint8Array>,
  encoding: TextEncoding,
): AsyncGenerator<string> {
  if (encoding === 'utf-8' || encoding === 'utf-16le') {
    const decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: false });
    try {
      for await (const chunk of source) {
        const text = decoder.decode(chunk, { stream: true });
        if (text) yield text;
      }
      const tail = decoder.decode();
      if (tail) yield tail;
    } catch (error) {
      if (error instanceof TypeError) throw new LabFileError('invalid_encoding', { found: encoding });
      throw error;
    }
    return;
  }
  const decoder = iconv.getDecoder(encoding);
  for await (const chunk of source) {
    const text = decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if (text) yield text.replace(/^\uFEFF/, '');
  }
  const tail = decoder.end();
  if (tail) yield tail;
}

function guessDelimiter(start: string): string {
  const firstLine = start.slice(0, start.search(/\r?\n|$/));
  const count = (ch: string) => firstLine.split(ch).length - 1;
  const candidates: [string, number][] = [
    [',', count(',')],
    ['\t', count('\t')],
    [';', count(';')],
  ];
  candidates.sort((a, b) => b[1] - a[1]);
  return candidates[0]![1] > 0 ? candidates[0]![0] : ',';
}

function isBlankCell(cell: LabCell): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

// csv-parse's errors are CsvError instances; their codes are CSV_* and also INVALID_* (e.g.
// INVALID_OPENING_QUOTE for `=HYPERLINK("…")` unquoted): recognise the class, not a prefix.
function isCsvError(error: unknown): error is CsvError {
  return error instanceof Error && error.constructor.name === 'CsvError';
}

async function* limitBytes(source: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.byteLength;
    if (total > maxBytes) throw new LabFileError('file_too_large', { found: `> ${maxBytes} bytes` });
    yield chunk;
  }
}

/** Reads at least `bytes` bytes (or all) from the start, and gives back the rest untouched. */
async function peek(
  source: AsyncIterable<Uint8Array>,
  bytes: number,
): Promise<{ head: Uint8Array; rest: AsyncIterator<Uint8Array> }> {
  const iterator = source[Symbol.asyncIterator]();
  const parts: Uint8Array[] = [];
  let length = 0;
  while (length < bytes) {
    const next = await iterator.next();
    if (next.done) break;
    parts.push(next.value);
    length += next.value.byteLength;
  }
  return { head: Buffer.concat(parts), rest: iterator };
}

async function* prepend<T>(first: T, rest: AsyncIterator<T>): AsyncGenerator<T> {
  yield first;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}
