import { describe, expect, it } from 'vitest';
import type { ProvinceComparisonView } from '@skywater/core/province/province-comparison-view';
import type { RangedBulletinData } from './bulletin-figure-ranges';
import { renderBulletinHtml } from './bulletin-html';
import { renderProvinceBulletinHtml, type ProvinceBulletinData } from './province-bulletin-html';
import { squareOutline as square } from '../../../test/support/office-outline-square';

/**
 * The province bulletin's rendering, from a literal bulletin: Haikou (ranked first, its
 * round complete), Dongfang (second, its round reported by 3 of 10 sites), Qionghai (no round in
 * the period, no outline on the map), and the province's total.
 */
const none = { low: 0, medium: 0, high: 0 };
const noFindings = { suspected: 0, verified: 0, rejected: 0, eradicated: 0, resurveyed: 0 };

const VIEW: ProvinceComparisonView = {
  office: { id: 1, code: 'hainan', nameZh: '海南省', nameEn: 'Hainan Province' },
  from: '2025-01-01',
  to: '2025-06-30',
  analyte: { code: 'METH', nameZh: '甲基苯丙胺', nameEn: 'Methamphetamine', provisional: false },
  rows: [
    {
      office: { id: 2, code: 'haikou', nameZh: '海口市禁毒委', nameEn: 'Haikou', kind: 'city' },
      rank: 1,
      round: { id: 16, name: '2025年第6轮', startsOn: '2025-06-01', endsOn: '2025-06-15' },
      plantsSampled: 4,
      populationServed: 1_234_567,
      normalisedLoadMgPerDayPer1000: 41.237,
      normalisedLoadInterval95: { lower95: 30.114, upper95: 55.891 },
      consumptionMgPerDayPer1000: 102.5,
      consumptionInterval95: { lower95: 60.04, upper95: 170.77 },
      previousNormalisedLoadMgPerDayPer1000: 36.1,
      changePercent: 14.23,
      trend: 'rising',
      openAlerts: { low: 1, medium: 2, high: 3 },
      surveyAreaKm2: 850,
      coveredToDateKm2: 612.34,
      flownInPeriodKm2: 240.5,
      findings: { suspected: 5, verified: 2, rejected: 1, eradicated: 1, resurveyed: 0 },
      eradicatedM2: 1520,
    },
    {
      office: { id: 3, code: 'dongfang', nameZh: '东方市禁毒委', nameEn: 'Dongfang', kind: 'city' },
      rank: 2,
      round: { id: 26, name: '东方2025年第2轮', startsOn: '2025-05-01', endsOn: '2025-05-10' },
      plantsSampled: 1,
      populationServed: 210_000,
      normalisedLoadMgPerDayPer1000: 12.5,
      normalisedLoadInterval95: { lower95: 8.75, upper95: 18.02 },
      consumptionMgPerDayPer1000: 31.25,
      consumptionInterval95: { lower95: 17.5, upper95: 55.5 },
      previousNormalisedLoadMgPerDayPer1000: 14,
      changePercent: -10.71,
      trend: 'flat',
      openAlerts: { low: 0, medium: 1, high: 0 },
      surveyAreaKm2: 1130,
      coveredToDateKm2: 0,
      flownInPeriodKm2: 0,
      findings: noFindings,
      eradicatedM2: 0,
    },
    {
      office: { id: 4, code: 'qionghai', nameZh: '琼海市禁毒委', nameEn: 'Qionghai', kind: 'city' },
      rank: null,
      round: null,
      plantsSampled: 0,
      populationServed: 0,
      normalisedLoadMgPerDayPer1000: null,
      normalisedLoadInterval95: null,
      consumptionMgPerDayPer1000: null,
      consumptionInterval95: null,
      previousNormalisedLoadMgPerDayPer1000: null,
      changePercent: null,
      trend: null,
      openAlerts: none,
      surveyAreaKm2: 0,
      coveredToDateKm2: 0,
      flownInPeriodKm2: 0,
      findings: noFindings,
      eradicatedM2: 0,
    },
  ],
  total: {
    round: null,
    plantsSampled: 5,
    populationServed: 1_444_567,
    normalisedLoadMgPerDayPer1000: 37.06,
    normalisedLoadInterval95: { lower95: 27.0, upper95: 50.4 },
    consumptionMgPerDayPer1000: 92.15,
    consumptionInterval95: { lower95: 53.9, upper95: 154.0 },
    previousNormalisedLoadMgPerDayPer1000: null,
    changePercent: null,
    trend: null,
    openAlerts: { low: 1, medium: 3, high: 3 },
    surveyAreaKm2: 1980,
    coveredToDateKm2: 612.34,
    flownInPeriodKm2: 240.5,
    findings: { suspected: 5, verified: 2, rejected: 1, eradicated: 1, resurveyed: 0 },
    eradicatedM2: 1520,
  },
};

const ranged = (value: number) => ({ value, lower95: value * 0.7, upper95: value * 1.4 });

