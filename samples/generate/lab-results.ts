import type { DemoSite } from './sites';
import { CLUSTER_CODES } from './sites';
import type { SeededRandom } from './seeded-random';

export interface DemoRound {
  name: string;
  startsOn: string;
  endsOn: string;
  /** Day the 24-hour composites start (08:00 local time). */
  samplingDay: string;
}

/** Six rounds in 2025, one every two months, plus round 7 held back as "the next round" to upload. */
export const ROUNDS: DemoRound[] = [
  { name: '2025年第1轮', startsOn: '2025-01-13', endsOn: '2025-01-26', samplingDay: '2025-01-15' },
  { name: '2025年第2轮', startsOn: '2025-03-10', endsOn: '2025-03-23', samplingDay: '2025-03-12' },
  { name: '2025年第3轮', startsOn: '2025-05-12', endsOn: '2025-05-25', samplingDay: '2025-05-14' },
  { name: '2025年第4轮', startsOn: '2025-07-14', endsOn: '2025-07-27', samplingDay: '2025-07-16' },
  { name: '2025年第5轮', startsOn: '2025-09-08', endsOn: '2025-09-21', samplingDay: '2025-09-10' },
  { name: '2025年第6轮', startsOn: '2025-11-10', endsOn: '2025-11-23', samplingDay: '2025-11-12' },
  { name: '2026年第1轮', startsOn: '2026-01-12', endsOn: '2026-01-25', samplingDay: '2026-01-14' },
];

/** The planted patterns; samples/README.md describes each, tests look for them by these codes. */
export const PLANTED = {
  risingMeth: { site: 'HK-V-017', analyte: 'METH', valuesNgL: [60, 95, 150, 230, 340, 520, 790] },
  ketamineSpike: { site: 'HK-H-008', analyte: 'KET', round: 5, factor: 12 },
  cluster: { sites: CLUSTER_CODES, analyte: 'METH', factor: 6 },
  firstEtomidate: { site: 'DF-V-004', analyte: 'ETO-ACID', round: 6, valueNgL: 18 },
  ampMethRatio: { site: 'HK-R-012', round: 4, ratio: 0.9 },
  /** In the held-back round 7 only: a second site's first etomidate detection. */
  nextRoundEtomidate: { site: 'HK-V-005', analyte: 'ETO-ACID', round: 7, valueNgL: 9 },
} as const;

export interface AnalyteProfile {
  code: string;
  /** Median concentration, ng/L, at a plant and at a small catchment. */
  medianPlantNgL: number;
  medianSmallNgL: number;
  lodNgL: number;
  loqNgL: number;
}

export const PROFILES: AnalyteProfile[] = [
  { code: 'METH', medianPlantNgL: 45, medianSmallNgL: 70, lodNgL: 0.5, loqNgL: 1 },
  { code: 'AMP', medianPlantNgL: 6, medianSmallNgL: 9, lodNgL: 0.5, loqNgL: 1 },
  { code: 'MDMA', medianPlantNgL: 0.6, medianSmallNgL: 0.8, lodNgL: 0.5, loqNgL: 1 },
  { code: 'KET', medianPlantNgL: 18, medianSmallNgL: 25, lodNgL: 0.5, loqNgL: 1 },
  { code: 'BE', medianPlantNgL: 4, medianSmallNgL: 5, lodNgL: 0.5, loqNgL: 1 },
  { code: 'COC', medianPlantNgL: 1.2, medianSmallNgL: 1.5, lodNgL: 0.5, loqNgL: 1 },
  { code: 'MOR', medianPlantNgL: 60, medianSmallNgL: 40, lodNgL: 1, loqNgL: 2 },
  { code: 'COD', medianPlantNgL: 45, medianSmallNgL: 30, lodNgL: 1, loqNgL: 2 },
  { code: 'THC-COOH', medianPlantNgL: 15, medianSmallNgL: 12, lodNgL: 2, loqNgL: 5 },
  { code: 'ETO-ACID', medianPlantNgL: 0, medianSmallNgL: 0, lodNgL: 0.5, loqNgL: 1 },
];

