import type { EmergingHotSpotCategory } from '../stats/emerging-categories';
import type { AlertStatus } from './alert-lifecycle';
import type { AlertKind, AlertSeverity } from './alert-signal';

/**
 * The words a reader sees for the alert codes, in each interface language: the web app's
 * dictionaries and the round bulletin print these same words (one name, one meaning). Plain
 * data with type-only imports, so the web bundle takes it as it is.
 */
export type LabelLanguage = 'zh-CN' | 'en';

export const ALERT_KIND_LABELS: Record<LabelLanguage, Record<AlertKind, string>> = {
  'zh-CN': {
    first_detection: '首次检出',
    trend_rising: '持续上升',
    spike: '突增',
    amp_meth_ratio: '苯丙胺/甲基苯丙胺比值异常',
    cocaine_without_be: '检出可卡因但无苯甲酰爱康宁',
    implausible_load: '负荷异常（超出人口可能）',
    hotspot: '空间热点',
  },
  en: {
    first_detection: 'First detection',
    trend_rising: 'Rising trend',
    spike: 'Spike',
    amp_meth_ratio: 'AMP/METH ratio out of range',
    cocaine_without_be: 'Cocaine without benzoylecgonine',
    implausible_load: 'Implausible load for the population',
    hotspot: 'Hot spot',
  },
};

export const ALERT_SEVERITY_LABELS: Record<LabelLanguage, Record<AlertSeverity, string>> = {
  'zh-CN': { low: '低', medium: '中', high: '高' },
  en: { low: 'Low', medium: 'Medium', high: 'High' },
};

export const ALERT_STATUS_LABELS: Record<LabelLanguage, Record<AlertStatus, string>> = {
  'zh-CN': {
    open: '待处理',
    acknowledged: '已确认',
    escalated: '已上报',
    dismissed: '已排除',
    resolved: '已消除（不再出现）',
  },
  en: {
    open: 'Open',
    acknowledged: 'Acknowledged',
    escalated: 'Escalated',
    dismissed: 'Dismissed',
    resolved: 'Resolved (no longer found)',
  },
};

/** Emerging hot-spot categories (Esri's space-time pattern mining names). */
export const EMERGING_CATEGORY_LABELS: Record<LabelLanguage, Record<EmergingHotSpotCategory, string>> = {
  'zh-CN': {
    new_hot_spot: '新增热点',
    consecutive_hot_spot: '连续热点',
    intensifying_hot_spot: '增强热点',
    persistent_hot_spot: '持续热点',
    diminishing_hot_spot: '减弱热点',
    sporadic_hot_spot: '零星热点',
    oscillating_hot_spot: '振荡热点',
    historical_hot_spot: '历史热点',
    new_cold_spot: '新增冷点',
    consecutive_cold_spot: '连续冷点',
    intensifying_cold_spot: '增强冷点',
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
