import { describe, expect, it } from 'vitest';
import { ALERT_STATUSES } from '../../../core/src/alerts/alert-lifecycle';
import { ALERT_KINDS, ALERT_SEVERITIES } from '../../../core/src/alerts/alert-signal';
import type { ImageQcFlag } from '../../../core/src/survey/image-qc';
import { FINDING_OUTCOMES, FINDING_STATUSES } from '../../../core/src/survey/finding-status';
import { ANALYTE_CATALOGUE } from '../../../core/src/wastewater/analytes';
import { LAB_ERROR_CODES } from '../../../core/src/wastewater/lab-error-messages';
import schemaSql from '../../../sql/001_schema.sql?raw';
import { AUDIT_FIELDS } from '../admin/audit-fields';
import { auditActions, auditEntities } from '../admin/audit-screen';
import { analyteLabel } from '../api/analytes-api';
import { screens } from '../navigation/screens';
import { en } from './en';
import { zhCN } from './zh-CN';

type Tree = { [key: string]: string | Tree };

/** Every leaf key (`alerts.kind.spike`) with its text; plural forms (`_one`, `_other`) kept. */
function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') found.set(path, value);
    else for (const [inner, text] of leaves(value, path)) found.set(inner, text);
  }
  return found;
}

const zh = leaves(zhCN as unknown as Tree);
const english = leaves(en as unknown as Tree);
const languages = [
  ['zh-CN', zh],
  ['en', english],
] as const;

/** The text a key has in a language, counting a plural key (`x_other`) as the key `x`. */
function has(dictionary: Map<string, string>, key: string): boolean {
  return dictionary.has(key) || dictionary.has(`${key}_other`);
}

// Image QC flags are a type in core: this record fails the type check when one is added.
const qcFlags: Record<ImageQcFlag, true> = {
  no_gps: true,
  no_height: true,
  gimbal_missing: true,
  far_from_nadir: true,
  gsd_too_coarse: true,
  no_capture_time: true,
  outside_flight_time: true,
  outside_region: true,
  duplicate: true,
  unknown_camera: true,
  blurry: true,
  underexposed: true,
  overexposed: true,
  low_sun: true,
  horizon: true,
  hovering_duplicate: true,
  before_takeoff: true,
  after_landing: true,
  angle_out_of_range: true,
};

/** The values a `check (column in (...))` of the schema allows. */
function checkedValues(sql: string, table: string, column: string): string[] {
  const body = new RegExp(`create table ${table} \\(([\\s\\S]*?)\\n\\);`).exec(sql)?.[1] ?? '';
  const list = new RegExp(`${column} in \\(([^)]*)\\)`).exec(body)?.[1] ?? '';
  return [...list.matchAll(/'([^']+)'/g)].map((match) => match[1]!);
}

/** Every code the API can send, with the dictionary branch that must name it in both languages. */
const codeFamilies: [string, readonly string[]][] = [
  ['alerts.kind', ALERT_KINDS],
  ['alerts.status', ALERT_STATUSES],
  ['alerts.severity', ALERT_SEVERITIES],
  ['map.findingStatus', FINDING_STATUSES],
  ['findings.outcome', FINDING_OUTCOMES],
  ['map.siteKind', checkedValues(schemaSql, 'sites', 'kind')],
  ['flights.qcFlag', Object.keys(qcFlags)],
  ['labCode', LAB_ERROR_CODES],
  ['labImports.state', checkedValues(schemaSql, 'import_batches', 'status')],
  ['roles', ['lab', 'analyst', 'pilot', 'admin']],
  ['menu', screens.map((screen) => screen.id)],
  ['audit.entity', auditEntities],
  ['audit.action', auditActions],
  ['audit.field', AUDIT_FIELDS],
];

describe('language completeness', () => {
  it('has every key in both zh-CN and English', () => {
    const onlyZh = [...zh.keys()].filter((key) => !english.has(key));
    const onlyEn = [...english.keys()].filter((key) => !zh.has(key));
    expect({ onlyZh, onlyEn }).toEqual({ onlyZh: [], onlyEn: [] });
  });

  it('has no empty text, and the same {{placeholders}} in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
    for (const [key, text] of zh) {
      expect(text.trim(), key).not.toBe('');
      expect(english.get(key)?.trim(), key).not.toBe('');
      expect(placeholders(english.get(key) ?? ''), key).toEqual(placeholders(text));
    }
  });

  it('names every code the API can send in both languages', () => {
    for (const [branch, codes] of codeFamilies) {
      expect(codes.length, branch).toBeGreaterThan(0);
      for (const [language, dictionary] of languages) {
        const missing = codes.filter((code) => !has(dictionary, `${branch}.${code}`));
        expect(missing, `${branch} in ${language}`).toEqual([]);
      }
    }
  });

  it('never shows a raw code as text (snake_case, or the key itself)', () => {
    for (const [language, dictionary] of languages)
      for (const [key, text] of dictionary) {
        expect(/^[a-z]+(_[a-z]+)+$/.test(text), `${language} ${key}: ${text}`).toBe(false);
        expect(text, `${language} ${key}`).not.toBe(key);
      }
    // A one-word code named by itself ("Outcome: confirmed" for `findings.outcome.confirmed`).
    for (const [branch, codes] of codeFamilies)
      for (const [language, dictionary] of languages)
        for (const code of codes)
          expect(dictionary.get(`${branch}.${code}`), `${language} ${branch}`).not.toBe(code);
  });

  it('writes Chinese in zh-CN and no Chinese in English', () => {
    const han = /\p{Script=Han}/u;
    // Where English text names a Chinese thing, it is the Chinese word (the language switch).
    const englishMayHoldHan = new Set(['language.switchTo']);
    for (const [key, text] of english)
      if (!englishMayHoldHan.has(key)) expect(han.test(text), `en ${key}: ${text}`).toBe(false);
    const translated = [...zh.values()].filter((text) => han.test(text)).length;
    expect(translated / zh.size).toBeGreaterThan(0.9);
  });

  it('names every analyte of the catalogue in the interface language', () => {
    const catalogue = ANALYTE_CATALOGUE.map((analyte) => ({
      code: analyte.code,
      name: analyte.nameEn,
      nameZh: analyte.nameZh,
    }));
    for (const analyte of catalogue) {
      const inEnglish = analyteLabel(analyte.code, catalogue, 'en');
      expect(inEnglish, analyte.code).not.toMatch(/\p{Script=Han}/u);
      expect(inEnglish).toContain(analyte.name);
      expect(analyteLabel(analyte.code, catalogue, 'zh-CN')).toContain(analyte.nameZh);
    }
  });
});
