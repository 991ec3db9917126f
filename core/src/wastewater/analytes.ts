import { foldCellText } from './cell-text';

/** What an analyte is used for: a drug residue with a back-calculation, or a population marker. */
export type AnalyteRole = 'drug_residue' | 'population_marker';

/** One row of the analyte catalogue (the seed of the admin-editable table). */
export interface Analyte {
  code: string;
  nameEn: string;
  nameZh: string;
  /** Other names labs write: street names, synonyms, abbreviations, in either language. */
  aliases: readonly string[];
  role: AnalyteRole;
  /** The compound measured in wastewater. */
  residue: string;
  /** The drug whose use is estimated from it (equal to `residue` when the parent itself is measured). */
  parentDrug: string;
  molarMassDrugGPerMol: number;
  molarMassResidueGPerMol: number;
  /** Fraction of a dose excreted as the residue; null where no accepted figure exists. */
  excretedFraction: number | null;
  /**
   * Consumption correction factor, CF = (M_drug / M_residue) / excretedFraction (docs/design.md §3);
   * null where none is used (markers, metabolites used only for confirmation).
   */
  correctionFactor: number | null;
  /** True when the factor is not validated for wastewater or is very uncertain: flag results. */
  provisional: boolean;
  /** Where the factor and excretion figures come from. */
  source: string;
  note?: string;
}

const SCORE = 'SCORE / EUDA wastewater monitoring practice';

/**
 * Priority substances of the seed catalogue: etomidate and its acid (a national priority,
 * docs/design.md §1), fentanyl and norfentanyl, the synthetic cathinones mephedrone and
 * methcathinone. Nitazenes and other substances the admin adds get the flag through
 * PATCH /api/analytes/:code. A first quantified result of one of them at a site is a high alert.
 */
export const PRIORITY_SUBSTANCE_CODES: ReadonlySet<string> = new Set([
  'ETO',
  'ETO-ACID',
  'FENT',
  'NORFENT',
  'MEPH',
  'MCAT',
]);

/**
 * The seed catalogue. Molar masses from the molecular formulas (IUPAC 2021 standard atomic
 * weights); correction factors for METH, AMP, MDMA, BE, KET, MOR, COD and THC-COOH exactly as in
 * docs/design.md §3, which follows Zuccato et al. 2008 (Environ Health Perspect 116:1027),
 * Castiglioni et al. 2013 (Addiction 108:556) and Gracia-Lor et al. 2016 (Sci Total Environ
 * 573:1648). Entries without a factor are confirmation metabolites or markers.
 */
