import { foldCellText } from './cell-text';

/** A column of the lab upload template (docs/api-contract.md, "The lab upload template"). */
export interface LabColumn {
  key: LabColumnKey;
  en: string;
  zh: string;
  required: boolean;
  /** What goes in it, in Chinese then English, for the template's documentation. */
  description: string;
  example: string;
}

export type LabColumnKey =
  | 'site_code'
  | 'round'
  | 'sample_id'
  | 'collected_start'
  | 'collected_end'
  | 'collection_type'
  | 'flow_m3_per_day'
  | 'population'
  | 'analyte'
  | 'value'
  | 'unit'
  | 'lod'
  | 'loq'
  | 'lab'
  | 'method'
  | 'replicate'
  | 'recovery_pct';

/** The template's columns in their documented order; headers exactly as in docs/api-contract.md. */
export const LAB_COLUMNS: readonly LabColumn[] = [
  {
    key: 'site_code',
    en: 'site_code',
    zh: '采样点编码',
    required: true,
    description: '采样点编码 / a site code',
    example: 'HK-WWTP-01',
  },
  {
    key: 'round',
    en: 'round',
    zh: '轮次',
    required: true,
    description: '轮次名称 / a round name',
    example: '2025年第1轮',
  },
  {
    key: 'sample_id',
    en: 'sample_id',
    zh: '样品编号',
    required: true,
    description: '实验室样品编号 / the lab sample number',
    example: 'S2025-0324-01',
  },
  {
    key: 'collected_start',
    en: 'collected_start',
    zh: '采样开始时间',
    required: true,
    description: '日期时间 / date-time',
    example: '2025-03-24 08:00',
  },
  {
    key: 'collected_end',
    en: 'collected_end',
    zh: '采样结束时间',
    required: true,
    description: '日期时间 / date-time',
    example: '2025-03-25 08:00',
  },
  {
    key: 'collection_type',
    en: 'collection_type',
    zh: '采样方式',
    required: true,
    description:
      '流量比例混合 composite_flow, 时间比例混合 composite_time, 体积比例混合 composite_volume, 瞬时 grab',
    example: '流量比例混合',
  },
  {
    key: 'flow_m3_per_day',
    en: 'flow_m3_per_day',
    zh: '日流量(m³/d)',
    required: false,
    description: '日流量，瞬时样可空 / number; optional for grab samples',
    example: '100000',
  },
  {
    key: 'population',
    en: 'population',
    zh: '服务人口',
    required: false,
    description: '可空，默认用采样点的服务人口 / optional',
    example: '500000',
  },
  {
    key: 'analyte',
    en: 'analyte',
    zh: '检测项目',
    required: true,
    description: '代码或中英文名称 / code or name',
    example: '甲基苯丙胺',
  },
  {
    key: 'value',
    en: 'value',
    zh: '浓度',
    required: true,
    description: '数值或 <LOQ、<LOD、ND、未检出、<5 / number or a qualifier',
    example: '200',
  },
  { key: 'unit', en: 'unit', zh: '单位', required: true, description: 'ng/L、µg/L、mg/m³', example: 'ng/L' },
  {
    key: 'lod',
    en: 'lod',
    zh: '检出限',
    required: false,
    description: '数值，与浓度同单位 / number, same unit',
    example: '0.5',
  },
  {
    key: 'loq',
    en: 'loq',
    zh: '定量限',
    required: false,
    description: '数值，与浓度同单位 / number, same unit',
    example: '1',
  },
  {
    key: 'lab',
    en: 'lab',
    zh: '检测机构',
    required: false,
    description: '文本 / text',
    example: '海南省某检测中心',
  },
  {
    key: 'method',
    en: 'method',
    zh: '检测方法',
    required: false,
    description: '文本 / text',
    example: 'SPE-LC-MS/MS',
  },
  {
    key: 'replicate',
    en: 'replicate',
    zh: '平行样',
    required: false,
    description: '1, 2, …（默认 1）',
    example: '1',
  },
  {
    key: 'recovery_pct',
    en: 'recovery_pct',
    zh: '回收率(%)',
    required: false,
    description: '数值，可空 / number, optional',
    example: '95',
  },
];

/** Where each template column sits in a file's header row; built by `mapHeaders`. */
export interface HeaderMap {
  /** Column index by key, for the columns present. */
  indexOf: Partial<Record<LabColumnKey, number>>;
  /** The header text as the file wrote it, by key (for error reports). */
  headerOf: Partial<Record<LabColumnKey, string>>;
  /** Number of header cells up to the last non-empty one. */
  width: number;
  missing: LabColumnKey[];
  unknown: { index: number; header: string }[];
  duplicates: { index: number; header: string; key: LabColumnKey }[];
  /** True when every required column is present exactly once. */
  ok: boolean;
}

/** Folds a header: NFKC (full-width brackets and ³), no BOM, lower case, no spaces, `_`/`-`. */
function headerKey(text: string): string {
  return foldCellText(text)
    .toLowerCase()
    .replace(/[\s_-]/g, '');
}

