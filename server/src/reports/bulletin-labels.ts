import {
  ALERT_KIND_LABELS,
  ALERT_SEVERITY_LABELS,
  ALERT_STATUS_LABELS,
  EMERGING_CATEGORY_LABELS,
} from '@skywater/core/alerts/alert-labels';
import type { BulletinLanguage } from './bulletin-html';

/**
 * Words for every code the bulletin prints, in each of its languages: no raw code reaches a
 * reader. Kinds, severities, statuses and patterns are the web app's words (core's alert-labels);
 * the actions read as done steps of an alert's history, which only the bulletin prints.
 */
const ACTION: Record<BulletinLanguage, Record<string, string>> = {
  'zh-CN': { acknowledge: '确认', escalate: '上报', dismiss: '排除', note: '备注', reopen: '重新打开', resolve: '已消除' },
  en: {
    acknowledge: 'Acknowledged',
    escalate: 'Escalated',
    dismiss: 'Dismissed',
    note: 'Note',
    reopen: 'Reopened',
    resolve: 'Resolved (no longer found)',
  },
};

const UNKNOWN: Record<BulletinLanguage, string> = { 'zh-CN': '其他', en: 'other' };

function lookup(table: Record<string, string>, code: string | null | undefined, lang: BulletinLanguage) {
  if (code === null || code === undefined) return '—';
  return table[code] ?? UNKNOWN[lang];
}

/** The reader's words for the bulletin's codes; an unknown code reads "other", never the code. */
export function bulletinLabels(lang: BulletinLanguage) {
  return {
    alertKind: (code: string) => lookup(ALERT_KIND_LABELS[lang], code, lang),
    severity: (code: string) => lookup(ALERT_SEVERITY_LABELS[lang], code, lang),
    status: (code: string) => lookup(ALERT_STATUS_LABELS[lang], code, lang),
    action: (code: string) => lookup(ACTION[lang], code, lang),
    pattern: (code: string | null) => lookup(EMERGING_CATEGORY_LABELS[lang], code, lang),
  };
}
