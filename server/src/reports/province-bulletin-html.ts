import { ALERT_SEVERITIES } from '@skywater/core/alerts/alert-signal';
import { FINDING_STATUSES } from '@skywater/core/survey/finding-status';
import type {
  ProvinceComparisonFigures,
  ProvinceComparisonView,
} from '@skywater/core/province/province-comparison-view';
import type { BulletinDistrict } from './bulletin-districts';
import type { RangedBulletinData } from './bulletin-figure-ranges';
import { fmt, grouped, rangeText, signedPercent } from './bulletin-format';
import {
  BULLETIN_STYLE,
  bulletinHeadlineHtml,
  roundCompleteness,
  type BulletinLanguage,
} from './bulletin-html';
import { bulletinLabels } from './bulletin-labels';
import { escapeXml } from './bulletin-map-svg';
import { provinceMapSvg, type OfficeOutline } from './province-map-svg';

/** Everything the province bulletin prints: the comparison, the map's shapes, each city's round. */
export interface ProvinceBulletinData {
  view: ProvinceComparisonView;
  /** Per office of the rows: its outline on the map (none: not drawn, listed in the tables only). */
  outlines: ReadonlyMap<number, OfficeOutline>;
  /** District boundaries around the offices, to orient by. */
  districts: readonly BulletinDistrict[];
  /** Per office of the rows with a round: that round's bulletin over the office's own sites. */
  cityBulletins: ReadonlyMap<number, RangedBulletinData>;
}

const TEXT = {
  'zh-CN': {
    title: '污水毒情监测评估预警通报（市县汇总）',
    /** A label's colon: full-width in Chinese text, no space after it. */
    colon: '：',
    office: '单位',
    period: '统计期间',
    analyte: '检测项目',
    comparison: '一、各市县对比（按人均负荷排名）',
    wastewater: '污水监测（污水处理厂）',
    alertsAndSurvey: '预警与踏查',
    rank: '排名',
    round: '轮次',
    plants: '污水厂',
    population: '服务人口',
    load: '人均负荷 (mg/天/千人)',
    consumption: '估算消费量 (mg/天/千人)',
    range: '95% 区间',
    change: '较上轮',
    trend: '趋势',
    openAlerts: '待处理预警',
    surveyArea: '踏查面积 (km²)',
    covered: '累计已覆盖 (km²，至今)',
    coverage: '覆盖率（至今）',
    flown: '期内飞行 (km²)',
    findings: '线索',
    eradicatedM2: '铲除面积 (m²)',
    total: (name: string) => `${name}合计`,
    map: '二、人均负荷分布图',
    mapLabel: '各市县人均负荷分布图',
    north: '北',
    noData: '无数据',
    unit: 'mg/天/千人',
    cities: '三、各市县本轮通报摘要',
    noRound: '本期无监测轮次。',
    noRows: '该单位下无市县。',
    partialMark: '部分报告',
    provisionalNote: '暂定换算系数：只作趋势比较，不作绝对值比较',
    partialFootnote: '标“部分报告”的单位本轮报告的采样点不足八成，详见该单位摘要中的提示。',
    methods: '方法与说明',
    methodNotes: [
      '对比表的污水数据只取污水处理厂（代表整个服务片区；娱乐场所等点位用于追踪）：每个单位取统计期间内结束的最近一轮，以各厂服务人口加权平均。',
      '合计行：人均负荷与消费量为各单位数值的人口加权平均（权重为采样污水厂的服务人口），预警数、面积、线索为各单位之和。',
      '95% 区间由各次测定的蒙特卡洛区间合并而来（不确定度参数见系统设置）；消费量换算系数本身有不确定性。',
      '各市县摘要为该单位本轮通报的主要数据：全部采样点（含场所点位）的中位数，与对比表的污水处理厂加权平均不是同一指标。',
      '预警为统计时各单位采样点上尚未处理的预警（全部检测项目）；累计已覆盖为至今全部已通过质检的航片足迹所覆盖的面积（不限统计期间）；期内飞行为统计期间内每日航片覆盖面积之和（同一地块不同日重复飞行重复计）。',
    ],
  },
  en: {
    colon: ': ',
    title: 'Wastewater drug monitoring: assessment and early-warning bulletin (cities and counties)',
    office: 'Office',
    period: 'Period',
    analyte: 'Analyte',
    comparison: '1. Cities and counties compared (ranked by normalised load)',
    wastewater: 'Wastewater (treatment plants)',
    alertsAndSurvey: 'Alerts and survey',
    rank: 'Rank',
    round: 'Round',
    plants: 'Plants',
    population: 'Population served',
    load: 'Normalised load (mg/day/1000)',
    consumption: 'Estimated consumption (mg/day/1000)',
    range: '95 % interval',
    change: 'vs previous',
    trend: 'Trend',
    openAlerts: 'Open alerts',
    surveyArea: 'Survey area (km²)',
    covered: 'Covered to date (km²)',
    coverage: 'Coverage to date',
    flown: 'Flown in period (km²)',
    findings: 'Findings',
    eradicatedM2: 'Eradicated (m²)',
    total: (name: string) => `${name} total`,
    map: '2. Normalised load by city and county',
    mapLabel: 'Map of normalised loads by office',
    north: 'N',
    noData: 'no data',
    unit: 'mg/day/1000',
    cities: "3. Each office's round at a glance",
    noRound: 'No round in this period.',
    noRows: 'This office has no cities or counties below it.',
    partialMark: 'partial',
    provisionalNote: 'provisional correction factor: compare trends, not absolute figures',
    partialFootnote:
      'An office marked “partial” had fewer than 80 % of its sites report this round: see the note in its section.',
    methods: 'Methods and caveats',
    methodNotes: [
      'The comparison reads treatment plants only (each measures a whole catchment; venue sites are for follow-up): for each office the latest round ending in the period, the mean over its plants weighted by the population each serves.',
      "Total row: loads and consumption are the population-weighted mean of the offices' figures (weights: the population served by the plants sampled); alerts, areas and findings are sums.",
      '95 % intervals combine the Monte Carlo intervals of each result (see the uncertainty settings); consumption correction factors are themselves uncertain.',
      "Each office's section is the headline of its own round bulletin: medians over all its sites (venues included), not the plants' weighted mean of the comparison.",
      "Alerts are those still open at the office's sites (every analyte); covered to date is the area the accepted photo footprints of every flight so far cover, whatever the period; flown in period sums each day's covered km² within the period (ground flown again on another day counts again).",
    ],
  },
};

