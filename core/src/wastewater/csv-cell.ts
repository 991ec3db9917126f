/**
 * Makes a value safe to write into a CSV cell that Excel or WPS will open: a text starting with
 * `=`, `+`, `-`, `@`, tab or carriage return would be run as a formula (CSV injection, OWASP),
 * so it gets a leading `'`; then the cell is quoted when it holds a comma, quote or line break.
 * Plain numbers are written as they are, so a negative value stays a number.
 * @example csvCell('=HYPERLINK("http://x","y")') // `"'=HYPERLINK(""http://x"",""y"")"`
 */
export function csvCell(value: string | number | boolean | Date | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return value.toISOString();
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV line (CRLF-terminated) of safe cells. */
export function csvLine(values: readonly (string | number | boolean | Date | null | undefined)[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
