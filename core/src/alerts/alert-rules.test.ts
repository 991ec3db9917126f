import { describe, expect, it } from 'vitest';
import { scoreTrend } from '../stats/trend';
import { ampMethRatioSignal } from './amp-meth-ratio';
import { cocaineWithoutBeSignal } from './cocaine-without-be';
import { firstDetectionSignal } from './first-detection';
import { hotspotSignal } from './hotspot-signal';
import { mergeSignals } from './merge-signals';
import type { SeriesPoint } from './series-point';
import { componentResolver, type UncertaintySetting } from '../wastewater/uncertainty-components';
import { roundToRoundRsds, spikeSignals } from './spike-signal';
import { trendRisingSignal } from './trend-rising';

const points = (values: Array<number | 'ND'>): SeriesPoint[] =>
  values.map((v, i) => ({
    roundId: 100 + i,
    roundIndex: i,
    qualifier: v === 'ND' ? 'ND' : '=',
    valueNgL: v === 'ND' ? null : v,
    loqNgL: 1,
    value: v === 'ND' ? 0.5 : v,
    substituted: v === 'ND',
    loqInBasis: 1,
  }));

describe('alert rules', () => {
  it('rates the planted rising METH series high, and a small significant rise low', () => {
    const input = { siteId: 1, analyteCode: 'METH', roundId: 6, roundIndex: 5, basis: 'concentration' };
    expect(trendRisingSignal({ ...input, trend: scoreTrend([60, 95, 150, 230, 340, 520]) })?.severity).toBe(
      'high',
    );
    expect(trendRisingSignal({ ...input, trend: scoreTrend([100, 101, 102, 104, 105, 107]) })?.severity).toBe(
      'low',
    );
    expect(trendRisingSignal({ ...input, trend: scoreTrend([100, 90, 110, 95, 105, 100]) })).toBeNull();
  });

  it('finds a spike two rounds back, but not a detection after non-detects nor a continuing trend', () => {
    const spikes = spikeSignals({
      siteId: 1,
      analyteCode: 'KET',
      basis: 'concentration',
      points: points([20, 22, 19, 21, 250, 20]),
    });
    expect(spikes.map((s) => [s.roundId, s.severity])).toEqual([[104, 'high']]);
    // z ≈ 6, but 2.2 × the baseline: the 95 % intervals (analytical 10 %, sampling 20 %) overlap.
    expect(
      spikeSignals({ siteId: 1, analyteCode: 'KET', basis: 'c', points: points([20, 22, 19, 21, 45]) }),
    ).toEqual([]);
    expect(
      spikeSignals({ siteId: 1, analyteCode: 'X', basis: 'c', points: points(['ND', 'ND', 'ND', 'ND', 9]) }),
    ).toEqual([]);
    expect(
      spikeSignals({ siteId: 1, analyteCode: 'X', basis: 'c', points: points([60, 95, 150, 230, 340, 520]) }),
    ).toEqual([]);
  });

  it('judges a spike with the stored uncertainty components of each round, as the series draws them', () => {
    const source = 'test: the lab’s own precision study';
    const withStored = (
      stored: UncertaintySetting[],
      collectionType: 'composite_time' | 'grab' = 'composite_time',
    ) => {
      const rsds = roundToRoundRsds(
        componentResolver(stored)({ analyteCode: 'KET', siteId: 7, collectionType, provisional: false }),
      );
      return points([20, 22, 19, 21, 60]).map((p) => ({ ...p, roundToRoundRsds: rsds }));
    };
    const spike = (pts: SeriesPoint[]) =>
      spikeSignals({ siteId: 7, analyteCode: 'KET', basis: 'c', points: pts }).map((s) => s.roundId);
    // 2.9 × the baseline: beyond the overlap of the intervals with 10 % analytical and 20 % sampling.
    expect(
      roundToRoundRsds(
        componentResolver([])({
          analyteCode: 'KET',
          siteId: 7,
          collectionType: 'composite_time',
          provisional: false,
        }),
      ),
    ).toEqual([0.1, 0.2]);
    expect(spike(withStored([]))).toEqual([104]);
    // The admin stores a 40 % analytical RSD for KET: the intervals overlap, no spike.
    expect(
      spike(withStored([{ component: 'analytical', scope: 'analyte', key: 'KET', rsd: 0.4, source }])),
    ).toEqual([]);
    // A stored value for another analyte changes nothing here.
    expect(
      spike(withStored([{ component: 'analytical', scope: 'analyte', key: 'METH', rsd: 0.4, source }])),
    ).toEqual([104]);
    // Grab samples (50 % sampling) are too uncertain for 2.9 ×; a stored 5 % for them makes it a spike.
    expect(spike(withStored([], 'grab'))).toEqual([]);
    expect(
      spike(
        withStored(
          [{ component: 'sampling', scope: 'collection_type', key: 'grab', rsd: 0.05, source }],
          'grab',
        ),
      ),
    ).toEqual([104]);
    // The widest baseline round sets the baseline's upper bound: one grab round in it hides the spike.
    const mixed = withStored([]).map((p, i) => (i === 1 ? { ...p, roundToRoundRsds: [0.1, 0.5] } : p));
    expect(spike(mixed)).toEqual([]);
  });

  it('raises a priority substance at its first clear quantification, first measurement included', () => {
    const first = (analyteCode: string, values: Array<number | 'ND'>, priority: boolean) =>
      firstDetectionSignal({ siteId: 1, analyteCode, points: points(values), priority })?.severity ?? null;
    expect(first('ETO-ACID', ['ND', 'ND', 18], true)).toBe('high');
    expect(first('ETO-ACID', [18], true)).toBe('high');
    // Within the LOQ's uncertainty (LOQ 1, RSD 10 %: needs ≥ 1.2): not a detection, nor an earlier one.
    expect(first('ETO-ACID', [1.1], true)).toBeNull();
    expect(first('ETO-ACID', [1.1, 'ND', 9], true)).toBe('high');
    expect(
      firstDetectionSignal({ siteId: 1, analyteCode: 'FENT', points: points([5, 'ND', 9]), priority: true })
        ?.roundId,
    ).toBe(100);
  });

  it('raises an ordinary first detection only after two unclear rounds, and only as a low signal', () => {
    const first = (values: Array<number | 'ND'>) =>
      firstDetectionSignal({ siteId: 1, analyteCode: 'MDMA', points: points(values), priority: false })
        ?.severity ?? null;
    expect(first(['ND', 'ND', 6])).toBe('low');
    expect(first(['ND', 'ND', 1.1])).toBeNull();
    expect(first(['ND', 18])).toBeNull();
    expect(first([5, 'ND', 'ND', 6])).toBeNull();
  });

  it('judges AMP/METH against the area distribution and the site history, not a fixed range', () => {
    // An area whose ratios centre on 0.13 with a log-sd of 0.5 (ordinary sites: 0.05-0.35).
    const area = { median: Math.log(0.13), scale: 0.5, n: 400 };
    const at = (ampNgL: number, siteOtherRatios = [0.12, 0.14, 0.13], methNgL = 100) =>
      ampMethRatioSignal(
        1,
        { roundId: 1, roundIndex: 0, ampNgL, methNgL, ampLoqNgL: 1, methLoqNgL: 1 },
        { area, siteOtherRatios },
      )?.severity ?? null;
    expect(at(90)).toBe('high');
    // Unusual for the area, but the site is always like that: worth a look, not new.
    expect(at(90, [0.85, 0.95, 0.9])).toBe('medium');
    expect(at(60)).toBe('low');
    // 0.047 and 0.25: outside the literature's 0.05-0.25, ordinary in this area.
    expect([at(4.7), at(25)]).toEqual([null, null]);
    // AMP within the uncertainty of its LOQ: no ratio.
    expect(at(1.1, undefined, 2)).toBeNull();
  });

  it('rates cocaine with benzoylecgonine not detected high', () => {
    const base = { roundId: 1, roundIndex: 0, cocQualifier: '=' as const, cocNgL: 15, cocLoqNgL: 1 };
    expect(cocaineWithoutBeSignal(1, { ...base, beQualifier: 'ND', beNgL: null })?.severity).toBe('high');
    expect(cocaineWithoutBeSignal(1, { ...base, beQualifier: '<LOQ', beNgL: null })?.severity).toBe('medium');
    expect(cocaineWithoutBeSignal(1, { ...base, beQualifier: '=', beNgL: 60 })).toBeNull();
    // COC within the uncertainty of its LOQ, or COC/BE within the ratio's uncertainty of 1: nothing.
    expect(cocaineWithoutBeSignal(1, { ...base, cocNgL: 1.1, beQualifier: 'ND', beNgL: null })).toBeNull();
    expect(cocaineWithoutBeSignal(1, { ...base, beQualifier: '=', beNgL: 14 })).toBeNull();
    expect(cocaineWithoutBeSignal(1, { ...base, beQualifier: '=', beNgL: 10 })?.severity).toBe('low');
  });

  it('alerts a new 99 % hot spot high, a halo site not at all', () => {
    const obs = {
      siteId: 1,
      analyteCode: 'METH',
      roundId: 1,
      roundIndex: 0,
      bin: 3,
      giZ: 6,
      ownZ: 2.5,
      emerging: 'new_hot_spot' as const,
    };
    expect(hotspotSignal(obs)?.severity).toBe('high');
    expect(hotspotSignal({ ...obs, emerging: 'persistent_hot_spot' })?.severity).toBe('medium');
    expect(hotspotSignal({ ...obs, ownZ: 0.4 })).toBeNull();
    expect(hotspotSignal({ ...obs, bin: 1 })).toBeNull();
  });

  it('merges signals of one condition, keeping the most severe evidence and the rounds', () => {
    const area = {
      area: { median: Math.log(0.13), scale: 0.5, n: 400 },
      siteOtherRatios: [0.12, 0.14, 0.13],
    };
    const sample = { ampLoqNgL: 1, methLoqNgL: 1, methNgL: 100 };
    const a = ampMethRatioSignal(1, { ...sample, roundId: 4, roundIndex: 3, ampNgL: 90 }, area)!;
    const b = ampMethRatioSignal(1, { ...sample, roundId: 6, roundIndex: 5, ampNgL: 60 }, area)!;
    const merged = mergeSignals([a, b]);
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({
      roundId: 4,
      severity: 'high',
      detail: { ratio: 0.9, roundIds: [4, 6] },
    });
  });
});