const PROVINCE_STYLE = `<style>
h3 { font-size: 11pt; margin: 10pt 0 4pt; } h2, h3 { break-after: avoid; }
.comparison { font-size: 8pt; } .comparison th { font-weight: bold; } .comparison td { white-space: nowrap; } .comparison td.wrap { white-space: normal; }
tr.total td { font-weight: bold; background: #f7f3ea; } .mark { color: #b35900; font-weight: bold; white-space: nowrap; }
.map-section { break-inside: avoid; } .note { color: #444; font-size: 9pt; }
</style>`;

const e = escapeXml;

/** A share as a whole percent; a dash when the whole is 0. */
const percentOf = (part: number, whole: number) => (whole > 0 ? `${fmt((100 * part) / whole, 0)}%` : '—');

/**
 * The printable province bulletin: one self-contained HTML page (inline CSS and SVG). Its figures
 * are the comparison's (`GET /api/province/comparison`) as they are, printed with the round
 * bulletin's formats; its words come from the bulletins' label tables, never a raw code.
 */
export function renderProvinceBulletinHtml(data: ProvinceBulletinData, lang: BulletinLanguage): string {
  const t = TEXT[lang];
  const words = bulletinLabels(lang);
  const zh = lang === 'zh-CN';
  const { view } = data;
  const nameOf = (office: { nameZh: string; nameEn: string }) => (zh ? office.nameZh : office.nameEn);
  const officeName = nameOf(view.office);
  const analyteName = `${nameOf(view.analyte)} (${view.analyte.code})${view.analyte.provisional ? ' *' : ''}`;
  const partialOffices = new Set(
    view.rows
      .filter((row) => {
        const bulletin = data.cityBulletins.get(row.office.id);
        return bulletin !== undefined && roundCompleteness(bulletin).partial;
      })
      .map((row) => row.office.id),
  );
  const rowLabel = (name: string, officeId: number | null) =>
    `${e(name)}${officeId !== null && partialOffices.has(officeId) ? ` <span class="mark">(${t.partialMark})</span>` : ''}`;
  const wastewaterCells = (f: ProvinceComparisonFigures) =>
    `<td class="wrap">${f.round ? e(f.round.name) : '—'}</td><td class="n">${f.plantsSampled}</td><td class="n">${grouped(f.populationServed)}</td>` +
    `<td class="n load">${fmt(f.normalisedLoadMgPerDayPer1000, 2)}</td><td class="n range">${rangeText(f.normalisedLoadInterval95)}</td>` +
    `<td class="n consumption">${fmt(f.consumptionMgPerDayPer1000, 2)}</td><td class="n range">${rangeText(f.consumptionInterval95)}</td>` +
    `<td class="n change">${f.changePercent === null ? '—' : signedPercent(f.changePercent)}</td><td>${f.trend ? e(words.trend(f.trend)) : '—'}</td>`;
  const surveyCells = (f: ProvinceComparisonFigures) =>
    ALERT_SEVERITIES.slice()
      .reverse()
      .map((severity) => `<td class="n">${f.openAlerts[severity] ?? 0}</td>`)
      .join('') +
    `<td class="n">${fmt(f.surveyAreaKm2, 1)}</td><td class="n covered">${fmt(f.coveredToDateKm2, 1)}</td><td class="n">${percentOf(f.coveredToDateKm2, f.surveyAreaKm2)}</td><td class="n flown">${fmt(f.flownInPeriodKm2, 1)}</td>` +
    FINDING_STATUSES.map((status) => `<td class="n">${f.findings[status] ?? 0}</td>`).join('') +
    `<td class="n">${grouped(f.eradicatedM2)}</td>`;
  const wastewaterRows = view.rows
    .map(
      (row) =>
        `<tr data-office="${e(row.office.code)}"><td class="n">${row.rank ?? '—'}</td><td class="wrap">${rowLabel(nameOf(row.office), row.office.id)}</td>${wastewaterCells(row)}</tr>`,
    )
    .join('');
  const surveyRows = view.rows
    .map(
      (row) =>
        `<tr data-office="${e(row.office.code)}"><td class="wrap">${rowLabel(nameOf(row.office), row.office.id)}</td>${surveyCells(row)}</tr>`,
    )
    .join('');
  const totalName = t.total(officeName);
  const severityHeads = ALERT_SEVERITIES.slice()
    .reverse()
    .map((severity) => `<th>${e(words.severity(severity))}</th>`)
    .join('');
  const findingHeads = FINDING_STATUSES.map((status) => `<th>${e(words.findingStatus(status))}</th>`).join(
    '',
  );
  const comparison = view.rows.length
    ? `<h3>${t.wastewater}</h3>
<table class="comparison" id="comparison-wastewater"><thead><tr><th>${t.rank}</th><th>${t.office}</th><th>${t.round}</th><th>${t.plants}</th><th>${t.population}</th><th>${t.load}</th><th>${t.range}</th><th>${t.consumption}</th><th>${t.range}</th><th>${t.change}</th><th>${t.trend}</th></tr></thead>
<tbody>${wastewaterRows}<tr class="total" data-office="total"><td></td><td class="wrap">${e(totalName)}</td>${wastewaterCells(view.total)}</tr></tbody></table>
<h3>${t.alertsAndSurvey}</h3>
<table class="comparison" id="comparison-survey"><thead><tr><th rowspan="2">${t.office}</th><th colspan="${ALERT_SEVERITIES.length}">${t.openAlerts}</th><th rowspan="2">${t.surveyArea}</th><th rowspan="2">${t.covered}</th><th rowspan="2">${t.coverage}</th><th rowspan="2">${t.flown}</th><th colspan="${FINDING_STATUSES.length}">${t.findings}</th><th rowspan="2">${t.eradicatedM2}</th></tr>
<tr>${severityHeads}${findingHeads}</tr></thead>
<tbody>${surveyRows}<tr class="total" data-office="total"><td class="wrap">${e(totalName)}</td>${surveyCells(view.total)}</tr></tbody></table>
${partialOffices.size ? `<p class="note">${e(t.partialFootnote)}</p>` : ''}`
    : `<p>${t.noRows}</p>`;
  const map = provinceMapSvg(
    view.rows.map((row) => ({
      officeId: row.office.id,
      name: nameOf(row.office),
      load: row.normalisedLoadMgPerDayPer1000,
    })),
    data.outlines,
    data.districts,
    { north: t.north, label: t.mapLabel, noData: t.noData, unit: t.unit },
  );
  const citySections = view.rows
    .map((row) => {
      const bulletin = data.cityBulletins.get(row.office.id);
      const round = bulletin?.round ?? row.round;
      const heading = `${e(nameOf(row.office))}${round ? ` · ${e(round.name)} (${e(round.startsOn)} – ${e(round.endsOn)})` : ''}`;
      const body = bulletin
        ? bulletinHeadlineHtml(bulletin, lang, `-${row.office.code}`)
        : `<p>${t.noRound}</p>`;
      return `<section class="city" id="city-${e(row.office.code)}"><h3>${heading}</h3>\n${body}</section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${e(officeName)} · ${e(t.title)} · ${e(view.from)} – ${e(view.to)}</title>
${BULLETIN_STYLE}
${PROVINCE_STYLE}</head><body>
<h1>${e(officeName)} ${e(t.title)}</h1>
<div class="meta">${t.office}${t.colon}<b>${e(officeName)}</b> · ${t.period}${t.colon}<b id="period">${e(view.from)} – ${e(view.to)}</b> · ${t.analyte}${t.colon}<b>${e(analyteName)}</b></div>
<h2>${t.comparison}</h2>
${comparison}
<section class="map-section"><h2>${t.map}</h2>
<div class="map">${map}</div></section>
<h2>${t.cities}</h2>
${citySections || `<p>${t.noRows}</p>`}
<h2>${t.methods}</h2>
<ul>${t.methodNotes.map((n) => `<li>${e(n)}</li>`).join('')}</ul>
${view.analyte.provisional ? `<p>* ${t.provisionalNote}</p>` : ''}
</body></html>`;
}