/** A city's round bulletin as `withFigureRanges` gives it: `sitesSampled` of `expectedSites`. */
function cityBulletin(
  round: { id: number; name: string; startsOn: string; endsOn: string },
  sitesSampled: number,
  expectedSites: number,
): RangedBulletinData {
  return {
    round,
    previousRound: { id: round.id - 1, name: 'previous' },
    area: null,
    sitesSampled,
    previousSitesSampled: expectedSites,
    expectedSites,
    analytes: [
      {
        code: 'METH',
        nameZh: '甲基苯丙胺',
        nameEn: 'Methamphetamine',
        provisional: false,
        detectedSites: sitesSampled,
        sampledSites: sitesSampled,
        medianLoad: 20.5,
        previousMedianLoad: 18,
        medianLoadRange: ranged(20.5),
      },
    ],
    sites: [],
    hotSpots: [],
    alerts: [
      {
        id: 1,
        kind: 'spike',
        severity: 'high',
        status: 'open',
        siteCode: 'S',
        analyte: 'METH',
        detail: {},
        events: [],
      },
    ],
  };
}

const PROVINCE_BULLETIN: ProvinceBulletinData = {
  view: VIEW,
  outlines: new Map([
    [2, square(110.2, 19.8, 0.4)],
    [3, square(108.6, 18.9, 0.5)],
  ]),
  districts: [{ name: '龙华区', ...square(110.25, 19.9, 0.1) }],
  cityBulletins: new Map([
    [2, cityBulletin(VIEW.rows[0]!.round!, 124, 124)],
    [3, cityBulletin(VIEW.rows[1]!.round!, 3, 10)],
  ]),
};

/** What a reader sees: the text without tags, styles or the map's drawing. */
function visibleText(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
}

/** The cells of the table row `data-office="<code>"` in the table `id`. */
function rowCells(html: string, tableId: string, code: string): string[] {
  const table = html.slice(html.indexOf(`id="${tableId}"`));
  const row = table.slice(table.search(new RegExp(`<tr[^>]* data-office="${code}"`)));
  return [...row.slice(0, row.indexOf('</tr>')).matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) =>
    m[1]!.replace(/<[^>]+>/g, ''),
  );
}

