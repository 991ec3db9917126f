import {
  ALERT_KIND_LABELS,
  ALERT_SEVERITY_LABELS,
  ALERT_STATUS_LABELS,
  EMERGING_CATEGORY_LABELS,
} from '@skywater/core/alerts/alert-labels';
import { FINDING_STATUS_LABELS } from '@skywater/core/survey/finding-status-labels';
import type { BulletinLanguage } from './bulletin-html';

/**
 * Words for every code the bulletins print, in each of their languages: no raw code reaches a
 * reader. Kinds, severities, statuses, patterns and finding statuses are the web app's words
 * (core's alert-labels and finding-status-labels); the actions read as done steps of an alert's
 * history, and the trends as the province comparison's verdicts, which only the bulletins print.
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

/** The province comparison's trend verdicts (`ProvinceComparisonFigures.trend`). */
const TREND: Record<BulletinLanguage, Record<string, string>> = {
  'zh-CN': { rising: '上升', falling: '下降', flat: '平稳' },
  en: { rising: 'rising', falling: 'falling', flat: 'flat' },
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
    findingStatus: (code: string) => lookup(FINDING_STATUS_LABELS[lang], code, lang),
    trend: (code: string | null) => lookup(TREND[lang], code, lang),
  };
}
