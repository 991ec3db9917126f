import type { i18n as I18n } from 'i18next';
import type { LabRowError } from '../api/lab-imports-api';
import { textIfKnown } from '../i18n/text-if-known';
import { foundInError } from './report-groups';

/**
 * A report line in the interface language: the code's text from the dictionary (`labCode.*`)
 * with the quoted cell, as the server words it; the server's own text when the code is new.
 */
export function labErrorText(i18n: I18n, error: Pick<LabRowError, 'code' | 'message' | 'messageZh'>): string {
  const zh = i18n.language === 'zh-CN';
  const own = textIfKnown(i18n, `labCode.${error.code}`, '');
  if (!own) return (zh ? error.messageZh : error.message) ?? error.message;
  let found = foundInError(error);
  if (found === null) return own;
  // A duplicate names the row it repeats; the server words that part in its locale only.
  const repeated = /^(?:same as row (\d+)|与第 (\d+) 行重复)$/.exec(found);
  if (repeated) found = i18n.t('labReport.sameAsRow', { row: repeated[1] ?? repeated[2] });
  return zh ? `${own}：${found}` : `${own}: "${found}"`;
}
