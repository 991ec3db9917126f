import type { i18n as I18n } from 'i18next';
import type { Alert } from '../api/alerts-api';
import { textIfKnown } from '../i18n/text-if-known';

/** The alert kinds the server raises (core/src/alerts/alert-signal.ts); others are shown by their code. */
export const knownAlertKinds = [
  'first_detection',
  'trend_rising',
  'spike',
  'hotspot',
  'amp_meth_ratio',
  'cocaine_without_be',
  'implausible_load',
] as const;

/** The kind in the interface language when the dictionary has it, else the code itself. */
export function alertKindLabel(kind: string, i18n: I18n): string {
  return textIfKnown(i18n, `alerts.kind.${kind}`, kind);
}

/**
 * One line describing an alert's detail: the server's own text when it gives one (Chinese first
 * for a Chinese reader), else its fields as `name: value`.
 */
export function alertDetailText(detail: Alert['detail'], language: string): string {
  if (!detail || typeof detail !== 'object') return '';
  const zh = typeof detail.messageZh === 'string' ? detail.messageZh : null;
  const en = typeof detail.message === 'string' ? detail.message : null;
  const text = language === 'zh-CN' ? (zh ?? en) : (en ?? zh);
  if (text) return text;
  return Object.entries(detail)
    .filter(([, value]) => value === null || ['string', 'number', 'boolean'].includes(typeof value))
    .slice(0, 6)
    .map(
      ([key, value]) => `${key}: ${typeof value === 'number' ? Number(value.toPrecision(4)) : String(value)}`,
    )
    .join(' · ');
}
