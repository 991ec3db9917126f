import { LAB_COLUMNS, bilingualHeader } from '@skywater/core/wastewater/lab-template';

const QUALIFIER_NOTES: readonly [string, string][] = [
  [
    '<LOQ / 低于定量限',
    '检出但低于定量限 / detected below the limit of quantification (LOQ/2 is used for trends, flagged)',
  ],
  ['<LOD / 低于检出限', '低于检出限 / below the limit of detection'],
  ['ND / 未检出', '未检出 / not detected (stored as a qualifier, never as 0)'],
  ['<5', '低于该限值（按定量限处理）/ below that limit, read as <LOQ with LOQ = 5'],
  ['>5000 / >ULOQ', '超出定量上限 / above the calibrated range'],
];

const UNIT_NOTES: readonly [string, string][] = [
  ['ng/L', '纳克每升 / nanograms per litre (stored unit)'],
  ['µg/L (ug/L)', '微克每升 = 1000 ng/L'],
  ['mg/m³', '毫克每立方米 = 1000 ng/L'],
  ['ng/mL', '纳克每毫升 = 1000 ng/L'],
];

/**
 * The upload template as an XLSX workbook: sheet 1 "数据 Data" with one bilingual header row
 * (Chinese, line break, English: either is accepted on upload) and an example row; sheet 2
 * "说明 Notes" explaining each column, the units and the qualifiers. Only sheet 1 is read back.
 */
export async function templateWorkbook(): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Skywater';
  const data = workbook.addWorksheet('数据 Data', { views: [{ state: 'frozen', ySplit: 1 }] });
  data.columns = LAB_COLUMNS.map((column) => ({
    header: bilingualHeader(column),
    key: column.key,
    width: Math.max(14, column.zh.length * 2 + 4, column.en.length + 4),
  }));
  data.getRow(1).font = { bold: true };
  data.getRow(1).alignment = { wrapText: true, vertical: 'middle' };
  data.getRow(1).height = 32;
  data.addRow(Object.fromEntries(LAB_COLUMNS.map((column) => [column.key, column.example])));
  // Text format for every data cell: Excel must not turn sample ids or `<5` into something else.
  for (let index = 1; index <= LAB_COLUMNS.length; index++) data.getColumn(index).numFmt = '@';

  const notes = workbook.addWorksheet('说明 Notes');
  notes.columns = [
    { header: '列（中文）', key: 'zh', width: 18 },
    { header: 'Column (English)', key: 'en', width: 18 },
    { header: '必填 Required', key: 'required', width: 14 },
    { header: '说明 Description', key: 'description', width: 70 },
    { header: '示例 Example', key: 'example', width: 20 },
  ];
  notes.getRow(1).font = { bold: true };
  for (const column of LAB_COLUMNS) {
    notes.addRow({
      zh: column.zh,
      en: column.en,
      required: column.required ? '是 yes' : '否 no',
      description: column.description,
      example: column.example,
    });
  }
  notes.addRow({});
  notes.addRow({
    zh: '单位 Units',
    description: '浓度、检出限、定量限使用同一单位 / value, LOD and LOQ share the unit',
  }).font = {
    bold: true,
  };
  for (const [unit, text] of UNIT_NOTES) notes.addRow({ zh: unit, description: text });
  notes.addRow({});
  notes.addRow({ zh: '浓度写法 Values', description: '数值或限定符 / a number or a qualifier' }).font = {
    bold: true,
  };
  for (const [value, text] of QUALIFIER_NOTES) notes.addRow({ zh: value, description: text });
  notes.addRow({});
  notes.addRow({
    zh: '时间 Times',
    description:
      '2025-03-24 08:00、2025/3/24 8:00、2025年3月24日 08:00；未注明时区按北京时间 / Asia/Shanghai unless an offset is given',
  });
  notes.addRow({
    zh: '重复上传 Re-upload',
    description:
      '同一文件再次上传不会重复写入；已入库结果不会被覆盖，需更正请使用更正功能 / the same file twice writes nothing; stored results are never overwritten: use a correction',
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
