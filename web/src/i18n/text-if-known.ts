import type { i18n as I18n } from 'i18next';

/**
 * The text for a key built from data (an alert kind, a QC flag sent by the server) when the
 * dictionary has it, its `{{placeholders}}` filled from `values`, else `fallback` (usually the
 * code itself, so nothing new is ever hidden).
 */
export function textIfKnown(
  i18n: I18n,
  key: string,
  fallback: string,
  values?: Record<string, string>,
): string {
  if (!i18n.exists(key)) return fallback;
  // The key is checked at run time above; the typed `t` only accepts literal keys.
  return (i18n.t as unknown as (key: string, values?: Record<string, string>) => string)(key, values);
}