export const ANALYTE_CATALOGUE: readonly Analyte[] = [
  {
    code: 'METH',
    nameEn: 'Methamphetamine',
    nameZh: '甲基苯丙胺',
    aliases: ['冰毒', '甲基安非他明', '去氧麻黄碱', 'methamphetamine', 'MA', 'meth'],
    role: 'drug_residue',
    residue: 'methamphetamine',
    parentDrug: 'methamphetamine',
    molarMassDrugGPerMol: 149.23,
    molarMassResidueGPerMol: 149.23,
    excretedFraction: 0.43,
    correctionFactor: 2.33,
    provisional: false,
    source: `Zuccato et al. 2008; Castiglioni et al. 2013; ${SCORE}`,
  },
  {
    code: 'AMP',
    nameEn: 'Amphetamine',
    nameZh: '苯丙胺',
    aliases: ['安非他明', 'amphetamine', 'speed'],
    role: 'drug_residue',
    residue: 'amphetamine',
    parentDrug: 'amphetamine',
    molarMassDrugGPerMol: 135.21,
    molarMassResidueGPerMol: 135.21,
    excretedFraction: 0.36,
    correctionFactor: 2.78,
    provisional: false,
    source: `Castiglioni et al. 2013; ${SCORE}`,
    note: 'Also a metabolite of methamphetamine: AMP/METH outside 0.05-0.25 points to another source.',
  },
  {
    code: 'MDMA',
    nameEn: 'MDMA',
    nameZh: '3,4-亚甲基二氧基甲基苯丙胺',
    aliases: ['摇头丸', '亚甲二氧基甲基苯丙胺', 'ecstasy', '3,4-methylenedioxymethamphetamine'],
    role: 'drug_residue',
    residue: 'MDMA',
    parentDrug: 'MDMA',
    molarMassDrugGPerMol: 193.25,
    molarMassResidueGPerMol: 193.25,
    excretedFraction: 0.225,
    correctionFactor: 4.44,
    provisional: false,
    source: `Castiglioni et al. 2013; ${SCORE}`,
  },
  {
    code: 'MDA',
    nameEn: 'MDA',
    nameZh: '3,4-亚甲基二氧基苯丙胺',
    aliases: ['亚甲二氧基苯丙胺', '替苯丙胺', '3,4-methylenedioxyamphetamine', 'tenamfetamine'],
    role: 'drug_residue',
    residue: 'MDA',
    parentDrug: 'MDA',
    molarMassDrugGPerMol: 179.22,
    molarMassResidueGPerMol: 179.22,
    excretedFraction: null,
    correctionFactor: null,
    provisional: true,
    source: 'Metabolite of MDMA as well as a drug; no accepted factor (Castiglioni et al. 2013)',
  },
  {
    code: 'BE',
    nameEn: 'Benzoylecgonine',
    nameZh: '苯甲酰爱康宁',
    aliases: ['苯甲酰芽子碱', '可卡因代谢物', 'benzoylecgonine', 'BZE'],
    role: 'drug_residue',
    residue: 'benzoylecgonine',
    parentDrug: 'cocaine',
    molarMassDrugGPerMol: 303.35,
    molarMassResidueGPerMol: 289.33,
    excretedFraction: 0.45,
    correctionFactor: 2.33,
    provisional: false,
    source: `Zuccato et al. 2008; ${SCORE}`,
  },
  {
    code: 'COC',
    nameEn: 'Cocaine',
    nameZh: '可卡因',
    aliases: ['古柯碱', 'cocaine'],
    role: 'drug_residue',
    residue: 'cocaine',
    parentDrug: 'cocaine',
    molarMassDrugGPerMol: 303.35,
    molarMassResidueGPerMol: 303.35,
    excretedFraction: null,
    correctionFactor: null,
    provisional: true,
    source:
      'Consumption is estimated from BE; COC/BE ratio is used to detect dumping (Castiglioni et al. 2013)',
  },
  {
    code: 'KET',
    nameEn: 'Ketamine',
    nameZh: '氯胺酮',
    aliases: ['K粉', 'K仔', 'ketamine'],
    role: 'drug_residue',
    residue: 'ketamine',
    parentDrug: 'ketamine',
    molarMassDrugGPerMol: 237.73,
    molarMassResidueGPerMol: 237.73,
    excretedFraction: 0.2,
    correctionFactor: 5.0,
    provisional: false,
    source: 'Chinese wastewater-based epidemiology practice (excretion 20 %), docs/design.md §3',
  },
  {
    code: 'NK',
    nameEn: 'Norketamine',
    nameZh: '去甲氯胺酮',
    aliases: ['norketamine'],
    role: 'drug_residue',
    residue: 'norketamine',
    parentDrug: 'ketamine',
    molarMassDrugGPerMol: 237.73,
    molarMassResidueGPerMol: 223.7,
    excretedFraction: null,
    correctionFactor: null,
    provisional: true,
    source: 'Metabolite confirming ketamine use; back-calculation uses KET itself (docs/design.md §3)',
  },
  {
    code: 'MOR',
    nameEn: 'Morphine',
    nameZh: '吗啡',
    aliases: ['morphine'],
    role: 'drug_residue',
    residue: 'morphine',
    parentDrug: 'heroin',
    molarMassDrugGPerMol: 369.41,
    molarMassResidueGPerMol: 285.34,
    excretedFraction: 0.42,
    correctionFactor: 3.08,
    provisional: false,
    source: `Zuccato et al. 2008; ${SCORE}`,
    note: 'Heroin estimate only after subtracting medical morphine and codeine use.',
  },
  {
    code: 'COD',
    nameEn: 'Codeine',
    nameZh: '可待因',
    aliases: ['甲基吗啡', 'codeine'],
    role: 'drug_residue',
    residue: 'codeine',
    parentDrug: 'codeine',
    molarMassDrugGPerMol: 299.36,
    molarMassResidueGPerMol: 299.36,
    excretedFraction: 0.3,
    correctionFactor: 3.33,
    provisional: false,
    source: `Castiglioni et al. 2013; ${SCORE}`,
  },
  {
    code: '6-MAM',
    nameEn: '6-Monoacetylmorphine',
    nameZh: '6-单乙酰吗啡',
    aliases: ['6-乙酰吗啡', '6-acetylmorphine', '6-monoacetylmorphine', '6MAM'],
    role: 'drug_residue',
    residue: '6-monoacetylmorphine',
    parentDrug: 'heroin',
    molarMassDrugGPerMol: 369.41,
    molarMassResidueGPerMol: 327.37,
    excretedFraction: null,
    correctionFactor: null,
    provisional: true,
    source: 'Heroin-specific marker, unstable in sewers; no accepted factor (Gracia-Lor et al. 2016)',
  },
  {
    code: 'METHADONE',
    nameEn: 'Methadone',
    nameZh: '美沙酮',
    aliases: ['methadone', 'MTD'],
    role: 'drug_residue',
    residue: 'methadone',
    parentDrug: 'methadone',
    molarMassDrugGPerMol: 309.45,
    molarMassResidueGPerMol: 309.45,
    excretedFraction: null,
    correctionFactor: null,
    provisional: true,
    source: 'Urinary excretion depends on urine pH; no accepted factor (Gracia-Lor et al. 2016)',
  },
  {
    code: 'EDDP',
    nameEn: 'EDDP',
    nameZh: '2-亚乙基-1,5-二甲基-3,3-二苯基吡咯烷',
    aliases: ['美沙酮代谢物', 'methadone metabolite', '2-ethylidene-1,5-dimethyl-3,3-diphenylpyrrolidine'],
    role: 'drug_residue',
    residue: 'EDDP',
    parentDrug: 'methadone',
    molarMassDrugGPerMol: 309.45,
    molarMassResidueGPerMol: 277.4,
    excretedFraction: null,
    correctionFactor: null,
    provisional: true,
    source: 'Main methadone metabolite; no factor in this seed, admin to set (Gracia-Lor et al. 2016)',
  },
  {
    code: 'THC-COOH',
    nameEn: 'THC-COOH',
    nameZh: '11-去甲-9-羧基-四氢大麻酚',
    aliases: ['大麻', '四氢大麻酚酸', 'cannabis', '11-nor-9-carboxy-THC', 'THCCOOH', 'THC-COOH'],
    role: 'drug_residue',
    residue: 'THC-COOH',
    parentDrug: 'THC (cannabis)',
    molarMassDrugGPerMol: 314.46,
    molarMassResidueGPerMol: 344.45,
    excretedFraction: 0.01,
    correctionFactor: 91,
    provisional: true,
    source: `Castiglioni et al. 2013 (excretion ~1 %, very uncertain); ${SCORE}`,
    note: 'Very uncertain: excretion and sorption to solids vary widely.',
  },
  {
    code: 'ETO-ACID',
    nameEn: 'Etomidate acid',
    nameZh: '依托咪酯酸',
    aliases: ['依托咪酯代谢物', 'etomidate acid', 'etomidate carboxylic acid', 'ETO acid'],
    role: 'drug_residue',
    residue: 'etomidate acid',
    parentDrug: 'etomidate',
    molarMassDrugGPerMol: 244.29,
    molarMassResidueGPerMol: 216.24,
    excretedFraction: 0.6,
    correctionFactor: 1.88,
    provisional: true,
    source:
      'Provisional, not validated for wastewater: Amidate (etomidate) label, ~75 % of a dose in ' +
      'urine within a day, ~80 % of it as the carboxylic acid (0.75 × 0.8 = 0.6)',
    note: 'New psychoactive substance of national priority; trends are comparable, absolute figures are not.',
  },
  {
    code: 'ETO',
    nameEn: 'Etomidate',
    nameZh: '依托咪酯',
    aliases: ['etomidate'],
    role: 'drug_residue',
    residue: 'etomidate',
    parentDrug: 'etomidate',
    molarMassDrugGPerMol: 244.29,
    molarMassResidueGPerMol: 244.29,
    excretedFraction: null,
    correctionFactor: null,
    provisional: true,
    source: 'Little is excreted unchanged; no validated factor (use ETO-ACID)',
  },
  {
    code: 'COT',
    nameEn: 'Cotinine',
    nameZh: '可替宁',
    aliases: ['cotinine', '尼古丁代谢物'],
    role: 'population_marker',
    residue: 'cotinine',
    parentDrug: 'nicotine',
    molarMassDrugGPerMol: 162.23,
    molarMassResidueGPerMol: 176.22,
    excretedFraction: null,
    correctionFactor: null,
    provisional: false,
    source: 'Population marker (Castiglioni et al. 2014; Been et al. 2014)',
  },
  {
    code: 'HCOT',
    nameEn: 'trans-3′-Hydroxycotinine',
    nameZh: '3-羟基可替宁',
    aliases: ['羟基可替宁', 'hydroxycotinine', '3-hydroxycotinine', 'OH-cotinine'],
    role: 'population_marker',
    residue: 'trans-3′-hydroxycotinine',
    parentDrug: 'nicotine',
    molarMassDrugGPerMol: 162.23,
    molarMassResidueGPerMol: 192.21,
    excretedFraction: null,
    correctionFactor: null,
    provisional: false,
    source: 'Population marker (Castiglioni et al. 2014)',
  },
  {
    code: 'MEPH',
    nameEn: 'Mephedrone',
    nameZh: '4-甲基甲卡西酮',
    aliases: ['甲氧麻黄酮', '喵喵', 'mephedrone', '4-MMC'],
    role: 'drug_residue',
    residue: 'mephedrone',
    parentDrug: 'mephedrone',
    molarMassDrugGPerMol: 177.24,
    molarMassResidueGPerMol: 177.24,
    excretedFraction: null,
    correctionFactor: null,
    provisional: true,
    source: 'New psychoactive substance; no accepted factor',
  },
  {
    code: 'FENT',
    nameEn: 'Fentanyl',
    nameZh: '芬太尼',
    aliases: ['fentanyl'],
    role: 'drug_residue',
    residue: 'fentanyl',
    parentDrug: 'fentanyl',
    molarMassDrugGPerMol: 336.47,
    molarMassResidueGPerMol: 336.47,
    excretedFraction: null,
    correctionFactor: null,
    provisional: true,
    source: 'Under 10 % excreted unchanged; no accepted factor',
  },
  {
    code: 'NORFENT',
    nameEn: 'Norfentanyl',
    nameZh: '去甲芬太尼',
    aliases: ['norfentanyl'],
    role: 'drug_residue',
    residue: 'norfentanyl',
    parentDrug: 'fentanyl',
    molarMassDrugGPerMol: 336.47,
    molarMassResidueGPerMol: 232.32,
    excretedFraction: null,
    correctionFactor: null,
    provisional: true,
    source: 'Main fentanyl metabolite; no accepted factor',
  },
  {
    code: 'TRAMADOL',
    nameEn: 'Tramadol',
    nameZh: '曲马多',
    aliases: ['曲马朵', 'tramadol', 'TRA'],
    role: 'drug_residue',
    residue: 'tramadol',
    parentDrug: 'tramadol',
    molarMassDrugGPerMol: 263.38,
    molarMassResidueGPerMol: 263.38,
    excretedFraction: 0.3,
    correctionFactor: 3.33,
    provisional: true,
    source: 'Provisional: tramadol label, ~30 % of a dose excreted unchanged in urine',
  },
  {
    code: 'MCAT',
    nameEn: 'Methcathinone',
    nameZh: '甲卡西酮',
    aliases: ['麻古酮', 'methcathinone', 'ephedrone'],
    role: 'drug_residue',
    residue: 'methcathinone',
    parentDrug: 'methcathinone',
    molarMassDrugGPerMol: 163.22,
    molarMassResidueGPerMol: 163.22,
    excretedFraction: null,
    correctionFactor: null,
    provisional: true,
    source: 'No accepted factor',
  },
];

