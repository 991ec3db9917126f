import type { RangedBulletinData } from './bulletin-figure-ranges';
import { fmt, rangeText, signedPercent } from './bulletin-format';
import type { BulletinDistrict } from './bulletin-districts';
import { bulletinLabels } from './bulletin-labels';
import { bulletinMapSvg, escapeXml, LEVEL_COLOURS } from './bulletin-map-svg';

/** Below this share of the area's sites, a round is partial: no comparison with another round. */
const COMPLETE_ROUND_SHARE = 0.8;

export type BulletinLanguage = 'zh-CN' | 'en';

const TEXT = {
  'zh-CN': {
    title: '污水毒情监测评估预警通报',
    /** A label's colon: full-width in Chinese text, no space after it. */
    colon: '：',
    round: '轮次',
    area: '区域',
    allAreas: '全部区域',
    headline: '主要数据',
    sitesSampled: '采样点数',
    previous: '上一轮',
    analyte: '检测项目',
    detection: '检出率',
    median: '人均负荷中位数 (mg/天/千人)',
    range: '95% 区间',
    consumption: '估算消费量 (mg/天/千人)',
    change: '较上轮',
    map: '采样点分布 (甲基苯丙胺负荷等级, 红圈为热点)',
    sites: '采样点负荷与趋势 (甲基苯丙胺)',
    site: '采样点',
    load: '负荷 (mg/天/千人)',
    level: '等级',
    trend: '趋势',
    hotSpots: '空间热点 (Gi*, 经FDR校正)',
    confidence: '置信度',
    pattern: '时空模式',
    alerts: '本轮预警及处置',
    severity: '级别',
    kind: '类型',
    status: '状态',
    actions: '处置记录',
    none: '无',
    methods: '方法与说明',
    notDetected: '未检出',
    partial: (n: number, of: number) =>
      `注意：本轮仅 ${n} / ${of} 个采样点报告了结果（部分上传或尚未完成），汇总数字不代表全区域，不与上一轮比较。`,
    previousPartial: (n: number, of: number) =>
      `注意：上一轮仅 ${n} / ${of} 个采样点报告了结果，不与其比较。`,
    partialNote: '部分轮次不作比较',
    alertsFigure: '本轮预警',
    highFigure: '其中高级别',
    hotFigure: '热点',
    provisionalNote: '暂定换算系数',
    north: '北',
    mapLabel: '采样点分布图',
    levels: ['低', '较低', '较高', '高'],
    trends: { rising: '上升', falling: '下降', stable: '平稳', insufficient_data: '数据不足' } as Record<
      string,
      string
    >,
    methodNotes: [
      '低于定量限 (LOQ) 的结果按 LOQ/2 计入负荷与趋势计算, 并作标记; 未检出不以 0 计。',
      '人均负荷 = 浓度 (ng/L) × 日流量 (m³/天) × 10⁻³ ÷ (服务人口/1000)。',
      '趋势: Mann-Kendall 检验 (n ≤ 10 用精确分布, 双侧 α = 0.05) 与 Sen 斜率; 少于4轮定量结果视为数据不足。',
      '突增: 与本点位既往轮次比较的 EARS 式 z 值 > 3 (标准差下限为均值的20%及定量限)。',
      '热点: Getis-Ord Gi* (1,500 米距离带, 对数负荷), 90/95/99% 置信度并经错误发现率 (FDR) 校正。',
      '95% 区间: 蒙特卡洛模拟 (50,000 次抽样) 合并分析、采样 (按采样方式)、流量、人口、管网中稳定性与排泄 (换算系数) 六项不确定度, 各项取值及来源见系统设置 (Castiglioni 等, Environ. Sci. Technol. 2013, 47:1452; EUDA/SCORE 规程)。中位数的区间为各采样点区间上下限的中位数。',
      '消费量换算系数存在不确定性; 依托咪酯 (依托咪酯酸) 等无验证系数的项目为暂定值, 仅供趋势比较。',
    ],
  },
  en: {
    title: 'Wastewater drug monitoring: assessment and early-warning bulletin',
    colon: ': ',
    round: 'Round',
    area: 'Area',
    allAreas: 'All areas',
    headline: 'Headline figures',
    sitesSampled: 'Sites sampled',
    previous: 'previous round',
    analyte: 'Analyte',
    detection: 'Detection rate',
    median: 'Median normalised load (mg/day/1000)',
    range: '95 % interval',
    consumption: 'Estimated consumption (mg/day/1000)',
    change: 'vs previous',
    map: 'Sites (methamphetamine load class; red ring = hot spot)',
    sites: 'Sites by load and trend (methamphetamine)',
    site: 'Site',
    load: 'Load (mg/day/1000)',
    level: 'Level',
    trend: 'Trend',
    hotSpots: 'Spatial hot spots (Gi*, FDR-corrected)',
    confidence: 'Confidence',
    pattern: 'Pattern',
    alerts: "The round's alerts and what was done",
    severity: 'Severity',
    kind: 'Kind',
    status: 'Status',
    actions: 'Actions',
    none: 'None',
    methods: 'Methods and caveats',
    notDetected: 'not detected',
    partial: (n: number, of: number) =>
      `Note: only ${n} of ${of} sites reported this round (partly uploaded or not finished): the figures do not stand for the whole area and are not compared with the previous round.`,
    previousPartial: (n: number, of: number) =>
      `Note: only ${n} of ${of} sites reported in the previous round: no comparison with it.`,
    partialNote: 'partial round, not compared',
    alertsFigure: 'Alerts this round',
    highFigure: 'high',
    hotFigure: 'Hot spots',
    provisionalNote: 'provisional correction factor',
    north: 'N',
    mapLabel: 'Map of the sites',
    levels: ['low', 'moderate', 'elevated', 'high'],
    trends: {
      rising: 'rising',
      falling: 'falling',
      stable: 'stable',
      insufficient_data: 'insufficient data',
    } as Record<string, string>,
    methodNotes: [
      'Results below the LOQ enter loads and trends as LOQ/2, flagged; a non-detect is never a 0.',
      'Normalised load = C (ng/L) × Q (m³/day) × 10⁻³ ÷ (population / 1000).',
      "Trend: Mann-Kendall (exact distribution for n ≤ 10, two-sided α 0.05) and Sen's slope; fewer than 4 quantified rounds is insufficient data.",
      "Spike: EARS-style z > 3 against the site's earlier rounds (sd floored at 20 % of the mean and at the LOQ).",
      'Hot spots: Getis-Ord Gi* (1,500 m distance band, log loads), 90/95/99 % with false-discovery-rate correction.',
      '95 % interval: Monte Carlo (50,000 draws) combining the analytical, sampling (by collection type), flow, population, in-sewer stability and excretion (correction factor) uncertainties, each with its value and source in the settings (Castiglioni et al., Environ. Sci. Technol. 2013, 47:1452; EUDA/SCORE protocol). A median’s interval is the median of the sites’ lower and upper bounds.',
      'Consumption correction factors are uncertain; etomidate (etomidate acid) and others without a validated factor are provisional: compare trends, not absolute figures.',
    ],
  },
};

