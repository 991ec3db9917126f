import { describe, expect, it } from 'vitest';
import { inputsVersion, SCORING_RULES_VERSION, spreadsVersion, spreadVersion } from './inputs-version';
import type { MeasurementRow } from './series-points';

const row = (measurementId: number, roundId: number, valueNgL: number): MeasurementRow => ({
  measurementId,
  roundId,
  roundIndex: roundId - 1,
  qualifier: '=',
  valueNgL,
  lodNgL: 1,
  loqNgL: 3,
  flowM3PerDay: 100_000,
  population: 500_000,
});

const series = [row(11, 1, 100), row(12, 2, 120), row(15, 3, 115)];

describe('a series inputs version', () => {
  it('names the rules version, the row count and the highest measurement id', () => {
    expect(inputsVersion(series)).toMatch(new RegExp(`^r${SCORING_RULES_VERSION}:n3:max15:[0-9a-f]{12}$`));
  });

  it('is the same for the same inputs, so a second delivery of a job stops', () => {
    expect(inputsVersion(series.map((r) => ({ ...r })))).toBe(inputsVersion(series));
  });

  it('changes when a value, a flow or the round-to-round uncertainty changes', () => {
    const base = inputsVersion(series);
    expect(inputsVersion([series[0]!, { ...series[1]!, valueNgL: 121 }, series[2]!])).not.toBe(base);
    expect(inputsVersion([series[0]!, { ...series[1]!, flowM3PerDay: 90_000 }, series[2]!])).not.toBe(base);
    expect(inputsVersion([series[0]!, { ...series[1]!, roundToRoundRsds: [0.1, 0.2] }, series[2]!])).not.toBe(
      base,
    );
  });
});

describe('the spreads version', () => {
  it('ignores shifts below the second decimal and counts n only below 20', () => {
    expect(spreadVersion({ median: 1.234, scale: 0.5, n: 25 })).toBe('a1.23,0.50,n');
    expect(spreadVersion({ median: 1.2339, scale: 0.5001, n: 40 })).toBe('a1.23,0.50,n');
    expect(spreadVersion({ median: 1.234, scale: 0.5, n: 7 })).toBe('a1.23,0.50,7');
    expect(spreadVersion(null)).toBe('a-');
  });

  it('follows the spread of each round in the order given', () => {
    const spreads = new Map([
      [1, { median: 2, scale: 1, n: 30 }],
      [2, null],
    ]);
    expect(spreadsVersion(spreads, [1, 2])).toBe(spreadsVersion(new Map(spreads), [1, 2]));
    expect(spreadsVersion(spreads, [1, 2])).not.toBe(spreadsVersion(spreads, [2, 1]));
    expect(spreadsVersion(undefined, [1])).toMatch(/^a[0-9a-f]{12}$/);
  });
});