/** Folds a name for matching: NFKC (full-width → ASCII), lower case, no spaces, `-`, `_` or `·`. */
function analyteKey(text: string): string {
  return foldCellText(text)
    .toLowerCase()
    .replace(/[\s\-_·.,()']/g, '');
}

function buildIndex(catalogue: readonly Analyte[]): Map<string, Analyte> {
  const index = new Map<string, Analyte>();
  // Codes and official names win over aliases when two entries share a spelling.
  for (const analyte of catalogue) {
    for (const name of [analyte.code, analyte.nameEn, analyte.nameZh]) index.set(analyteKey(name), analyte);
  }
  for (const analyte of catalogue) {
    for (const alias of analyte.aliases) {
      const key = analyteKey(alias);
      if (!index.has(key)) index.set(key, analyte);
    }
  }
  return index;
}

const DEFAULT_INDEX = buildIndex(ANALYTE_CATALOGUE);

/**
 * Finds an analyte from what a lab wrote: its code, English or Chinese name or an alias, in any
 * case, in full- or half-width characters, with or without spaces and hyphens.
 * @example resolveAnalyte('甲基苯丙胺')?.code // 'METH'
 * @example resolveAnalyte('ｋｅｔａｍｉｎｅ')?.code // 'KET'
 */
export function resolveAnalyte(
  text: string,
  catalogue: readonly Analyte[] = ANALYTE_CATALOGUE,
): Analyte | undefined {
  const index = catalogue === ANALYTE_CATALOGUE ? DEFAULT_INDEX : buildIndex(catalogue);
  return index.get(analyteKey(text));
}

/** Creates a resolver over an edited catalogue (the admin's table), indexed once. */
export function analyteResolver(catalogue: readonly Analyte[]): (text: string) => Analyte | undefined {
  const index = buildIndex(catalogue);
  return (text) => index.get(analyteKey(text));
}
