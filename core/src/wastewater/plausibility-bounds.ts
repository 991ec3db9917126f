/**
 * How large a lab's number may be before it is refused (hard bound) or the lab is asked to
 * confirm it (soft bound), per quantity, analyte and site kind. Defaults below, each with its
 * source; an admin may store others (table `plausibility_bounds`), which win over these.
 *
 * A hard bound is a physical or practical impossibility: a row beyond it is refused with its
 * reason, nothing stored. A soft bound is the highest figure the literature has seen: a row
 * beyond it is stored, and the import report asks the lab to confirm it (`confirm_value`).
 */
export const PLAUSIBILITY_QUANTITIES = ['concentration', 'flow', 'population', 'recovery'] as const;
export type PlausibilityQuantity = (typeof PLAUSIBILITY_QUANTITIES)[number];

export interface PlausibilityBound {
  quantity: PlausibilityQuantity;
  /** Null: every analyte (concentration only). */
  analyteCode: string | null;
  /** Null: every kind of site. */
  siteKind: string | null;
  /** Values must be strictly above hardMin when `hardMinExclusive`, else at or above it. */
  hardMin: number;
  hardMinExclusive: boolean;
  hardMax: number;
  softMin: number | null;
  softMax: number | null;
  source: string;
}

/** Unit of each quantity, as the bounds are written. */
export const PLAUSIBILITY_UNITS: Record<PlausibilityQuantity, string> = {
  concentration: 'ng/L',
  flow: 'm³/d',
  population: 'persons',
  recovery: '%',
};

const SMALL_CATCHMENTS = ['sewer', 'venue', 'hotel', 'residential', 'other'] as const;

/**
 * The defaults (docs/trends-and-alerts.md, "Plausibility bounds").
 * - concentration: drug residues in raw sewage are ng/L to a few µg/L (SCORE city loads: BE and
 *   METH at most ~10 µg/L in the highest cities; dumping events reported up to ~100 µg/L). Soft
 *   100 µg/L; hard 10 mg/L (10⁷ ng/L), beyond anything a sewer has carried, and where a µg/L vs
 *   mg/L unit slip lands. Population markers (cotinine, hydroxycotinine) reach ~10 µg/L in every
 *   sample: soft 1 mg/L, hard 100 mg/L.
 * - flow: the largest treatment plants carry ~5 × 10⁶ m³/d (Stickney, Chicago: 1.44 × 10⁹ US
 *   gal/d peak ≈ 5.4 × 10⁶ m³/d). Plants: soft 3 × 10⁶, hard 10⁷. A venue, hotel or manhole
 *   catchment (≤ a few thousand people at ~0.2 m³/person/day): soft 10⁴, hard 10⁶. Zero flow
 *   gives no load: refused.
 * - population: the largest single catchments serve ~10⁷ people. Plants soft 5 × 10⁶, hard
 *   3 × 10⁷; small catchments soft 5 × 10⁴, hard 10⁶.
 * - recovery: SCORE accepts 70-130 % for the extraction; soft outside 50-150 %, hard outside
 *   (0, 500] %.
 */
export const DEFAULT_PLAUSIBILITY_BOUNDS: readonly PlausibilityBound[] = [
  {
    quantity: 'concentration',
    analyteCode: null,
    siteKind: null,
    hardMin: 0,
    hardMinExclusive: false,
    hardMax: 1e7,
    softMin: null,
    softMax: 1e5,
    source: 'SCORE/EUDA city data (residues ≤ ~10 µg/L); dumping reports ≤ ~100 µg/L',
  },
  ...(['COT', 'HCOT'] as const).map((analyteCode) => ({
    quantity: 'concentration' as const,
    analyteCode,
    siteKind: null,
    hardMin: 0,
    hardMinExclusive: false,
    hardMax: 1e8,
    softMin: null,
    softMax: 1e6,
    source: 'Population marker: ~1-10 µg/L in every raw sewage sample',
  })),
  {
    quantity: 'flow',
    analyteCode: null,
    siteKind: 'wwtp',
    hardMin: 0,
    hardMinExclusive: true,
    hardMax: 1e7,
    softMin: null,
    softMax: 3e6,
    source: 'Largest plants ~5 × 10⁶ m³/d (Stickney WRP, Chicago)',
  },
  ...SMALL_CATCHMENTS.map((siteKind) => ({
    quantity: 'flow' as const,
    analyteCode: null,
    siteKind,
    hardMin: 0,
    hardMinExclusive: true,
    hardMax: 1e6,
    softMin: null,
    softMax: 1e4,
    source: 'Small catchment: ≤ a few thousand people × ~0.2 m³/person/day',
  })),
  {
    quantity: 'population',
    analyteCode: null,
    siteKind: 'wwtp',
    hardMin: 0,
    hardMinExclusive: true,
    hardMax: 3e7,
    softMin: null,
    softMax: 5e6,
    source: 'Largest single catchments serve ~10⁷ people',
  },
  ...SMALL_CATCHMENTS.map((siteKind) => ({
    quantity: 'population' as const,
    analyteCode: null,
    siteKind,
    hardMin: 0,
    hardMinExclusive: true,
    hardMax: 1e6,
    softMin: null,
    softMax: 5e4,
    source: 'Small catchment: a venue, hotel or manhole serves at most tens of thousands',
  })),
  {
    quantity: 'recovery',
    analyteCode: null,
    siteKind: null,
    hardMin: 0,
    hardMinExclusive: true,
    hardMax: 500,
    softMin: 50,
    softMax: 150,
    source: 'SCORE protocol: extraction recovery 70-130 % accepted',
  },
];

