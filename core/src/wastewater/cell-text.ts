/** Printable ASCII with no space at either end and no run of spaces: NFKC and trimming change nothing. */
const ALREADY_FOLDED = /^(?:[!-~](?:[!-~]| (?! ))*[!-~]|[!-~])?$/;

/**
 * Folds the text of a spreadsheet cell to a comparable form: Unicode NFKC (full-width digits,
 * letters, brackets and `＜` become ASCII, `µ` becomes `μ`, `³` becomes `3`), a leading BOM and
 * surrounding whitespace removed, inner runs of whitespace collapsed. Plain ASCII cells (most of
 * a file) are returned as they are without normalising: NFKC leaves printable ASCII unchanged.
 */
export function foldCellText(text: string): string {
  if (ALREADY_FOLDED.test(text)) return text;
  return text
    .replace(/^\uFEFF/, '')
    .normalize('NFKC')
    .replace(/\s+/g, ' ')
    .trim();
}
