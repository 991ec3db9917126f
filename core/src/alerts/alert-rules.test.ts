import { describe, expect, it } from 'vitest';
import { scoreTrend } from '../stats/trend';
import { ampMethRatioSignal } from './amp-meth-ratio';
import { cocaineWithoutBeSignal } from './cocaine-without-be';
import { firstDetectionSignal } from './first-detection';
import { hotspotSignal } from './hotspot-signal';
import { mergeSignals } from './merge-signals';
import type { SeriesPoint } from './series-point';
import { spikeSignals } from './spike-signal';
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
    expect(
      spikeSignals({ siteId: 1, analyteCode: 'X', basis: 'c', points: points(['ND', 'ND', 'ND', 'ND', 9]) }),
    ).toEqual([]);
    expect(
      spikeSignals({ siteId: 1, analyteCode: 'X', basis: 'c', points: points([60, 95, 150, 230, 340, 520]) }),
    ).toEqual([]);
  });

  it('raises a first detection only after two unquantified rounds; etomidate high', () => {
    expect(
      firstDetectionSignal({ siteId: 1, analyteCode: 'ETO-ACID', points: points(['ND', 'ND', 18]) })
        ?.severity,
    ).toBe('high');
    expect(
      firstDetectionSignal({ siteId: 1, analyteCode: 'ETO-ACID', points: points(['ND', 18]) }),
    ).toBeNull();
    expect(
      firstDetectionSignal({ siteId: 1, analyteCode: 'KET', points: points([5, 'ND', 'ND', 6]) }),
    ).toBeNull();
  });

  it('grades AMP/METH by how far outside 0.05-0.25 it is', () => {
    const at = (ampNgL: number, methNgL = 100) =>
      ampMethRatioSignal(1, { roundId: 1, roundIndex: 0, ampNgL, methNgL, methLoqNgL: 1 })?.severity ?? null;
    expect([at(90), at(55), at(30), at(15), at(2)]).toEqual(['high', 'medium', 'low', null, 'low']);
    expect(at(0.9, 1)).toBe('low');
  });

  it('rates cocaine with benzoylecgonine not detected high', () => {
    const base = { roundId: 1, roundIndex: 0, cocQualifier: '=' as const, cocNgL: 15, cocLoqNgL: 1 };
    expect(cocaineWithoutBeSignal(1, { ...base, beQualifier: 'ND', beNgL: null })?.severity).toBe('high');
    expect(cocaineWithoutBeSignal(1, { ...base, beQualifier: '<LOQ', beNgL: null })?.severity).toBe('medium');
    expect(cocaineWithoutBeSignal(1, { ...base, beQualifier: '=', beNgL: 60 })).toBeNull();
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
    const a = ampMethRatioSignal(1, { roundId: 4, roundIndex: 3, ampNgL: 90, methNgL: 100, methLoqNgL: 1 })!;
    const b = ampMethRatioSignal(1, { roundId: 6, roundIndex: 5, ampNgL: 30, methNgL: 100, methLoqNgL: 1 })!;
    const merged = mergeSignals([a, b]);
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({
      roundId: 4,
      severity: 'high',
      detail: { ratio: 0.9, roundIds: [4, 6] },
    });
  });
});