/** Bounds without a site kind for flow and population: a site of unknown kind. */
const FALLBACK: Record<PlausibilityQuantity, PlausibilityBound> = {
  concentration: DEFAULT_PLAUSIBILITY_BOUNDS[0]!,
  flow: DEFAULT_PLAUSIBILITY_BOUNDS.find((b) => b.quantity === 'flow' && b.siteKind === 'wwtp')!,
  population: DEFAULT_PLAUSIBILITY_BOUNDS.find((b) => b.quantity === 'population' && b.siteKind === 'wwtp')!,
  recovery: DEFAULT_PLAUSIBILITY_BOUNDS.find((b) => b.quantity === 'recovery')!,
};

/**
 * The bound that applies: the most specific of `bounds` (analyte and kind > analyte > kind >
 * neither), then of the defaults.
 */
export function boundFor(
  quantity: PlausibilityQuantity,
  analyteCode: string | null,
  siteKind: string | null,
  bounds: readonly PlausibilityBound[] = [],
): PlausibilityBound {
  for (const list of [bounds, DEFAULT_PLAUSIBILITY_BOUNDS]) {
    let best: PlausibilityBound | undefined;
    let bestScore = -1;
    for (const b of list) {
      if (b.quantity !== quantity) continue;
      if (b.analyteCode !== null && b.analyteCode !== analyteCode) continue;
      if (b.siteKind !== null && b.siteKind !== siteKind) continue;
      const score = (b.analyteCode !== null ? 2 : 0) + (b.siteKind !== null ? 1 : 0);
      if (score > bestScore) {
        best = b;
        bestScore = score;
      }
    }
    if (best) return best;
  }
  return FALLBACK[quantity];
}

export type PlausibilityVerdict =
  | { level: 'ok' }
  | { level: 'hard' | 'soft'; bound: PlausibilityBound; limit: number; side: 'below' | 'above' };

/**
 * Where a finite value stands against its bound.
 * @example judgeValue(2e7, boundFor('concentration', 'METH', 'venue')).level // 'hard'
 */
export function judgeValue(value: number, bound: PlausibilityBound): PlausibilityVerdict {
  if (bound.hardMinExclusive ? !(value > bound.hardMin) : !(value >= bound.hardMin))
    return { level: 'hard', bound, limit: bound.hardMin, side: 'below' };
  if (!(value <= bound.hardMax)) return { level: 'hard', bound, limit: bound.hardMax, side: 'above' };
  if (bound.softMin !== null && value < bound.softMin)
    return { level: 'soft', bound, limit: bound.softMin, side: 'below' };
  if (bound.softMax !== null && value > bound.softMax)
    return { level: 'soft', bound, limit: bound.softMax, side: 'above' };
  return { level: 'ok' };
}

/** Text quoted in a report line: the value, the limit and the unit (`1e+300 > 10000000 ng/L`). */
export function describeVerdict(
  value: number,
  verdict: Exclude<PlausibilityVerdict, { level: 'ok' }>,
): string {
  const unit = PLAUSIBILITY_UNITS[verdict.bound.quantity];
  return `${value} ${verdict.side === 'above' ? '>' : '<'} ${verdict.limit} ${unit}`;
}
