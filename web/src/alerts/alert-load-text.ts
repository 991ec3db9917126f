import type { AlertLoad } from '../api/alerts-api';
import { formatNumber, numberFormat } from '../i18n/format-units';
import type { Language } from '../i18n/language';

/** Beyond this a figure is written in powers of ten: a stored 9.9 × 10⁴⁹ stays a short text. */
const plainUpTo = 1e7;

/**
 * A figure in the user's language, in scientific notation when it is huge, so an implausible
 * stored value never widens the inbox.
 * @example formatFigure(1.625, 'zh-CN') // "1.63"; formatFigure(9.9e49, 'en') // "9.9E49"
 */
export function formatFigure(value: number, language: Language): string {
  if (!Number.isFinite(value)) return '—';
  const magnitude = Math.abs(value);
  if (magnitude >= plainUpTo)
    return numberFormat(language, { notation: 'scientific', maximumSignificantDigits: 3 }).format(value);
  // Three significant digits say what an interval of ±50 % can say; whole numbers from 1,000 on.
  if (magnitude >= 1000) return formatNumber(value, language, 0);
  return numberFormat(language, { maximumSignificantDigits: 3 }).format(value);
}

/** An alert's load and its 95 % interval, e.g. "1.63 (0.79–2.93)"; the unit is the column's. */
export function alertLoadText(load: AlertLoad, language: Language): string {
  const range =
    load.lower95 !== null && load.upper95 !== null
      ? ` (${formatFigure(load.lower95, language)}–${formatFigure(load.upper95, language)})`
      : '';
  return `${formatFigure(load.value, language)}${range}`;
}