export interface LabRow {
  siteCode: string;
  round: string;
  sampleId: string;
  collectedStart: string;
  collectedEnd: string;
  collectionType: string;
  flowM3PerDay: number;
  population: number;
  analyte: string;
  value: string;
  unit: string;
  lod: number;
  loq: number;
  lab: string;
  method: string;
  replicate: number;
}

/**
 * Each site's level per analyte is fixed; each round multiplies it by a small noise factor.
 * Noise series are redrawn until they show no trend (|S| < 9 over 6 rounds) and no spike
 * (no round more than 2.5 sd above the earlier ones), so that only the planted patterns stand out.
 */
export function buildLabRows(
  sites: DemoSite[],
  random: SeededRandom,
  options: { planted?: boolean } = {},
): LabRow[][] {
  // Without the planted patterns (the null demo that measures the alerts' false-alarm rates),
  // every site is ordinary noise and no etomidate is found anywhere.
  const planted = options.planted ?? true;
  const rows: LabRow[][] = ROUNDS.map(() => []);
  for (const site of sites) {
    const small = site.kind !== 'wwtp';
    // One flow per sample: the same for all of its analytes.
    const flows = ROUNDS.map(() => Math.round(site.flowM3PerDay * random.between(0.9, 1.1)));
    for (const profile of PROFILES) {
      const base = (small ? profile.medianSmallNgL : profile.medianPlantNgL) * random.logNormal(1, 0.35);
      const noise = quietNoise(random, ROUNDS.length);
      ROUNDS.forEach((round, r) => {
        const roundNo = r + 1;
        let valueNgL = base * noise[r]!;
        if (!planted) {
          if (profile.code === 'ETO-ACID') valueNgL = 0;
          rows[r]!.push(labRow(site, round, roundNo, profile, valueNgL, flows[r]!));
          return;
        }
        if (site.code === PLANTED.risingMeth.site && profile.code === 'METH')
          valueNgL = PLANTED.risingMeth.valuesNgL[r]!;
        if (
          site.code === PLANTED.ketamineSpike.site &&
          profile.code === 'KET' &&
          roundNo === PLANTED.ketamineSpike.round
        ) {
          valueNgL *= PLANTED.ketamineSpike.factor;
        }
        if ((PLANTED.cluster.sites as readonly string[]).includes(site.code) && profile.code === 'METH')
          valueNgL *= PLANTED.cluster.factor;
        if (profile.code === 'ETO-ACID') {
          const first = site.code === PLANTED.firstEtomidate.site && roundNo >= PLANTED.firstEtomidate.round;
          const next =
            site.code === PLANTED.nextRoundEtomidate.site && roundNo === PLANTED.nextRoundEtomidate.round;
          valueNgL = first ? PLANTED.firstEtomidate.valueNgL : next ? PLANTED.nextRoundEtomidate.valueNgL : 0;
        }
        if (
          profile.code === 'AMP' &&
          site.code === PLANTED.ampMethRatio.site &&
          roundNo === PLANTED.ampMethRatio.round
        ) {
          valueNgL = -1; // filled in below from this round's METH
        }
        rows[r]!.push(labRow(site, round, roundNo, profile, valueNgL, flows[r]!));
      });
    }
  }
  if (!planted) return rows;
  // AMP/METH out of range: AMP set to 0.9 × the same sample's METH.
  const r = PLANTED.ampMethRatio.round - 1;
  const meth = rows[r]!.find((x) => x.siteCode === PLANTED.ampMethRatio.site && x.analyte === 'METH')!;
  const amp = rows[r]!.find((x) => x.siteCode === PLANTED.ampMethRatio.site && x.analyte === 'AMP')!;
  amp.value = (Number(meth.value) * PLANTED.ampMethRatio.ratio).toFixed(1);
  return rows;
}

