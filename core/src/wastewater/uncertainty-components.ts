import { COLLECTION_TYPES, type CollectionType } from './collection-type';

/**
 * The uncertainty components of a back-calculated figure, each a relative standard deviation
 * (RSD) with its source, and where each may be set (docs/design.md §3 "Uncertainty"; Castiglioni
 * et al., Environ. Sci. Technol. 2013, 47:1452; the EUDA/SCORE protocol). The defaults below are
 * what the platform ships; an admin may store others (table `uncertainty_components`), which win.
 *
 * Where each component may be set, most specific first:
 * - analytical: per analyte, else the default;
 * - sampling: per collection type (a sample of unknown type is judged as a grab);
 * - flow, population: per site, else the default;
 * - stability: per analyte, else the default;
 * - excretion (behind the CF): per analyte, else by the factor's status (established/provisional).
 */
export const UNCERTAINTY_COMPONENT_NAMES = [
  'analytical',
  'sampling',
  'flow',
  'population',
  'stability',
  'excretion',
] as const;
export type UncertaintyComponentName = (typeof UNCERTAINTY_COMPONENT_NAMES)[number];

export const UNCERTAINTY_SCOPES = ['default', 'analyte', 'site', 'collection_type', 'factor'] as const;
export type UncertaintyScope = (typeof UNCERTAINTY_SCOPES)[number];

/** The scopes each component accepts, most specific first (the order the resolver tries them). */
export const COMPONENT_SCOPES: Readonly<Record<UncertaintyComponentName, readonly UncertaintyScope[]>> = {
  analytical: ['analyte', 'default'],
  sampling: ['collection_type'],
  flow: ['site', 'default'],
  population: ['site', 'default'],
  stability: ['analyte', 'default'],
  excretion: ['analyte', 'factor'],
};

export const FACTOR_STATUSES = ['established', 'provisional'] as const;
export type FactorStatus = (typeof FACTOR_STATUSES)[number];

/** Above this an RSD says nothing a wide interval does not (a normal factor truncated at 0). */
export const MAX_COMPONENT_RSD = 2;

/** One component's RSD at one scope; `key` is '' for `default`, else the analyte code, site id, collection type or factor status. */
export interface UncertaintySetting {
  component: UncertaintyComponentName;
  scope: UncertaintyScope;
  key: string;
  rsd: number;
  source: string;
}

/** A component as used for one figure: its RSD, its source, and the scope it came from. */
export interface SourcedComponent {
  rsd: number;
  source: string;
  scope: UncertaintyScope;
  key: string;
  /** True when an admin stored it, false for the shipped default. */
  stored: boolean;
}

export type SourcedComponents = Readonly<Record<UncertaintyComponentName, SourcedComponent>>;

const CASTIGLIONI = 'Castiglioni et al., Environ. Sci. Technol. 2013, 47:1452';
const SCORE = 'EUDA/SCORE wastewater protocol';

const SAMPLING_SOURCE = `${CASTIGLIONI}; Ort et al., Environ. Sci. Technol. 2010, 44:6024 (sampling errors); ${SCORE}`;
const STABLE_SOURCE = `McCall et al., Water Res. 2016, 88:933 (≤ 10 % loss in 24 h); ${CASTIGLIONI}`;
const LOSSY_SOURCE = `McCall et al., Water Res. 2016, 88:933 (cocaine ~20-40 % in 12 h, 6-MAM transforms); ${CASTIGLIONI}`;

