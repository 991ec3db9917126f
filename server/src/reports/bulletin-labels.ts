import type { AlertKind } from '@skywater/core/alerts/alert-signal';
import type { EmergingHotSpotCategory } from '@skywater/core/stats/emerging-hot-spots';
import type { BulletinLanguage } from './bulletin-html';

/** Words for every code the bulletin prints, in each of its languages: no raw code reaches a reader. */
const ALERT_KIND: Record<BulletinLanguage, Record<AlertKind, string>> = {
  'zh-CN': {
    trend_rising: '持续上升',
    spike: '突增',
    hotspot: '空间热点',
    amp_meth_ratio: '苯丙胺/甲基苯丙胺比值异常',
    cocaine_without_be: '可卡因无代谢物 (疑似倾倒)',
    implausible_load: '负荷不合理',
    first_detection: '首次检出',
  },
  en: {
    trend_rising: 'Rising trend',
    spike: 'Spike',
    hotspot: 'Spatial hot spot',
    amp_meth_ratio: 'Unusual amphetamine/methamphetamine ratio',
    cocaine_without_be: 'Cocaine without its metabolite (possible dumping)',
    implausible_load: 'Implausible load',
    first_detection: 'First detection',
  },
};

const SEVERITY: Record<BulletinLanguage, Record<string, string>> = {
  'zh-CN': { high: '高', medium: '中', low: '低' },
  en: { high: 'High', medium: 'Medium', low: 'Low' },
};

const STATUS: Record<BulletinLanguage, Record<string, string>> = {
  'zh-CN': {
    open: '待处置',
    acknowledged: '已确认',
    escalated: '已上报',
    dismissed: '已关闭',
    resolved: '已消除',
  },
  en: {
    open: 'Open',
    acknowledged: 'Acknowledged',
    escalated: 'Escalated',
    dismissed: 'Dismissed',
    resolved: 'Resolved',
  },
};

const ACTION: Record<BulletinLanguage, Record<string, string>> = {
  'zh-CN': { acknowledge: '确认', escalate: '上报', dismiss: '关闭', note: '备注', reopen: '重新打开' },
  en: {
    acknowledge: 'Acknowledged',
    escalate: 'Escalated',
    dismiss: 'Dismissed',
    note: 'Note',
    reopen: 'Reopened',
  },
};

/** Emerging hot-spot categories (Esri's space-time pattern mining names). */
const PATTERN: Record<BulletinLanguage, Record<EmergingHotSpotCategory, string>> = {
  'zh-CN': {
    new_hot_spot: '新热点',
    consecutive_hot_spot: '连续热点',
    intensifying_hot_spot: '加剧热点',
    persistent_hot_spot: '持续热点',
    diminishing_hot_spot: '减弱热点',
    sporadic_hot_spot: '零星热点',
    oscillating_hot_spot: '振荡热点',
    historical_hot_spot: '历史热点',
    new_cold_spot: '新冷点',
    consecutive_cold_spot: '连续冷点',
    intensifying_cold_spot: '加剧冷点',
    persistent_cold_spot: '持续冷点',
    diminishing_cold_spot: '减弱冷点',
    sporadic_cold_spot: '零星冷点',
    oscillating_cold_spot: '振荡冷点',
    historical_cold_spot: '历史冷点',
    no_pattern: '无明显模式',
  },
  en: {
    new_hot_spot: 'new hot spot',
    consecutive_hot_spot: 'consecutive hot spot',
    intensifying_hot_spot: 'intensifying hot spot',
    persistent_hot_spot: 'persistent hot spot',
    diminishing_hot_spot: 'diminishing hot spot',
    sporadic_hot_spot: 'sporadic hot spot',
    oscillating_hot_spot: 'oscillating hot spot',
    historical_hot_spot: 'historical hot spot',
    new_cold_spot: 'new cold spot',
    consecutive_cold_spot: 'consecutive cold spot',
    intensifying_cold_spot: 'intensifying cold spot',
    persistent_cold_spot: 'persistent cold spot',
    diminishing_cold_spot: 'diminishing cold spot',
    sporadic_cold_spot: 'sporadic cold spot',
    oscillating_cold_spot: 'oscillating cold spot',
    historical_cold_spot: 'historical cold spot',
    no_pattern: 'no pattern',
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
    alertKind: (code: string) => lookup(ALERT_KIND[lang], code, lang),
    severity: (code: string) => lookup(SEVERITY[lang], code, lang),
    status: (code: string) => lookup(STATUS[lang], code, lang),
    action: (code: string) => lookup(ACTION[lang], code, lang),
    pattern: (code: string | null) => lookup(PATTERN[lang], code, lang),
  };
}