describe('the province bulletin’s HTML', () => {
  const zh = renderProvinceBulletinHtml(PROVINCE_BULLETIN, 'zh-CN');
  const en = renderProvinceBulletinHtml(PROVINCE_BULLETIN, 'en');

  it('writes its labels’ colons full-width in Chinese and as ": " in English, here and in a round’s bulletin', () => {
    expect(zh).toContain('单位：<b>');
    expect(zh).toContain('统计期间：<b id="period">');
    expect(zh).toContain('上一轮：');
    expect(en).toContain('Period: <b id="period">');
    const round = renderBulletinHtml(cityBulletin(VIEW.rows[0]!.round!, 124, 124), 'zh-CN');
    expect(round).toMatch(/轮次：<b>2025年第6轮<\/b>/);
    expect(round).toContain('区域：<b>');
    const meta = (html: string) =>
      html.slice(
        html.indexOf('<div class="meta">'),
        html.indexOf('</div>', html.indexOf('<div class="meta">')),
      );
    expect(meta(round)).not.toMatch(/[\u4e00-\u9fff]:/);
    expect(meta(zh)).not.toMatch(/[\u4e00-\u9fff]:/);
    expect(renderBulletinHtml(cityBulletin(VIEW.rows[0]!.round!, 124, 124), 'en')).toContain('Round: <b>');
  });

  it('names the office, the period and the analyte in its title', () => {
    expect(zh).toContain('<h1>海南省 污水毒情监测评估预警通报（市县汇总）</h1>');
    expect(zh).toContain('<b id="period">2025-01-01 – 2025-06-30</b>');
    expect(zh).toContain('甲基苯丙胺 (METH)');
    expect(en).toContain('<h1>Hainan Province Wastewater drug monitoring');
    expect(en).toContain('Methamphetamine (METH)');
  });

  it('prints each office’s figures in its row, ranked as the comparison ranks them, and the total', () => {
    expect(rowCells(zh, 'comparison-wastewater', 'haikou')).toEqual([
      '1',
      '海口市禁毒委',
      '2025年第6轮',
      '4',
      '1,234,567',
      '41.24',
      '30.11–55.89',
      '102.50',
      '60.04–170.77',
      '+14%',
      '上升',
    ]);
    expect(rowCells(zh, 'comparison-wastewater', 'dongfang')).toEqual([
      '2',
      '东方市禁毒委 (部分报告)',
      '东方2025年第2轮',
      '1',
      '210,000',
      '12.50',
      '8.75–18.02',
      '31.25',
      '17.50–55.50',
      '−11%',
      '平稳',
    ]);
    expect(rowCells(zh, 'comparison-wastewater', 'qionghai')).toEqual([
      '—',
      '琼海市禁毒委',
      '—',
      '0',
      '0',
      '—',
      '—',
      '—',
      '—',
      '—',
      '—',
    ]);
    expect(rowCells(zh, 'comparison-wastewater', 'total')).toEqual([
      '',
      '海南省合计',
      '—',
      '5',
      '1,444,567',
      '37.06',
      '27.00–50.40',
      '92.15',
      '53.90–154.00',
      '—',
      '—',
    ]);
    // Open alerts high, medium, low; area, covered to date, its share, flown in the period;
    // findings by status; m² eradicated.
    expect(rowCells(zh, 'comparison-survey', 'haikou')).toEqual([
      '海口市禁毒委',
      '3',
      '2',
      '1',
      '850.0',
      '612.3',
      '72%',
      '240.5',
      '5',
      '2',
      '1',
      '1',
      '0',
      '1,520',
    ]);
    expect(rowCells(zh, 'comparison-survey', 'total')).toEqual([
      '海南省合计',
      '3',
      '3',
      '1',
      '1980.0',
      '612.3',
      '31%',
      '240.5',
      '5',
      '2',
      '1',
      '1',
      '0',
      '1,520',
    ]);
    const order = ['haikou', 'dongfang', 'qionghai'].map((code) =>
      zh.indexOf(`<tr data-office="${code}"><td class="n">`),
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(rowCells(en, 'comparison-wastewater', 'dongfang').slice(-2)).toEqual(['−11%', 'flat']);
    expect(rowCells(en, 'comparison-wastewater', 'total')[1]).toBe('Hainan Province total');
  });

  it('heads the alert and finding columns with words, and prints no raw code', () => {
    const head = zh.slice(
      zh.indexOf('id="comparison-survey"'),
      zh.indexOf('</thead>', zh.indexOf('id="comparison-survey"')),
    );
    expect(head).toContain('<th>高</th><th>中</th><th>低</th>');
    expect(head).toContain('<th>疑似</th><th>已核实</th><th>已排除</th><th>已铲除</th><th>已复查</th>');
    expect(en).toContain(
      '<th>Suspected</th><th>Verified</th><th>Rejected</th><th>Eradicated</th><th>Re-surveyed</th>',
    );
    const codes = [
      'rising',
      'falling',
      'flat',
      'suspected',
      'verified',
      'eradicated',
      'resurveyed',
      'rejected',
      'spike',
      'medium',
    ];
    for (const code of codes) expect(visibleText(zh), code).not.toMatch(new RegExp(`\\b${code}\\b`));
    for (const code of ['spike', 'suspected', 'resurveyed', 'medium'])
      expect(visibleText(en), code).not.toMatch(new RegExp(`\\b${code}\\b`));
  });

  it('collects each office’s round bulletin headline, warns on a partial round, and says when there is none', () => {
    const haikou = zh.slice(zh.indexOf('id="city-haikou"'), zh.indexOf('id="city-dongfang"'));
    expect(haikou).toContain('<h3>海口市禁毒委 · 2025年第6轮 (2025-06-01 – 2025-06-15)</h3>');
    expect(haikou).toContain('<b id="sites-sampled-haikou">124</b>');
    expect(haikou).toContain('<b id="alert-count-haikou">1</b>');
    expect(haikou).not.toContain('class="warning"');
    const dongfang = zh.slice(zh.indexOf('id="city-dongfang"'), zh.indexOf('id="city-qionghai"'));
    expect(dongfang).toContain('id="partial-round-dongfang"');
    expect(dongfang).toContain('本轮仅 3 / 10 个采样点报告了结果');
    expect(zh).toContain('标“部分报告”的单位');
    const qionghai = zh.slice(zh.indexOf('id="city-qionghai"'));
    expect(qionghai).toContain('本期无监测轮次。');
    expect(en).toContain('only 3 of 10 sites reported this round');
    expect(en).toContain('No round in this period.');
    // Every id on the page once.
    const ids = [...zh.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('draws the map with each office shaded, a scale bar and a north arrow, self-contained', () => {
    expect(zh).toContain('id="province-map"');
    expect(zh).toContain('id="scale-bar"');
    expect(zh).toContain('id="north-arrow"');
    expect(zh).toMatch(/<path data-office="2" d="M[^"]+" fill="#a63603"/);
    expect(zh).toMatch(/<path data-office="3" d="M[^"]+" fill="#/);
    // Qionghai has no outline: not drawn, still in the tables.
    expect(zh).not.toContain('data-office="4"');
    expect(zh).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });

  it('says so when the office has nothing below it', () => {
    const empty = renderProvinceBulletinHtml(
      { ...PROVINCE_BULLETIN, view: { ...VIEW, rows: [] }, cityBulletins: new Map() },
      'zh-CN',
    );
    expect(empty).toContain('该单位下无市县。');
    expect(empty).not.toContain('id="comparison-wastewater"');
  });
});
