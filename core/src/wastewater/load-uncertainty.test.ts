import { describe, expect, it } from 'vitest';
import { independentInterval95 } from '../../../test/support/independent-monte-carlo';
import { backCalculate } from './back-calculation';
import { defaultComponents, figureIntervals, type UncertaintyComponents } from './load-uncertainty';

/** An independent Monte Carlo, written apart from the production one on purpose, 200,000 draws. */
function independentInterval(estimate: number, rsds: number[]): [number, number] {
  const { lower95, upper95 } = independentInterval95(estimate, rsds, { draws: 200_000 });
  return [lower95, upper95];
}

describe('uncertainty of the worked example (docs/design.md: METH 200 ng/L, 100,000 m³/d, 500,000 people)', () => {
  const figures = backCalculate(
    { qualifier: '=', valueNgL: 200, lodNgL: null, loqNgL: 1, flowM3PerDay: 100_000, population: 500_000 },
    { correctionFactor: 2.33, provisional: false },
  );
  const components: UncertaintyComponents = defaultComponents({
    analyteCode: 'METH',
    collectionType: 'composite_flow',
    provisional: false,
  });
  const intervals = figureIntervals(figures, components);

  it('keeps the point values 20,000 mg/d, 40 and 93.2 mg/d/1000', () => {
    expect(figures.loadMgPerDay).toBeCloseTo(20_000, 6);
    expect(figures.normalisedLoadMgPerDayPer1000).toBeCloseTo(40, 9);
    expect(figures.consumptionMgPerDayPer1000).toBeCloseTo(93.2, 9);
  });

  it('gives intervals equal to an independent Monte Carlo within 3 %', () => {
    const { analytical, sampling, flow, stability, population, excretion } = components;
    const cases: [string, number, number[], { lower95: number; upper95: number } | null][] = [
      ['load', 20_000, [analytical, sampling, flow, stability], intervals.load],
      ['normalised load', 40, [analytical, sampling, flow, stability, population], intervals.normalisedLoad],
      [
        'consumption',
        93.2,
        [analytical, sampling, flow, stability, population, excretion],
        intervals.consumption,
      ],
    ];
    for (const [name, estimate, rsds, interval] of cases) {
      const [lower, upper] = independentInterval(estimate, rsds);
      expect(Math.abs(interval!.lower95 / lower - 1), `${name} lower`).toBeLessThan(0.03);
      expect(Math.abs(interval!.upper95 / upper - 1), `${name} upper`).toBeLessThan(0.03);
    }
    console.log('worked example, 95 % intervals', intervals);
  }, 120_000);

  it('widens with the collection type: a grab sample is less certain than a flow-proportional composite', () => {
    const grab = figureIntervals(
      figures,
      defaultComponents({ analyteCode: 'METH', collectionType: 'grab', provisional: false }),
    );
    expect(grab.load!.upper95 - grab.load!.lower95).toBeGreaterThan(
      2 * (intervals.load!.upper95 - intervals.load!.lower95),
    );
  }, 60_000);
});
