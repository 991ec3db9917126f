import type { AuditEntry } from '../api/audit-api';
import type { Qualifier } from '../api/measurements-api';
import { qualifiedValue } from '../lab/qualified-value';

/** Fields kept for the machine, not the reader: when a row was touched, an alert's dedup key. */
const internalFields = new Set(['updatedAt', 'conditionKey']);

/** A measurement's figures that together make its result ("<LOQ (5 ng/L)"). */
const resultFields = ['qualifier', 'valueNgL', 'loqNgL', 'uloqNgL'] as const;

/**
 * The i18n key of a stored code's name, for the fields whose values are codes the interface
 * names (an alert's kind, severity and status, an import's mode), or null: shown as stored.
 */
function codeKey(entity: string, field: string, value: unknown): string | null {
  if (typeof value !== 'string') return null;
  if (entity === 'alert' && field === 'kind') return `alerts.kind.${value}`;
  if (entity === 'alert' && field === 'severity') return `alerts.severity.${value}`;
  if (entity === 'alert' && field === 'status') return `alerts.status.${value}`;
  if (entity === 'import_batch' && field === 'mode') return `labImports.modeName.${value}`;
  return null;
}

/** A stored number (JSON may carry a numeric column as text), or null. */
function numberOrNull(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}

/** A measurement's result before or after, as the lab screen writes it. */
function resultText(record: Record<string, unknown>, language: 'zh-CN' | 'en'): string {
  return qualifiedValue(
    (record.qualifier as Qualifier | undefined) ?? '=',
    numberOrNull(record.valueNgL),
    numberOrNull(record.loqNgL),
    language,
  );
}

/**
 * What changed, compactly: `角色: ["lab"] → ["lab","analyst"]`, one field a line, each field by
 * its name in the interface language (`audit.field`, see AUDIT_FIELDS); codes the
 * interface has names for are said by `name` (an alert's kind "first_detection" as 首次检出).
 * A measurement's qualifier, value and limits read as one result, "12 ng/L → <LOQ (5 ng/L)":
 * a "<LOQ" correction that only sets a new LOQ shows that LOQ.
 */
export function changeLines(
  entry: AuditEntry,
  name: (key: string, fallback: string) => string,
  language: 'zh-CN' | 'en',
): string[] {
  const shown = (key: string, value: unknown) => {
    // A flag (disabled, provisional) as yes or no in the interface language, not `true`.
    if (typeof value === 'boolean') return name(value ? 'audit.valueYes' : 'audit.valueNo', String(value));
    const known = codeKey(entry.entity, key, value);
    return known ? name(known, JSON.stringify(value)) : JSON.stringify(value);
  };
  const before = (entry.before ?? {}) as Record<string, unknown>;
  const after = (entry.after ?? {}) as Record<string, unknown>;
  if (typeof before !== 'object' || typeof after !== 'object') return [JSON.stringify(entry.after)];
  const differs = (key: string) => JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null);
  const lines: string[] = [];
  const asResult = entry.entity === 'measurement' && resultFields.some((key) => key in after);
  if (asResult && resultFields.some(differs))
    lines.push(
      `${name('audit.result', 'result')}: ${resultText(before, language)} → ${resultText(after, language)}`,
    );
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  // Only what changed: an update may store whole records before and after.
  return lines.concat(
    keys
      .filter((key) => !internalFields.has(key) && after[key] !== undefined)
      .filter((key) => !(asResult && (resultFields as readonly string[]).includes(key)))
      .filter(differs)
      .map((key) => {
        const was = before[key] === undefined ? '' : `${shown(key, before[key])} → `;
        return `${name(`audit.field.${key}`, key)}: ${was}${shown(key, after[key])}`;
      }),
  );
}
