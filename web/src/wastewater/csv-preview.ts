/**
 * The first rows of a CSV file for the upload preview, split into cells (RFC 4180: quoted
 * cells may hold commas, doubled quotes and line breaks). A leading BOM is dropped.
 * Only for display: the server's parser is the one that counts.
 * @example parseCsvPreview('a,b\n1,"x,y"\n', 10) // [['a','b'],['1','x,y']]
 */
export function parseCsvPreview(text: string, maxRows: number): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let index = 0; index < source.length && rows.length < maxRows; index++) {
    const char = source[index];
    if (quoted) {
      if (char === '"' && source[index + 1] === '"') {
        cell += '"';
        index++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"' && cell === '') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[index + 1] === '\n') index++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += char;
  }
  if ((cell !== '' || row.length > 0) && rows.length < maxRows) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** Where each problem points: spreadsheet row (header = 1) → the column names it names (null = whole row). */
export function errorCellsByRow(
  errors: readonly { row: number | null; column: string | null }[],
): Map<number, Set<string | null>> {
  const byRow = new Map<number, Set<string | null>>();
  for (const error of errors) {
    if (error.row === null) continue;
    const columns = byRow.get(error.row) ?? new Set<string | null>();
    columns.add(error.column);
    byRow.set(error.row, columns);
  }
  return byRow;
}
