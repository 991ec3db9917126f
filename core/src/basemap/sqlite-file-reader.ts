import fs from 'node:fs';

/**
 * A read-only reader of SQLite database files (https://www.sqlite.org/fileformat2.html), enough
 * to walk an ordinary table row by row: the schema, table B-tree pages, records and overflow
 * chains. Pages are read one at a time from the open file, so a multi-gigabyte file is walked
 * with a few pages in memory (the path from the root to the current leaf, and the current row).
 * WITHOUT ROWID tables (index B-trees) and UTF-16 databases are refused.
 */

export type SqliteValue = null | number | bigint | string | Uint8Array;

export interface SqliteSchemaEntry {
  type: 'table' | 'index' | 'view' | 'trigger' | string;
  name: string;
  tableName: string;
  rootPage: number;
  sql: string | null;
}

const MAGIC = 'SQLite format 3\0';

/** Page types (the first byte of a B-tree page header). */
const INTERIOR_TABLE = 5;
const LEAF_TABLE = 13;

export class SqliteFormatError extends Error {}

export function looksLikeSqlite(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, MAGIC.length)).toString('latin1') === MAGIC;
}

/** A varint (1-9 bytes, big-endian, seven bits a byte, all eight in the ninth) at `at`. */
export function readSqliteVarint(bytes: Uint8Array, at: number): { value: bigint; next: number } {
  let value = 0n;
  for (let i = 0; i < 8; i++) {
    const byte = bytes[at + i]!;
    value = (value << 7n) | BigInt(byte & 0x7f);
    if ((byte & 0x80) === 0) return { value, next: at + i + 1 };
  }
  return { value: (value << 8n) | BigInt(bytes[at + 8]!), next: at + 9 };
}

function varintNumber(bytes: Uint8Array, at: number): { value: number; next: number } {
  const { value, next } = readSqliteVarint(bytes, at);
  return { value: Number(value), next };
}

/** The values of one record (header of serial types, then the values). */
export function decodeRecord(payload: Uint8Array): SqliteValue[] {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const { value: headerSize, next } = varintNumber(payload, 0);
  const types: number[] = [];
  for (let at = next; at < headerSize;) {
    const serial = varintNumber(payload, at);
    types.push(serial.value);
    at = serial.next;
  }
  const values: SqliteValue[] = [];
  let at = headerSize;
  for (const type of types) {
    if (type === 0) values.push(null);
    else if (type >= 1 && type <= 6) {
      const size = [0, 1, 2, 3, 4, 6, 8][type]!;
      let value = 0n;
      for (let i = 0; i < size; i++) value = (value << 8n) | BigInt(payload[at + i]!);
      if (value >= 1n << BigInt(size * 8 - 1)) value -= 1n << BigInt(size * 8);
      values.push(
        value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
          ? Number(value)
          : value,
      );
      at += size;
    } else if (type === 7) {
      values.push(view.getFloat64(at));
      at += 8;
    } else if (type === 8 || type === 9) values.push(type - 8);
    else if (type >= 12 && type % 2 === 0) {
      const size = (type - 12) / 2;
      values.push(payload.subarray(at, at + size));
      at += size;
    } else if (type >= 13) {
      const size = (type - 13) / 2;
      values.push(Buffer.from(payload.subarray(at, at + size)).toString('utf8'));
      at += size;
    } else throw new SqliteFormatError(`reserved serial type ${type}`);
  }
  return values;
}

/**
 * The column names of a `CREATE TABLE` statement, in order (table constraints left out). Enough
 * for the statements SQLite stores in its schema; not a general SQL parser.
 */
