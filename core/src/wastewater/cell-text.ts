/**
 * Folds the text of a spreadsheet cell to a comparable form: Unicode NFKC (full-width digits,
 * letters, brackets and `＜` become ASCII, `µ` becomes `μ`, `³` becomes `3`), a leading BOM and
 * surrounding whitespace removed, inner runs of whitespace collapsed.
 */
export function foldCellText(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .normalize('NFKC')
    .replace(/\s+/g, ' ')
    .trim();
}
