import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROLES } from '../auth/roles';
import { EMERGING_HOT_SPOT_CATEGORIES } from '../stats/emerging-categories';
import { FINDING_STATUSES } from '../survey/finding-status';
import {
  ALERT_KIND_LABELS,
  ALERT_SEVERITY_LABELS,
  ALERT_STATUS_LABELS,
  EMERGING_CATEGORY_LABELS,
} from './alert-labels';
import { ALERT_STATUSES } from './alert-lifecycle';
import { ALERT_KINDS, ALERT_SEVERITIES } from './alert-signal';

const sqlDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../sql');
/** The migrations in the order they are applied. */
const migrations = fs
  .readdirSync(sqlDir)
  .filter((name) => name.endsWith('.sql'))
  .sort()
  .map((name) => fs.readFileSync(path.join(sqlDir, name), 'utf8'));

const quoted = (list: string) => [...list.matchAll(/'([^']+)'/g)].map((m) => m[1]!);

/**
 * The values the database accepts in `<table>.<column>` after every migration: the check of the
 * table's definition, or the last migration that replaced it (`add constraint <table>_<column>_check`).
 */
function checkedValues(table: string, column: string): string[] {
  let values: string[] | undefined;
  for (const sql of migrations) {
    const start = sql.indexOf(`create table ${table} (`);
    if (start >= 0) {
      const body = sql.slice(start);
      const match = new RegExp(`\\b${column} text[^,]*?check \\(${column} in \\(([^)]*)\\)\\)`).exec(
        body.slice(0, body.indexOf(');')),
      );
      if (match) values = quoted(match[1]!);
    }
    const replaced = new RegExp(
      `add constraint ${table}_${column}_check\\s+check \\(${column} in \\(([^)]*)\\)\\)`,
      'g',
    );
    for (const match of sql.matchAll(replaced)) values = quoted(match[1]!);
  }
  if (!values) throw new Error(`no check on ${table}.${column}`);
  return values;
}

const sorted = (values: readonly string[]) => [...values].sort();

describe('shared names, declared once', () => {
  it('give every alert kind, severity, status and emerging category words in both languages', () => {
    for (const language of ['zh-CN', 'en'] as const) {
      expect(sorted(Object.keys(ALERT_KIND_LABELS[language]))).toEqual(sorted(ALERT_KINDS));
      expect(sorted(Object.keys(ALERT_SEVERITY_LABELS[language]))).toEqual(sorted(ALERT_SEVERITIES));
      expect(sorted(Object.keys(ALERT_STATUS_LABELS[language]))).toEqual(sorted(ALERT_STATUSES));
      expect(sorted(Object.keys(EMERGING_CATEGORY_LABELS[language]))).toEqual(
        sorted(EMERGING_HOT_SPOT_CATEGORIES),
      );
      for (const table of [
        ALERT_KIND_LABELS,
        ALERT_SEVERITY_LABELS,
        ALERT_STATUS_LABELS,
        EMERGING_CATEGORY_LABELS,
      ])
        for (const word of Object.values(table[language])) expect(word.trim()).not.toBe('');
    }
  });

  it('agree with the database checks on severities, statuses and finding statuses', () => {
    expect(sorted(checkedValues('alerts', 'severity'))).toEqual(sorted(ALERT_SEVERITIES));
    expect(sorted(checkedValues('alerts', 'status'))).toEqual(sorted(ALERT_STATUSES));
    expect(sorted(checkedValues('findings', 'status'))).toEqual(sorted(FINDING_STATUSES));
  });

  it('list each role once', () => {
    expect(new Set(ROLES).size).toBe(ROLES.length);
  });
});
