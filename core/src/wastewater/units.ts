import { foldCellText } from './cell-text';
import { parseFailure, parsedValue, type Parsed } from './parsed';

/** The concentration units a lab may write, by their canonical spelling. */
export type ConcentrationUnit = 'ng/L' | 'µg/L' | 'mg/L' | 'mg/m³' | 'ng/mL';

/** How many ng/L one of each unit is: 1 µg/L = 1 mg/m³ = 1 ng/mL = 1000 ng/L. */
export const NG_PER_L_PER_UNIT: Readonly<Record<ConcentrationUnit, number>> = {
  'ng/L': 1,
  'µg/L': 1_000,
  'mg/L': 1_000_000,
  'mg/m³': 1_000,
  'ng/mL': 1_000,
};

// Spellings after folding (NFKC turns µ into Greek μ and ³ into 3; lower case; no spaces).
const SPELLINGS: Readonly<Record<string, ConcentrationUnit>> = {
  'ng/l': 'ng/L',
  'ngl-1': 'ng/L',
  ngperl: 'ng/L',
  '纳克/升': 'ng/L',
  'ng/升': 'ng/L',
  ngl: 'ng/L',
  'μg/l': 'µg/L',
  'ug/l': 'µg/L',
  'mcg/l': 'µg/L',
  'μgl-1': 'µg/L',
  'ugl-1': 'µg/L',
  ugl: 'µg/L',
  '微克/升': 'µg/L',
  'μg/升': 'µg/L',
  'ug/升': 'µg/L',
  'mg/l': 'mg/L',
  'mgl-1': 'mg/L',
  '毫克/升': 'mg/L',
  'mg/m3': 'mg/m³',
  'mgm-3': 'mg/m³',
  '毫克/立方米': 'mg/m³',
  'mg/立方米': 'mg/m³',
  'g/m3': 'mg/L',
  'ng/ml': 'ng/mL',
  'ngml-1': 'ng/mL',
  '纳克/毫升': 'ng/mL',
};

/**
 * Reads a unit cell. Accepts the canonical spellings, `ug/L`, `μg/L` (Greek mu) or `µg/L`
 * (micro sign), full-width forms and the Chinese names (`纳克/升`, `微克/升`, `毫克/立方米`).
 * @example resolveConcentrationUnit('微克/升') // { ok: true, value: 'µg/L' }
 */
export function resolveConcentrationUnit(text: string): Parsed<ConcentrationUnit> {
  const key = foldCellText(text).toLowerCase().replace(/\s+/g, '').replace(/[·⋅]/g, '');
  const unit = SPELLINGS[key];
  return unit ? parsedValue(unit) : parseFailure('impossible_unit', text.trim());
}

/**
 * Converts a concentration to ng/L.
 * @example toNgPerL(0.2, 'µg/L') // 200
 */
export function toNgPerL(value: number, unit: ConcentrationUnit): number {
  return value * NG_PER_L_PER_UNIT[unit];
}

/** Reads the unit text and converts in one step; an unknown unit is `impossible_unit`. */
export function concentrationToNgPerL(value: number, unitText: string): Parsed<number> {
  const unit = resolveConcentrationUnit(unitText);
  return unit.ok ? parsedValue(toNgPerL(value, unit.value)) : unit;
}