export function columnNamesOf(createTable: string): string[] {
  const open = createTable.indexOf('(');
  const close = createTable.lastIndexOf(')');
  if (open < 0 || close < open) return [];
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  let quote: string | null = null;
  for (const char of createTable.slice(open + 1, close)) {
    if (quote) {
      if (char === quote) quote = null;
    } else if (char === '"' || char === "'" || char === '`' || char === '[')
      quote = char === '[' ? ']' : char;
    else if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
      continue;
    }
    current += char;
  }
  parts.push(current);
  return parts
    .map((part) => part.trim())
    .filter((part) => part && !/^(constraint|primary|unique|check|foreign)\b/i.test(part))
    .map((part) => {
      const quoted = /^(["`[])(.*?)["`\]]/.exec(part);
      return (quoted ? quoted[2]! : part.split(/\s+/)[0]!).toLowerCase();
    });
}

export class SqliteFileReader {
  private constructor(
    private readonly handle: fs.promises.FileHandle,
    readonly pageSize: number,
    private readonly usableSize: number,
    readonly pageCount: number,
  ) {}

  static async open(file: string): Promise<SqliteFileReader> {
    const handle = await fs.promises.open(file, 'r');
    try {
      const header = Buffer.alloc(100);
      const { bytesRead } = await handle.read(header, 0, 100, 0);
      if (bytesRead < 100 || !looksLikeSqlite(header)) throw new SqliteFormatError('not an SQLite database');
      const rawPageSize = header.readUInt16BE(16);
      const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
      if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0)
        throw new SqliteFormatError(`page size ${pageSize}`);
      if (header.readUInt32BE(56) > 1) throw new SqliteFormatError('a UTF-16 database (UTF-8 expected)');
      const { size } = await handle.stat();
      return new SqliteFileReader(handle, pageSize, pageSize - header[20]!, Math.floor(size / pageSize));
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  private async page(pageNumber: number): Promise<Buffer> {
    if (pageNumber < 1 || pageNumber > this.pageCount)
      throw new SqliteFormatError(`page ${pageNumber} is outside the file (${this.pageCount} pages)`);
    const buffer = Buffer.alloc(this.pageSize);
    await this.handle.read(buffer, 0, this.pageSize, (pageNumber - 1) * this.pageSize);
    return buffer;
  }

  /** The schema table's rows (tables, indexes, views). */
  async schema(): Promise<SqliteSchemaEntry[]> {
    const entries: SqliteSchemaEntry[] = [];
    for await (const [type, name, tableName, rootPage, sql] of this.rows(1))
      entries.push({
        type: String(type),
        name: String(name),
        tableName: String(tableName),
        rootPage: Number(rootPage ?? 0),
        sql: typeof sql === 'string' ? sql : null,
      });
    return entries;
  }

  /**
   * Every row of the table named `table` as an object by column name (lower case), in rowid
   * order. An `INTEGER PRIMARY KEY` column reads as null here (SQLite keeps it as the rowid).
   */
  async *table(table: string): AsyncGenerator<Record<string, SqliteValue>> {
    const entry = (await this.schema()).find(
      (row) => row.type === 'table' && row.name.toLowerCase() === table.toLowerCase(),
    );
    if (!entry) throw new SqliteFormatError(`no table "${table}"`);
    const columns = columnNamesOf(entry.sql ?? '');
    for await (const values of this.rows(entry.rootPage)) {
      const row: Record<string, SqliteValue> = {};
      columns.forEach((column, i) => (row[column] = values[i] ?? null));
      yield row;
    }
  }

  /** The records of the table B-tree rooted at `rootPage`, depth first (rowid order). */
  async *rows(rootPage: number): AsyncGenerator<SqliteValue[]> {
    const page = await this.page(rootPage);
    const start = rootPage === 1 ? 100 : 0;
    const type = page[start]!;
    const cellCount = page.readUInt16BE(start + 3);
    const pointers = start + (type === INTERIOR_TABLE ? 12 : 8);
    if (type === INTERIOR_TABLE) {
      for (let i = 0; i < cellCount; i++) {
        const cell = page.readUInt16BE(pointers + 2 * i);
        yield* this.rows(page.readUInt32BE(cell));
      }
      yield* this.rows(page.readUInt32BE(start + 8));
      return;
    }
    if (type !== LEAF_TABLE)
      throw new SqliteFormatError(
        `page ${rootPage} is not a table page (type ${type}): WITHOUT ROWID tables are not read`,
      );
    for (let i = 0; i < cellCount; i++) {
      const cell = page.readUInt16BE(pointers + 2 * i);
      const payloadSize = varintNumber(page, cell);
      const rowid = varintNumber(page, payloadSize.next);
      yield decodeRecord(await this.payload(page, rowid.next, payloadSize.value));
    }
  }

  /** A cell's payload: the part on the page, then the overflow chain when it does not fit. */
  private async payload(page: Buffer, at: number, size: number): Promise<Uint8Array> {
    const usable = this.usableSize;
    const maxLocal = usable - 35;
    if (size <= maxLocal) return page.subarray(at, at + size);
    const minLocal = Math.floor(((usable - 12) * 32) / 255) - 23;
    const k = minLocal + ((size - minLocal) % (usable - 4));
    const local = k <= maxLocal ? k : minLocal;
    const payload = Buffer.alloc(size);
    page.copy(payload, 0, at, at + local);
    let filled = local;
    let next = page.readUInt32BE(at + local);
    while (filled < size) {
      if (next === 0) throw new SqliteFormatError('an overflow chain ends before its payload');
      const overflow = await this.page(next);
      const take = Math.min(usable - 4, size - filled);
      overflow.copy(payload, filled, 4, 4 + take);
      filled += take;
      next = overflow.readUInt32BE(0);
    }
    return payload;
  }
}