// Spellings besides the exact headers, seen in lab files: the Chinese without its unit, etc.
const EXTRA_SPELLINGS: Readonly<Record<string, LabColumnKey>> = {
  点位编码: 'site_code',
  采样点: 'site_code',
  采样点位: 'site_code',
  site: 'site_code',
  采样轮次: 'round',
  批次: 'round',
  样品号: 'sample_id',
  sample: 'sample_id',
  sampleid: 'sample_id',
  开始时间: 'collected_start',
  结束时间: 'collected_end',
  start: 'collected_start',
  end: 'collected_end',
  采样类型: 'collection_type',
  日流量: 'flow_m3_per_day',
  '日流量(m3/d)': 'flow_m3_per_day',
  '流量(m3/d)': 'flow_m3_per_day',
  flowm3perday: 'flow_m3_per_day',
  flow: 'flow_m3_per_day',
  人口: 'population',
  populationserved: 'population',
  检测指标: 'analyte',
  目标物: 'analyte',
  化合物: 'analyte',
  浓度值: 'value',
  检测结果: 'value',
  concentration: 'value',
  回收率: 'recovery_pct',
  'recovery(%)': 'recovery_pct',
  recovery: 'recovery_pct',
  'recovery%': 'recovery_pct',
};

const HEADER_INDEX: ReadonlyMap<string, LabColumnKey> = (() => {
  const index = new Map<string, LabColumnKey>();
  for (const column of LAB_COLUMNS) {
    index.set(headerKey(column.en), column.key);
    index.set(headerKey(column.zh), column.key);
  }
  for (const [spelling, key] of Object.entries(EXTRA_SPELLINGS)) index.set(headerKey(spelling), key);
  return index;
})();

function singleHeaderColumn(header: string): LabColumnKey | undefined {
  // GBK (code page 936) has no `³`: an old Excel writes `日流量(m?/d)`, so retry without the unit.
  return HEADER_INDEX.get(headerKey(header)) ?? HEADER_INDEX.get(headerKey(header.replace(/\(.*\)$/, '')));
}

/**
 * The column a header names. A bilingual header as the XLSX template writes it (`采样点编码
 * site_code`, on two lines or one) is accepted when its parts name the same column.
 */
function headerColumn(header: string): LabColumnKey | undefined {
  const whole = singleHeaderColumn(header);
  if (whole !== undefined) return whole;
  const parts = header.split(/\s+/).filter((part) => part !== '');
  if (parts.length < 2) return undefined;
  const keys = new Set(parts.map(singleHeaderColumn));
  if (keys.size !== 1) return undefined;
  return [...keys][0];
}

/** The template's bilingual header for a column: Chinese, a line break, English. */
export function bilingualHeader(column: LabColumn): string {
  return `${column.zh}\n${column.en}`;
}

/**
 * Finds the template columns in a header row written in English, Chinese or a mix, in any
 * order. Trims BOM and whitespace, folds full-width characters (`（%）` = `(%)`), reports missing
 * required columns, unknown extra columns (ignored on import) and columns given twice.
 * @example mapHeaders(['浓度', 'site_code']).indexOf // { value: 0, site_code: 1 }
 */
export function mapHeaders(headerRow: readonly unknown[]): HeaderMap {
  const indexOf: Partial<Record<LabColumnKey, number>> = {};
  const headerOf: Partial<Record<LabColumnKey, string>> = {};
  const unknown: HeaderMap['unknown'] = [];
  const duplicates: HeaderMap['duplicates'] = [];
  let width = 0;
  headerRow.forEach((cell, index) => {
    const header = cell === null || cell === undefined ? '' : foldCellText(String(cell));
    if (header === '') return;
    width = index + 1;
    const key = headerColumn(header);
    if (key === undefined) unknown.push({ index, header });
    else if (indexOf[key] !== undefined) duplicates.push({ index, header, key });
    else {
      indexOf[key] = index;
      headerOf[key] = header;
    }
  });
  const missing = LAB_COLUMNS.filter((c) => c.required && indexOf[c.key] === undefined).map((c) => c.key);
  return {
    indexOf,
    headerOf,
    width,
    missing,
    unknown,
    duplicates,
    ok: missing.length === 0 && duplicates.length === 0,
  };
}

/** A header map for records already keyed by column (PHES-ODM conversion, tests). */
export function templateHeaderMap(language: 'en' | 'zh' = 'en'): HeaderMap {
  return mapHeaders(LAB_COLUMNS.map((c) => c[language]));
}

/**
 * The upload template as CSV: UTF-8 with a BOM (so Excel opens the Chinese headers correctly),
 * CRLF line ends, the header row in the chosen language and one example row.
 */
export function templateCsv(language: 'zh' | 'en' = 'zh'): string {
  const quote = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  const header = LAB_COLUMNS.map((c) => quote(c[language])).join(',');
  const englishExample: Partial<Record<LabColumnKey, string>> = {
    collection_type: 'composite_flow',
    analyte: 'METH',
    round: '2025 round 1',
    lab: 'Hainan test centre',
  };
  const example = LAB_COLUMNS.map((c) =>
    quote((language === 'en' && englishExample[c.key]) || c.example),
  ).join(',');
  return `\uFEFF${header}\r\n${example}\r\n`;
}