/** The shipped defaults, each with its source. */
export const DEFAULT_UNCERTAINTY_SETTINGS: readonly UncertaintySetting[] = [
  {
    component: 'analytical',
    scope: 'default',
    key: '',
    rsd: 0.1,
    source: `${CASTIGLIONI}: inter-laboratory RSD of SCORE exercises ~10 %`,
  },
  {
    component: 'sampling',
    scope: 'collection_type',
    key: 'composite_flow',
    rsd: 0.1,
    source: `${SAMPLING_SOURCE}: 24-h flow-proportional composite`,
  },
  {
    component: 'sampling',
    scope: 'collection_type',
    key: 'composite_time',
    rsd: 0.2,
    source: `${SAMPLING_SOURCE}: time-proportional composite`,
  },
  {
    component: 'sampling',
    scope: 'collection_type',
    key: 'composite_volume',
    rsd: 0.2,
    source: `${SAMPLING_SOURCE}: volume-proportional composite`,
  },
  {
    component: 'sampling',
    scope: 'collection_type',
    key: 'grab',
    rsd: 0.5,
    source: `${SAMPLING_SOURCE}: grab sample (50 % or more)`,
  },
  {
    component: 'flow',
    scope: 'default',
    key: '',
    rsd: 0.1,
    source: `${CASTIGLIONI}: plant flow meters ~10 %`,
  },
  {
    component: 'population',
    scope: 'default',
    key: '',
    rsd: 0.2,
    source: `${CASTIGLIONI}: census or plant records 10-20 %, more for tourist catchments`,
  },
  {
    component: 'stability',
    scope: 'default',
    key: '',
    rsd: 0.1,
    source: `${CASTIGLIONI}: residues without a stability study`,
  },
  ...(['METH', 'AMP', 'MDMA', 'BE', 'KET'] as const).map((code): UncertaintySetting => ({
    component: 'stability',
    scope: 'analyte',
    key: code,
    rsd: 0.05,
    source: STABLE_SOURCE,
  })),
  { component: 'stability', scope: 'analyte', key: 'COC', rsd: 0.2, source: LOSSY_SOURCE },
  { component: 'stability', scope: 'analyte', key: '6-MAM', rsd: 0.3, source: LOSSY_SOURCE },
  {
    component: 'stability',
    scope: 'analyte',
    key: 'THC-COOH',
    rsd: 0.15,
    source: `${CASTIGLIONI}: THC-COOH partitions to particles`,
  },
  {
    component: 'excretion',
    scope: 'factor',
    key: 'established',
    rsd: 0.25,
    source: `${CASTIGLIONI}: excretion profiles from few pharmacokinetic studies, the largest component`,
  },
  {
    component: 'excretion',
    scope: 'factor',
    key: 'provisional',
    rsd: 0.5,
    source: `${CASTIGLIONI}; ${SCORE}: no validated excretion study, provisional factor`,
  },
];

/** Why a setting is refused (the API turns these into a 400 naming the field). */
export function settingProblem(setting: Omit<UncertaintySetting, 'source'>): string | null {
  if (!COMPONENT_SCOPES[setting.component].includes(setting.scope))
    return `${setting.component} is set per ${COMPONENT_SCOPES[setting.component].join(' or ')}, not per ${setting.scope}`;
  if (setting.scope === 'default' && setting.key !== '') return 'a default has no key';
  if (setting.scope === 'collection_type' && !COLLECTION_TYPES.includes(setting.key as CollectionType))
    return `unknown collection type "${setting.key}" (one of ${COLLECTION_TYPES.join(', ')})`;
  if (setting.scope === 'factor' && !FACTOR_STATUSES.includes(setting.key as FactorStatus))
    return `unknown factor status "${setting.key}" (established or provisional)`;
  if (!Number.isFinite(setting.rsd) || setting.rsd < 0 || setting.rsd > MAX_COMPONENT_RSD)
    return `rsd must be a finite number from 0 to ${MAX_COMPONENT_RSD}`;
  return null;
}

export interface ComponentsInput {
  analyteCode: string;
  siteId: number | string | null;
  collectionType: CollectionType | null;
  provisional: boolean;
}

/**
 * Builds the function that names each component's RSD and source for one measurement, from the
 * stored settings over the defaults. Equal inputs get the same frozen object, so
 * `figureIntervals` caches its quantiles by identity.
 * @example componentResolver([])({ analyteCode: 'METH', siteId: 1, collectionType: 'composite_flow',
 *   provisional: false }).sampling.rsd // 0.1
 */
export function componentResolver(
  stored: readonly UncertaintySetting[],
): (input: ComponentsInput) => SourcedComponents {
  const table = new Map<string, SourcedComponent>();
  const put = (s: UncertaintySetting, isStored: boolean) =>
    table.set(`${s.component}|${s.scope}|${s.key}`, {
      rsd: s.rsd,
      source: s.source,
      scope: s.scope,
      key: s.key,
      stored: isStored,
    });
  for (const s of DEFAULT_UNCERTAINTY_SETTINGS) put(s, false);
  for (const s of stored) put(s, true);
  const memo = new Map<string, SourcedComponents>();
  return (input) => {
    const keys: Record<UncertaintyScope, string> = {
      default: '',
      analyte: input.analyteCode,
      site: input.siteId === null ? '' : String(input.siteId),
      collection_type: input.collectionType ?? 'grab',
      factor: input.provisional ? 'provisional' : 'established',
    };
    const memoKey = `${keys.analyte}|${keys.site}|${keys.collection_type}|${keys.factor}`;
    let found = memo.get(memoKey);
    if (!found) {
      const entries = UNCERTAINTY_COMPONENT_NAMES.map((name) => {
        for (const scope of COMPONENT_SCOPES[name]) {
          const hit = table.get(`${name}|${scope}|${keys[scope]}`);
          if (hit) return [name, hit] as const;
        }
        throw new Error(`no default for uncertainty component ${name}`);
      });
      found = Object.freeze(
        Object.fromEntries(entries) as Record<UncertaintyComponentName, SourcedComponent>,
      );
      memo.set(memoKey, found);
    }
    return found;
  };
}