/** Quartile class (0..3) of the round's METH loads. */
function levelClassifier(loads: number[]): (load: number | null) => number {
  const sorted = loads.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  const cuts = [q(0.25), q(0.5), q(0.75)];
  return (load) => (load === null ? -1 : cuts.filter((c) => load > c).length);
}

/**
 * Whether a round (and the previous one) was reported by fewer than 80 % of the sites expected
 * (those sampled in this or an earlier round of the campaign): a partial round is not compared.
 */
export function roundCompleteness(
  data: Pick<RangedBulletinData, 'expectedSites' | 'sitesSampled' | 'previousSitesSampled' | 'previousRound'>,
): { partial: boolean; previousPartial: boolean } {
  const partial = data.expectedSites > 0 && data.sitesSampled < COMPLETE_ROUND_SHARE * data.expectedSites;
  const previousPartial =
    data.previousRound !== null &&
    data.expectedSites > 0 &&
    data.previousSitesSampled < COMPLETE_ROUND_SHARE * data.expectedSites;
  return { partial, previousPartial };
}

/** The bulletins' print style (A4, a CJK font first): the round bulletin's and the province bulletin's. */
export const BULLETIN_STYLE = `<style>
@page { size: A4; margin: 14mm 12mm; }
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei", "Source Han Sans SC", sans-serif; color: #1a1a1a; font-size: 10.5pt; margin: 0; }
h1 { font-size: 17pt; margin: 0 0 4pt; } h2 { font-size: 12.5pt; border-bottom: 1.5pt solid #8b0000; padding-bottom: 2pt; margin: 14pt 0 6pt; }
.meta { color: #444; margin-bottom: 8pt; } .figures { display: flex; gap: 12pt; margin: 6pt 0; }
.figure { border: 1pt solid #ccc; padding: 6pt 10pt; } .figure b { font-size: 16pt; display: block; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; } th, td { border: 0.5pt solid #bbb; padding: 2pt 4pt; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
.warning { border: 1.5pt solid #b35900; background: #fff4e5; padding: 6pt 8pt; margin: 6pt 0; font-weight: bold; }
th { background: #f0f0f0; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
.dot { display: inline-block; width: 8pt; height: 8pt; border-radius: 50%; margin-right: 3pt; vertical-align: middle; }
tr.sev-high td:first-child { color: #b00000; font-weight: bold; } .map { page-break-inside: avoid; }
ul { margin: 0; padding-left: 14pt; } .legend span { margin-right: 10pt; }
</style>`;