export function labRow(
  site: DemoSite,
  round: DemoRound,
  roundNo: number,
  profile: AnalyteProfile,
  valueNgL: number,
  flowM3PerDay: number,
): LabRow {
  const start = `${round.samplingDay} 08:00`;
  const endDay = new Date(`${round.samplingDay}T00:00:00Z`);
  endDay.setUTCDate(endDay.getUTCDate() + 1);
  const dongfangLab = site.city === '东方市';
  let value: string;
  if (valueNgL < 0) value = '0';
  else if (valueNgL < profile.lodNgL) value = roundNo % 2 ? 'ND' : '未检出';
  else if (valueNgL < profile.loqNgL) value = '<LOQ';
  else value = valueNgL >= 100 ? valueNgL.toFixed(0) : valueNgL.toFixed(1);
  return {
    siteCode: site.code,
    round: round.name,
    sampleId: `${site.code}-R${roundNo}`,
    collectedStart: start,
    collectedEnd: `${endDay.toISOString().slice(0, 10)} 08:00`,
    collectionType: site.kind === 'wwtp' ? 'composite_flow' : 'composite_time',
    flowM3PerDay,
    population: site.populationServed,
    analyte: profile.code,
    value,
    unit: 'ng/L',
    lod: profile.lodNgL,
    loq: profile.loqNgL,
    lab: dongfangLab ? '东方市疾控中心实验室' : '海南省禁毒检测中心',
    method: 'SPE-LC-MS/MS',
    replicate: 1,
  };
}

/** Round-to-round noise with no trend (Mann-Kendall |S| < `sLimit`) and no spike. */
export function quietNoise(random: SeededRandom, n: number, sLimit = 9): number[] {
  for (;;) {
    const series = Array.from({ length: n }, () =>
      Math.exp(Math.max(-0.25, Math.min(0.25, 0.12 * random.normal()))),
    );
    if (Math.abs(mannKendallS(series)) < sLimit && !hasSpike(series)) return series;
  }
}

function mannKendallS(x: number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) for (let j = i + 1; j < x.length; j++) s += Math.sign(x[j]! - x[i]!);
  return s;
}

function hasSpike(x: number[]): boolean {
  for (let i = 3; i < x.length; i++) {
    const earlier = x.slice(0, i);
    const mean = earlier.reduce((a, b) => a + b, 0) / earlier.length;
    const sd = Math.sqrt(earlier.reduce((a, b) => a + (b - mean) ** 2, 0) / (earlier.length - 1));
    if ((x[i]! - mean) / Math.max(sd, 0.05 * mean) > 2.5) return true;
  }
  return false;
}

const COLLECTION_TYPES_ZH: Record<string, string> = {
  composite_flow: '流量比例混合',
  composite_time: '时间比例混合',
};

const ENGLISH_HEADERS = [
  'site_code',
  'round',
  'sample_id',
  'collected_start',
  'collected_end',
  'collection_type',
  'flow_m3_per_day',
  'population',
  'analyte',
  'value',
  'unit',
  'lod',
  'loq',
  'lab',
  'method',
  'replicate',
];
const CHINESE_HEADERS = [
  '采样点编码',
  '轮次',
  '样品编号',
  '采样开始时间',
  '采样结束时间',
  '采样方式',
  '日流量(m³/d)',
  '服务人口',
  '检测项目',
  '浓度',
  '单位',
  '检出限',
  '定量限',
  '检测机构',
  '检测方法',
  '平行样',
];

/** The lab template's CSV (UTF-8 with BOM, as Excel writes it): English headers, or Chinese. */
export function labRowsToCsv(rows: LabRow[], language: 'en' | 'zh'): string {
  const header = language === 'zh' ? CHINESE_HEADERS : ENGLISH_HEADERS;
  const lines = rows.map((r) =>
    [
      r.siteCode,
      r.round,
      r.sampleId,
      r.collectedStart,
      r.collectedEnd,
      language === 'zh' ? COLLECTION_TYPES_ZH[r.collectionType] : r.collectionType,
      r.flowM3PerDay,
      r.population,
      r.analyte,
      r.value,
      r.unit,
      r.lod,
      r.loq,
      r.lab,
      r.method,
      r.replicate,
    ]
      .map(csvField)
      .join(','),
  );
  return `\uFEFF${[header.join(','), ...lines].join('\r\n')}\r\n`;
}

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
