/**
 * Every code a lab upload can be refused with, and what it means in Chinese and English.
 * Lab technicians read these in the validation report, so the Chinese text is the primary one.
 */
export const LAB_ERROR_CODES = [
  // row level
  'unknown_site',
  'unknown_round',
  'ambiguous_round',
  'round_closed',
  'unknown_analyte',
  'negative_value',
  'implausible_value',
  'confirm_value',
  'end_before_start',
  'impossible_unit',
  'invalid_date',
  'invalid_number',
  'invalid_collection_type',
  'missing_value',
  'extra_cells',
  'duplicate_in_file',
  // against what is stored
  'conflict_with_stored',
  'inconsistent_sample',
  // header level
  'missing_columns',
  'unknown_column',
  'duplicate_column',
  // file level
  'empty_file',
  'not_a_table',
  'legacy_xls',
  'invalid_encoding',
  'malformed_csv',
  'file_too_large',
  // PHES-ODM mapping
  'unmappable_measure',
  'unknown_sample',
] as const;

export type LabErrorCode = (typeof LAB_ERROR_CODES)[number];

export type LabLocale = 'zh-CN' | 'en';

/** One problem in an upload: spreadsheet row (header = 1), column name as written, code, text. */
export interface LabRowError {
  row: number;
  column: string | null;
  code: LabErrorCode;
  message: string;
  /** What was found in the cell, when the message quotes it (to render it in another language). */
  found?: string;
}

const MESSAGES: Record<LabErrorCode, { 'zh-CN': string; en: string }> = {
  unknown_site: { 'zh-CN': '采样点编码不存在', en: 'Unknown site code' },
  unknown_round: { 'zh-CN': '轮次不存在', en: 'Unknown round' },
  ambiguous_round: {
    'zh-CN': '轮次名称对应多个可见轮次（不同单位同名），无法确定',
    en: 'The round name matches several rounds you can see (of different offices)',
  },
  round_closed: {
    'zh-CN': '该轮次已关闭，不再接收结果',
    en: 'The round is closed: it takes no more results',
  },
  unknown_analyte: { 'zh-CN': '检测项目无法识别', en: 'Unknown analyte' },
  negative_value: { 'zh-CN': '数值不能为负', en: 'The value is negative' },
  implausible_value: {
    'zh-CN': '数值超出可能的范围（请核对单位和数值）',
    en: 'The value is outside what is possible (check the value and its unit)',
  },
  confirm_value: {
    'zh-CN': '数值高于文献所见的最高值，已入库，请实验室确认',
    en: 'The value is beyond the highest published figures: stored, please confirm it',
  },
  end_before_start: { 'zh-CN': '采样结束时间早于开始时间', en: 'Collection ends before it starts' },
  impossible_unit: {
    'zh-CN': '单位无法识别或无法换算为 ng/L（可用 ng/L、µg/L、mg/m³、ng/mL）',
    en: 'Unit not recognised or not convertible to ng/L (use ng/L, µg/L, mg/m³, ng/mL)',
  },
  invalid_date: {
    'zh-CN': '日期时间无法识别（示例：2025-03-24 08:00 或 2025年3月24日 08:00）',
    en: 'Date-time not recognised (e.g. 2025-03-24 08:00 or 2025年3月24日 08:00)',
  },
  invalid_number: { 'zh-CN': '不是有效的数字', en: 'Not a valid number' },
  invalid_collection_type: {
    'zh-CN': '采样方式无法识别（流量比例混合、时间比例混合、体积比例混合、瞬时）',
    en: 'Collection type not recognised (composite_flow, composite_time, composite_volume, grab)',
  },
  missing_value: { 'zh-CN': '必填项为空', en: 'A required value is empty' },
  extra_cells: { 'zh-CN': '该行单元格多于表头列数', en: 'The row has more cells than the header' },
  duplicate_in_file: {
    'zh-CN': '文件中重复的行（采样点、轮次、样品编号、检测项目、平行样相同）',
    en: 'Duplicate row in the file (same site, round, sample, analyte and replicate)',
  },
  conflict_with_stored: {
    'zh-CN': '与已入库的结果不一致（已入库数据不会被覆盖，如需更正请使用更正功能）',
    en: 'Differs from the result already stored (stored data is never overwritten: use a correction)',
  },
  inconsistent_sample: {
    'zh-CN': '同一样品在文件中的采样时间、采样方式、流量或人口前后不一致',
    en: 'The same sample has a different period, collection type, flow or population elsewhere in the file',
  },
  missing_columns: { 'zh-CN': '缺少必需的列', en: 'Required columns are missing' },
  unknown_column: { 'zh-CN': '无法识别的列（已忽略）', en: 'Unknown column (ignored)' },
  duplicate_column: { 'zh-CN': '同一列出现了两次', en: 'The same column appears twice' },
  empty_file: { 'zh-CN': '文件为空或没有数据行', en: 'The file is empty or has no data rows' },
  not_a_table: {
    'zh-CN': '文件不是 CSV 或 XLSX 表格（与扩展名无关）',
    en: 'The file is not a CSV or XLSX table, whatever its extension',
  },
  legacy_xls: {
    'zh-CN': '不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 CSV（UTF-8）',
    en: 'Old .xls files are not supported: save as .xlsx or CSV (UTF-8) in Excel',
  },
  invalid_encoding: {
    'zh-CN': '文件编码无法识别，请另存为 CSV（UTF-8）',
    en: 'The text encoding is not recognised: save as CSV (UTF-8)',
  },
  malformed_csv: {
    'zh-CN': 'CSV 格式错误（例如引号未闭合）',
    en: 'Malformed CSV (for example an unclosed quote)',
  },
  file_too_large: { 'zh-CN': '文件超过大小上限', en: 'The file exceeds the size limit' },
  unmappable_measure: {
    'zh-CN': '该 PHES-ODM 记录无法对应到本系统的字段',
    en: 'This PHES-ODM record does not map to our fields',
  },
  unknown_sample: {
    'zh-CN': 'PHES-ODM 测量记录引用的样品不存在',
    en: 'The PHES-ODM measure refers to a sample that is not in the samples table',
  },
};

/**
 * The human-readable text for a code, optionally followed by what was found
 * (e.g. `单位无法识别…：「mmol」`).
 * @example labErrorMessage('unknown_site', 'en', 'HK-99') // 'Unknown site code: "HK-99"'
 */
export function labErrorMessage(code: LabErrorCode, locale: LabLocale = 'zh-CN', found?: string): string {
  const text = MESSAGES[code][locale];
  if (found === undefined || found === '') return text;
  return locale === 'zh-CN' ? `${text}：「${found}」` : `${text}: "${found}"`;
}

/** Builds a report entry with its message in the given locale. */
export function labRowError(
  row: number,
  column: string | null,
  code: LabErrorCode,
  locale: LabLocale = 'zh-CN',
  found?: string,
): LabRowError {
  const error: LabRowError = { row, column, code, message: labErrorMessage(code, locale, found) };
  if (found !== undefined && found !== '') error.found = found;
  return error;
}