/**
 * The headline of a round's bulletin: a warning when the round (or the previous one) is partial,
 * the figures (sites sampled, alerts, hot spots) and each analyte's detection rate, median
 * normalised load with its interval and change. The round bulletin opens with it; the province
 * bulletin prints it for each city's round (`idSuffix` keeps the ids of one page unique).
 */
export function bulletinHeadlineHtml(
  data: RangedBulletinData,
  lang: BulletinLanguage,
  idSuffix = '',
): string {
  const t = TEXT[lang];
  const e = escapeXml;
  const zh = lang === 'zh-CN';
  const { partial, previousPartial } = roundCompleteness(data);
  const comparable = !partial && !previousPartial;
  const headlineRows = data.analytes
    .map((a) => {
      const rate = a.sampledSites ? (100 * a.detectedSites) / a.sampledSites : null;
      // An analyte found nowhere has no load to summarise: LOQ/2 stand-ins are not a median.
      const detected = a.detectedSites > 0;
      const change =
        detected && comparable && a.medianLoad !== null && a.previousMedianLoad
          ? (100 * (a.medianLoad - a.previousMedianLoad)) / a.previousMedianLoad
          : null;
      return `<tr><td>${e(zh ? a.nameZh : a.nameEn)} (${e(a.code)})${a.provisional ? ' *' : ''}</td><td class="n">${a.detectedSites}/${a.sampledSites} (${fmt(rate, 0)}%)</td><td class="n">${detected ? fmt(a.medianLoad, 2) : t.notDetected}</td><td class="n range">${detected ? rangeText(a.medianLoadRange) : '—'}</td><td class="n">${change === null ? '—' : signedPercent(change)}</td></tr>`;
    })
    .join('');
  return `${partial ? `<p class="warning" id="partial-round${idSuffix}">${e(t.partial(data.sitesSampled, data.expectedSites))}</p>` : ''}
${!partial && previousPartial ? `<p class="warning" id="partial-previous${idSuffix}">${e(t.previousPartial(data.previousSitesSampled, data.expectedSites))}</p>` : ''}
<div class="figures"><div class="figure">${t.sitesSampled}<b id="sites-sampled${idSuffix}">${data.sitesSampled}</b>${t.previous}${t.colon}${data.previousRound ? data.previousSitesSampled : '—'}</div>
<div class="figure">${t.alertsFigure}<b id="alert-count${idSuffix}">${data.alerts.length}</b>${t.highFigure}${t.colon}${data.alerts.filter((a) => a.severity === 'high').length}</div>
<div class="figure">${t.hotFigure}<b>${data.hotSpots.length}</b>95/99%</div></div>
<table><thead><tr><th>${t.analyte}</th><th>${t.detection}</th><th>${t.median}</th><th>${t.range}</th><th>${t.change}${data.previousRound ? ` (${e(data.previousRound.name)})` : ''}</th></tr></thead><tbody>${headlineRows}</tbody></table>
`;
}

