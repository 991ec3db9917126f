import { describe, expect, it } from 'vitest';
import { resolveAnalyte } from './analytes';
import {
  backCalculate,
  concentrationForTrend,
  consumptionMgPerDayPer1000,
  massLoadMgPerDay,
  normalisedLoadMgPerDayPer1000,
} from './back-calculation';
import { isLoadImplausible } from './load-plausibility';

const METH = resolveAnalyte('METH')!;
const ETO_ACID = resolveAnalyte('ETO-ACID')!;

describe('back-calculation (docs/design.md §3)', () => {
  it('reproduces the worked example: METH 200 ng/L, 100,000 m³/d, 500,000 people', () => {
    expect(massLoadMgPerDay(200, 100_000)).toBe(20_000);
    expect(normalisedLoadMgPerDayPer1000(20_000, 500_000)).toBe(40);
    expect(consumptionMgPerDayPer1000(40, 2.33)).toBeCloseTo(93.2, 10);

    const result = backCalculate(
      { qualifier: '=', valueNgL: 200, lodNgL: 0.5, loqNgL: 1, flowM3PerDay: 100_000, population: 500_000 },
      METH,
    );
    expect(result.loadMgPerDay).toBe(20_000);
    expect(result.normalisedLoadMgPerDayPer1000).toBe(40);
    expect(result.consumptionMgPerDayPer1000).toBeCloseTo(93.2, 10);
    expect(result).toMatchObject({
      correctionFactor: 2.33,
      provisional: false,
      substituted: false,
      concentrationUsedNgL: 200,
    });
  });

  it('takes LOQ/2 for a below-LOQ point and flags it as substituted', () => {
    const result = backCalculate(
      { qualifier: '<LOQ', valueNgL: null, lodNgL: 1, loqNgL: 4, flowM3PerDay: 100_000, population: 500_000 },
      METH,
    );
    expect(result.concentrationUsedNgL).toBe(2);
    expect(result.substituted).toBe(true);
    expect(result.loadMgPerDay).toBe(200);
    expect(result.normalisedLoadMgPerDayPer1000).toBe(0.4);
  });

  it('takes LOQ/2 for ND too, LOD/2 when only the LOD is known, and nothing without a limit', () => {
    expect(concentrationForTrend({ qualifier: 'ND', valueNgL: null, lodNgL: 1, loqNgL: 3 })).toEqual({
      concentrationNgL: 1.5,
      substituted: true,
    });
    expect(concentrationForTrend({ qualifier: '<LOD', valueNgL: null, lodNgL: 1, loqNgL: null })).toEqual({
      concentrationNgL: 0.5,
      substituted: true,
    });
    expect(concentrationForTrend({ qualifier: 'ND', valueNgL: null, lodNgL: null, loqNgL: null })).toEqual({
      concentrationNgL: null,
      substituted: true,
    });
    expect(
      concentrationForTrend({
        qualifier: '>ULOQ',
        valueNgL: null,
        lodNgL: null,
        loqNgL: null,
        uloqNgL: 5000,
      }),
    ).toEqual({ concentrationNgL: 5000, substituted: true });
  });

  it('marks an etomidate estimate as provisional and names its factor', () => {
    const result = backCalculate(
      { qualifier: '=', valueNgL: 10, lodNgL: null, loqNgL: null, flowM3PerDay: 50_000, population: 250_000 },
      ETO_ACID,
    );
    expect(result.normalisedLoadMgPerDayPer1000).toBe(2);
    expect(result.correctionFactor).toBe(1.88);
    expect(result.consumptionMgPerDayPer1000).toBeCloseTo(3.76, 10);
    expect(result.provisional).toBe(true);
  });

  it('leaves the steps it cannot compute null: no flow, no population, no factor', () => {
    const noFlow = backCalculate(
      { qualifier: '=', valueNgL: 10, lodNgL: null, loqNgL: null, flowM3PerDay: null, population: 1000 },
      METH,
    );
    expect(noFlow).toMatchObject({
      loadMgPerDay: null,
      normalisedLoadMgPerDayPer1000: null,
      consumptionMgPerDayPer1000: null,
    });
    const noPopulation = backCalculate(
      { qualifier: '=', valueNgL: 10, lodNgL: null, loqNgL: null, flowM3PerDay: 1000, population: null },
      METH,
    );
    expect(noPopulation).toMatchObject({ loadMgPerDay: 10, normalisedLoadMgPerDayPer1000: null });
    const noFactor = backCalculate(
      { qualifier: '=', valueNgL: 10, lodNgL: null, loqNgL: null, flowM3PerDay: 1000, population: 1000 },
      resolveAnalyte('COT')!,
    );
    expect(noFactor).toMatchObject({
      normalisedLoadMgPerDayPer1000: 10,
      consumptionMgPerDayPer1000: null,
      correctionFactor: null,
    });
  });
});

describe('loads impossible for the population', () => {
  it('accepts the worked example and the top of the Chinese range', () => {
    expect(
      isLoadImplausible({
        analyteCode: 'METH',
        normalisedLoadMgPerDayPer1000: 40,
        consumptionMgPerDayPer1000: 93.2,
      }).implausible,
    ).toBe(false);
    expect(
      isLoadImplausible({
        analyteCode: 'METH',
        normalisedLoadMgPerDayPer1000: 161,
        consumptionMgPerDayPer1000: 376,
      }).implausible,
    ).toBe(false);
  });

  it('flags METH consumption above ten times the highest Chinese city (3,760 mg/d/1000)', () => {
    // µg/L typed as ng/L: 200 µg/L read as 200,000 ng/L gives 93,200 mg/d/1000.
    expect(
      isLoadImplausible({
        analyteCode: 'METH',
        normalisedLoadMgPerDayPer1000: 40_000,
        consumptionMgPerDayPer1000: 93_200,
      }),
    ).toEqual({ implausible: true, basis: 'consumption', ceilingMgPerDayPer1000: 3760 });
  });

  it('uses the generic normalised-load ceiling for other residues and skips population markers', () => {
    expect(
      isLoadImplausible({
        analyteCode: 'BE',
        normalisedLoadMgPerDayPer1000: 25_000,
        consumptionMgPerDayPer1000: null,
      }),
    ).toEqual({ implausible: true, basis: 'normalised_load', ceilingMgPerDayPer1000: 20_000 });
    expect(
      isLoadImplausible({
        analyteCode: 'KET',
        normalisedLoadMgPerDayPer1000: 300,
        consumptionMgPerDayPer1000: 1500,
      }).implausible,
    ).toBe(false);
    expect(
      isLoadImplausible({
        analyteCode: 'COT',
        normalisedLoadMgPerDayPer1000: 50_000,
        consumptionMgPerDayPer1000: null,
      }).basis,
    ).toBe('not_judged');
  });
});
