import { foldCellText } from './cell-text';
import { parseFailure, parsedValue, type Parsed } from './parsed';

/** How a result relates to the method's limits; stored apart from the value (docs/design.md §3). */
export const QUALIFIERS = ['=', '<LOD', '<LOQ', '>ULOQ', 'ND'] as const;
export type Qualifier = (typeof QUALIFIERS)[number];

/** A result as stored: how it relates to the method's limits, its value and the limits, in ng/L. */
export interface StoredResultValue {
  qualifier: Qualifier;
  /** Only for `=`. */
  valueNgL: number | null;
  lodNgL: number | null;
  loqNgL: number | null;
  /** Top of the calibrated range, for `>ULOQ`. */
  uloqNgL: number | null;
}

export interface LabValue {
  /** Only for `=`: a non-detect or censored result never carries a number. */
  valueNgL?: number;
  qualifier: Qualifier;
  /** The limit written in the cell itself (`<5`, `>5000`), in ng/L. */
  limitNgL?: number;
}

const WORDS: Readonly<Record<string, Qualifier>> = {
  nd: 'ND',
  'n.d.': 'ND',
  'n.d': 'ND',
  'n/d': 'ND',
  'not detected': 'ND',
  未检出: 'ND',
  未检测到: 'ND',
  '<lod': '<LOD',
  '<dl': '<LOD',
  '<mdl': '<LOD',
  bdl: '<LOD',
  'below lod': '<LOD',
  低于检出限: '<LOD',
  小于检出限: '<LOD',
  '<检出限': '<LOD',
  '<loq': '<LOQ',
  '<lloq': '<LOQ',
  bloq: '<LOQ',
  'below loq': '<LOQ',
  低于定量限: '<LOQ',
  小于定量限: '<LOQ',
  '<定量限': '<LOQ',
  检出未定量: '<LOQ',
  '>uloq': '>ULOQ',
  '>loq': '>ULOQ',
  'above uloq': '>ULOQ',
  高于定量上限: '>ULOQ',
  超出定量上限: '>ULOQ',
  超出线性范围: '>ULOQ',
};

/**
 * Reads a number as labs write it: `1234.5`, `1,234.5`, full-width `１２３`, `1.2E3`.
 * Commas are taken only as thousands separators (groups of three); `1,5` is not a number.
 * Never evaluates anything: `=1+2` is not a number.
 * @example parseLabNumber('1,234.5') // { ok: true, value: 1234.5 }
 */
export function parseLabNumber(cell: string | number): Parsed<number> {
  if (typeof cell === 'number')
    return Number.isFinite(cell) ? parsedValue(cell) : parseFailure('invalid_number', String(cell));
  const text = foldCellText(cell).replace(/[\s']/g, '');
  if (text === '') return parseFailure('missing_value');
  const plain = text.replace(
    /^([+-]?)(\d{1,3}(?:,\d{3})+)(\.\d+)?$/,
    (_, sign: string, int: string, frac = '') => sign + int.replace(/,/g, '') + frac,
  );
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(plain))
    return parseFailure('invalid_number', cell.trim());
  const value = Number(plain);
  // `1e309` matches the pattern but is Infinity in a double: not a number a lab measured.
  if (!Number.isFinite(value)) return parseFailure('invalid_number', cell.trim());
  return parsedValue(value);
}

/**
 * Reads a value cell into a qualifier and, for a quantified result, the value in ng/L.
 * `<LOQ`, `<LOD`, `ND`, `n.d.`, `未检出`, `低于定量限` become qualifiers without a number;
 * `<5` means below a limit of 5 (in the row's unit) and is read as `<LOQ` with that limit;
 * `>5000` or `>ULOQ` is above the calibrated range. A negative number is `negative_value`.
 * @param ngPerLPerUnit how many ng/L one unit of the row's unit is (1 for ng/L, 1000 for µg/L).
 * @example parseLabValue('<5', 1000) // { ok: true, value: { qualifier: '<LOQ', limitNgL: 5000 } }
 */
export function parseLabValue(cell: string | number | null | undefined, ngPerLPerUnit = 1): Parsed<LabValue> {
  if (cell === null || cell === undefined) return parseFailure('missing_value');
  if (typeof cell === 'number') return quantified(cell, ngPerLPerUnit, String(cell));
  const text = foldCellText(cell);
  if (text === '') return parseFailure('missing_value');
  const lower = text
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/\s*([<>])\s*/g, '$1');
  const word = WORDS[lower] ?? WORDS[lower.replace(/[()（）]/g, '')];
  if (word) return parsedValue({ qualifier: word });

  const bound = /^(<=?|≤|>=?|≥)(.+)$/.exec(lower);
  if (bound) {
    const limit = parseLabNumber(bound[2]!);
    if (!limit.ok) return parseFailure('invalid_number', text);
    if (limit.value < 0 || Object.is(limit.value, -0)) return parseFailure('negative_value', text);
    if (!Number.isFinite(limit.value * ngPerLPerUnit)) return parseFailure('invalid_number', text);
    const above = bound[1]!.startsWith('>') || bound[1] === '≥';
    return parsedValue({ qualifier: above ? '>ULOQ' : '<LOQ', limitNgL: limit.value * ngPerLPerUnit });
  }
  return quantified(text, ngPerLPerUnit, text);
}

function quantified(cell: string | number, ngPerLPerUnit: number, found: string): Parsed<LabValue> {
  const number = parseLabNumber(cell);
  if (!number.ok) return number.code === 'missing_value' ? number : parseFailure('invalid_number', found);
  // `-0` is a negative sign on nothing: refused like any negative value.
  if (number.value < 0 || Object.is(number.value, -0)) return parseFailure('negative_value', found);
  const valueNgL = number.value * ngPerLPerUnit;
  if (!Number.isFinite(valueNgL)) return parseFailure('invalid_number', found);
  return parsedValue({ qualifier: '=', valueNgL });
}