/** The printable bulletin: one self-contained HTML page (inline CSS and SVG, nothing loaded from outside). */
export function renderBulletinHtml(
  data: RangedBulletinData,
  lang: BulletinLanguage,
  districts: readonly BulletinDistrict[] = [],
): string {
  const t = TEXT[lang];
  const words = bulletinLabels(lang);
  const e = escapeXml;
  const zh = lang === 'zh-CN';
  const levelOf = levelClassifier(data.sites.map((s) => s.methLoad ?? NaN));
  const analyteName = (code: string | null) => {
    if (!code) return '—';
    const found = data.analytes.find((a) => a.code === code);
    return found ? `${zh ? found.nameZh : found.nameEn} (${code})` : code;
  };
  const siteRows = [...data.sites]
    .sort((a, b) => (b.methLoad ?? -1) - (a.methLoad ?? -1))
    .map((s) => {
      const level = levelOf(s.methLoad);
      return `<tr data-site="${e(s.code)}"><td>${e(s.code)}</td><td>${e(s.name)}</td><td class="n">${fmt(s.methLoad, 2)}</td><td class="n range">${rangeText(s.methLoadRange)}</td><td class="n">${fmt(s.methConsumption.value, 2)}</td><td class="n range">${rangeText(s.methConsumption)}</td><td><span class="dot" style="background:${LEVEL_COLOURS[level] ?? '#999'}"></span>${level >= 0 ? t.levels[level] : '—'}</td><td>${s.methTrend ? e(t.trends[s.methTrend] ?? s.methTrend) : '—'}${s.methPercentChange !== null && s.methTrend === 'rising' ? ` (+${fmt(s.methPercentChange, 0)}%)` : ''}</td></tr>`;
    })
    .join('');
  const hotRows = data.hotSpots
    .map(
      (h) =>
        `<tr><td>${e(h.code)}</td><td>${e(analyteName(h.analyte))}</td><td class="n">${h.bin === 3 ? '99%' : '95%'}</td><td class="n">${fmt(h.giZ, 2)}</td><td>${e(words.pattern(h.emerging))}</td></tr>`,
    )
    .join('');
  const alertRows = data.alerts
    .map(
      (a) =>
        `<tr class="sev-${e(a.severity)}"><td>${e(words.severity(a.severity))}</td><td>${e(words.alertKind(a.kind))}</td><td>${e(a.siteCode ?? '')}</td><td>${e(analyteName(a.analyte))}</td><td>${e(words.status(a.status))}</td><td>${a.events.length ? a.events.map((ev) => `${e(words.action(ev.action))}${t.colon}${e(ev.reason)} (${e(ev.actorName ?? '')})`).join('<br>') : t.none}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${e(t.title)} · ${e(data.round.name)}</title>
${BULLETIN_STYLE}</head><body>
<h1>${e(t.title)}</h1>
<div class="meta">${t.round}${t.colon}<b>${e(data.round.name)}</b> (${e(data.round.startsOn)} – ${e(data.round.endsOn)}) · ${t.area}${t.colon}<b>${e(data.area ? `${data.area.city} ${data.area.name}` : t.allAreas)}</b></div>
<h2>${t.headline}</h2>
${bulletinHeadlineHtml(data, lang)}
<h2>${t.map}</h2>
<div class="map">${bulletinMapSvg(data, levelOf, 640, districts, { north: t.north, label: t.mapLabel })}</div>
<div class="legend">${t.levels.map((l, i) => `<span><span class="dot" style="background:${LEVEL_COLOURS[i]}"></span>${l}</span>`).join('')}</div>
<h2>${t.alerts}</h2>
${alertRows ? `<table><thead><tr><th>${t.severity}</th><th>${t.kind}</th><th>${t.site}</th><th>${t.analyte}</th><th>${t.status}</th><th>${t.actions}</th></tr></thead><tbody>${alertRows}</tbody></table>` : `<p>${t.none}</p>`}
<h2>${t.hotSpots}</h2>
${hotRows ? `<table><thead><tr><th>${t.site}</th><th>${t.analyte}</th><th>${t.confidence}</th><th>Gi* z</th><th>${t.pattern}</th></tr></thead><tbody>${hotRows}</tbody></table>` : `<p>${t.none}</p>`}
<h2>${t.sites}</h2>
<table><thead><tr><th>${t.site}</th><th></th><th>${t.load}</th><th>${t.range}</th><th>${t.consumption}</th><th>${t.range}</th><th>${t.level}</th><th>${t.trend}</th></tr></thead><tbody>${siteRows}</tbody></table>
<h2>${t.methods}</h2>
<ul>${t.methodNotes.map((n) => `<li>${e(n)}</li>`).join('')}</ul>
<p>* ${t.provisionalNote}</p>
</body></html>`;
}
