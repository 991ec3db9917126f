import { EMERGING_CATEGORY_LABELS } from '@skywater/core/alerts/alert-labels';
import { ALERT_KINDS } from '@skywater/core/alerts/alert-signal';
import type { i18n as I18n } from 'i18next';
import type { Alert } from '../api/alerts-api';
import { formatConcentrationNgL, formatLoadPer1000, formatNumber } from '../i18n/format-units';
import type { Language } from '../i18n/language';
import { textIfKnown } from '../i18n/text-if-known';

/** The alert kinds the server raises, declared in core; others are shown by their code. */
export const knownAlertKinds = ALERT_KINDS;

/** The kind in the interface language when the dictionary has it, else the code itself. */
export function alertKindLabel(kind: string, i18n: I18n): string {
  return textIfKnown(i18n, `alerts.kind.${kind}`, kind);
}

type Detail = Record<string, unknown>;

function numberOf(detail: Detail, key: string): number | null {
  const value = detail[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Up to four significant digits, in the language's number format. */
function plain(value: number, language: Language): string {
  return formatNumber(Number(value.toPrecision(4)), language, 6);
}

/**
 * A value in the unit of the series' basis (docs/design.md §3): normalised load in mg/day/1000
 * people, or concentration in ng/L when flow or population is missing.
 */
function inBasis(value: number, basis: unknown, language: Language): string {
  return basis === 'concentration'
    ? formatConcentrationNgL(value, language)
    : formatLoadPer1000(value, language);
}

function signed(text: string, value: number): string {
  return value > 0 ? `+${text}` : text;
}

const spikeMethods: Record<string, string> = { ears: 'EARS', ewma: 'EWMA', cusum: 'CUSUM' };

/** How each language joins the clauses of one description. */
const clauseSeparator: Record<Language, string> = { 'zh-CN': '；', en: '; ' };

type Describe = (detail: Detail, language: Language) => (string | null)[];

/** One clause list per alert kind, from the numbers the server stores (core/src/alerts/*). */
const describers: Record<string, Describe> = {
  first_detection(detail, language) {
    const zh = language === 'zh-CN';
    const value = numberOf(detail, 'valueNgL');
    const loq = numberOf(detail, 'loqNgL');
    const prior = numberOf(detail, 'earlierRoundsNotDetected');
    return [
      value === null
        ? null
        : `${zh ? '检出浓度' : 'measured'} ${formatConcentrationNgL(value, language)}` +
          (loq === null
            ? ''
            : zh
              ? `（定量限 ${formatConcentrationNgL(loq, language)}）`
              : ` (LOQ ${formatConcentrationNgL(loq, language)})`),
      prior === null
        ? null
        : zh
          ? `此前 ${formatNumber(prior, language, 0)} 轮均未检出`
          : `not detected in the ${formatNumber(prior, language, 0)} earlier round${prior === 1 ? '' : 's'}`,
    ];
  },
  trend_rising(detail, language) {
    const zh = language === 'zh-CN';
    const slope = numberOf(detail, 'senSlopePerRound');
    const change = numberOf(detail, 'percentChange');
    const p = numberOf(detail, 'pValue');
    const n = numberOf(detail, 'n');
    return [
      slope === null
        ? null
        : zh
          ? `Sen 斜率 每轮 ${signed(inBasis(slope, detail.basis, language), slope)}`
          : `Sen's slope ${signed(inBasis(slope, detail.basis, language), slope)} per round`,
      change === null
        ? null
        : zh
          ? `期间变化 ${signed(`${plain(change, language)}%`, change)}`
          : `${signed(`${plain(change, language)}%`, change)} over the window`,
      p === null
        ? null
        : `Mann-Kendall p = ${plain(p, language)}` +
          (n === null
            ? ''
            : zh
              ? `（${formatNumber(n, language, 0)} 轮）`
              : ` (${formatNumber(n, language, 0)} rounds)`),
    ];
  },
  spike(detail, language) {
    const zh = language === 'zh-CN';
    const value = numberOf(detail, 'value');
    const mean = numberOf(detail, 'baselineMean');
    const sd = numberOf(detail, 'baselineSd');
    const rounds = numberOf(detail, 'baselineRounds');
    const ratio = numberOf(detail, 'ratioToBaseline');
    const z = numberOf(detail, 'z');
    const threshold = numberOf(detail, 'threshold');
    const method = typeof detail.method === 'string' ? (spikeMethods[detail.method] ?? detail.method) : null;
    return [
      value === null ? null : `${zh ? '本轮' : 'this round'} ${inBasis(value, detail.basis, language)}`,
      mean === null
        ? null
        : (zh ? '基线均值 ' : 'baseline mean ') +
          (sd === null
            ? inBasis(mean, detail.basis, language)
            : `${formatNumber(mean, language)} ± ${inBasis(sd, detail.basis, language)}`) +
          (rounds === null
            ? ''
            : zh
              ? `（${formatNumber(rounds, language, 0)} 轮）`
              : ` (${formatNumber(rounds, language, 0)} rounds)`),
      ratio === null
        ? null
        : zh
          ? `为基线的 ${plain(ratio, language)} 倍`
          : `${plain(ratio, language)}× the baseline`,
      z === null
        ? null
        : `${method ?? ''}${method ? ' ' : ''}${zh ? '统计量' : 'statistic'} ${plain(z, language)}` +
          (threshold === null
            ? ''
            : zh
              ? `（阈值 ${plain(threshold, language)}）`
              : ` (threshold ${plain(threshold, language)})`),
    ];
  },
  amp_meth_ratio(detail, language) {
    const zh = language === 'zh-CN';
    const ratio = numberOf(detail, 'ratio');
    const amp = numberOf(detail, 'ampNgL');
    const meth = numberOf(detail, 'methNgL');
    const range = Array.isArray(detail.usualRange)
      ? detail.usualRange.filter((x) => typeof x === 'number')
      : [];
    const above = detail.direction === 'above';
    return [
      ratio === null
        ? null
        : (zh
            ? `苯丙胺/甲基苯丙胺比值 ${plain(ratio, language)}`
            : `AMP/METH ratio ${plain(ratio, language)}`) +
          (range.length === 2
            ? zh
              ? `，${above ? '高于' : '低于'}常见范围 ${plain(range[0], language)}–${plain(range[1], language)}`
              : `, ${above ? 'above' : 'below'} the usual ${plain(range[0], language)}–${plain(range[1], language)}`
            : ''),
      amp === null ? null : `${zh ? '苯丙胺' : 'AMP'} ${formatConcentrationNgL(amp, language)}`,
      meth === null ? null : `${zh ? '甲基苯丙胺' : 'METH'} ${formatConcentrationNgL(meth, language)}`,
    ];
  },
  cocaine_without_be(detail, language) {
    const zh = language === 'zh-CN';
    const coc = numberOf(detail, 'cocNgL');
    const be = numberOf(detail, 'beNgL');
    const ratio = numberOf(detail, 'cocToBeRatio');
    const qualifier = typeof detail.beQualifier === 'string' ? detail.beQualifier : '=';
    const beText =
      qualifier === 'ND' || qualifier === '<LOD'
        ? zh
          ? '未检出'
          : 'not detected'
        : qualifier === '<LOQ'
          ? zh
            ? '低于定量限'
            : 'below the LOQ'
          : be === null
            ? null
            : formatConcentrationNgL(be, language);
    return [
      coc === null ? null : `${zh ? '可卡因' : 'cocaine'} ${formatConcentrationNgL(coc, language)}`,
      beText === null ? null : `${zh ? '苯甲酰爱康宁' : 'benzoylecgonine'} ${beText}`,
      ratio === null ? null : zh ? `比值 ${plain(ratio, language)}` : `ratio ${plain(ratio, language)}`,
    ];
  },
  hotspot(detail, language) {
    const zh = language === 'zh-CN';
    const bin = numberOf(detail, 'bin');
    const confidence = numberOf(detail, 'confidencePct');
    const giZ = numberOf(detail, 'giZ');
    const ownZ = numberOf(detail, 'ownZ');
    const emerging = typeof detail.emerging === 'string' ? detail.emerging : null;
    const cold = bin !== null && bin < 0;
    return [
      (zh ? (cold ? 'Gi* 冷点' : 'Gi* 热点') : cold ? 'Gi* cold spot' : 'Gi* hot spot') +
        (confidence === null ? '' : zh ? `（置信度 ${confidence}%）` : ` (${confidence}% confidence)`),
      giZ === null ? null : `Gi* z = ${plain(giZ, language)}`,
      ownZ === null
        ? null
        : zh
          ? `本点 z = ${plain(ownZ, language)}`
          : `site's own z = ${plain(ownZ, language)}`,
      emerging === null
        ? null
        : `${zh ? '时空模式：' : 'pattern over rounds: '}${(EMERGING_CATEGORY_LABELS[language] as Record<string, string>)[emerging] ?? emerging}`,
    ];
  },
  implausible_load(detail, language) {
    const zh = language === 'zh-CN';
    const load = numberOf(detail, 'normalisedLoadMgPerDayPer1000');
    const consumption = numberOf(detail, 'consumptionMgPerDayPer1000');
    const ceiling = numberOf(detail, 'ceilingMgPerDayPer1000');
    const flow = numberOf(detail, 'flowM3PerDay');
    const population = numberOf(detail, 'population');
    const judged = detail.basis === 'consumption' ? consumption : load;
    return [
      judged === null
        ? null
        : (detail.basis === 'consumption'
            ? zh
              ? '折算用量 '
              : 'consumption '
            : zh
              ? '归一化负荷 '
              : 'normalised load ') +
          formatLoadPer1000(judged, language) +
          (ceiling === null
            ? ''
            : zh
              ? `，超过可信上限 ${formatLoadPer1000(ceiling, language)}`
              : `, above the plausible ceiling of ${formatLoadPer1000(ceiling, language)}`),
      flow === null
        ? null
        : `${zh ? '日流量' : 'flow'} ${formatNumber(flow, language)} m³/${zh ? 'd' : 'day'}`,
      population === null
        ? null
        : zh
          ? `服务人口 ${formatNumber(population, language, 0)} 人`
          : `${formatNumber(population, language, 0)} people served`,
    ];
  },
};

/** Field names a reader understands, for details of kinds this app does not describe yet. */
const fieldLabels: Record<Language, Record<string, string>> = {
  'zh-CN': { valueNgL: '浓度', loqNgL: '定量限', ratio: '比值', value: '数值', pValue: 'p 值' },
  en: { valueNgL: 'concentration', loqNgL: 'LOQ', ratio: 'ratio', value: 'value', pValue: 'p-value' },
};

/**
 * One line describing an alert's detail in the interface language, with units: the server's own
 * text when it gives one (Chinese first for a Chinese reader), else a description built from the
 * numbers of the alert's kind (values in ng/L or mg/d/1000人 as the series' basis says), else the
 * plain fields of an unknown kind.
 */
export function alertDetailText(kind: string, detail: Alert['detail'] | null, language: Language): string {
  if (!detail || typeof detail !== 'object') return '';
  const zh = typeof detail.messageZh === 'string' ? detail.messageZh : null;
  const en = typeof detail.message === 'string' ? detail.message : null;
  const text = language === 'zh-CN' ? (zh ?? en) : (en ?? zh);
  if (text) return text;
  const describe = describers[kind];
  const clauses = describe
    ? describe(detail, language).filter((clause): clause is string => clause !== null && clause !== '')
    : Object.entries(detail)
        .filter(([, value]) => ['string', 'number', 'boolean'].includes(typeof value))
        .slice(0, 6)
        .map(
          ([key, value]) =>
            `${fieldLabels[language][key] ?? key}: ${typeof value === 'number' ? plain(value, language) : String(value)}`,
        );
  const rounds = Array.isArray(detail.roundIds) ? detail.roundIds.length : 0;
  if (rounds > 1)
    clauses.push(
      language === 'zh-CN' ? `合并了 ${rounds} 个轮次的信号` : `signals of ${rounds} rounds merged`,
    );
  return clauses.join(clauseSeparator[language]);
}
