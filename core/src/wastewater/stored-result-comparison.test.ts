import { describe, expect, it } from 'vitest';
import { sameNumber, sameResult, sampleDifferences, type SampleFields } from './stored-result-comparison';

const stored: SampleFields = {
  collectedStart: new Date('2025-03-24T00:00:00Z'),
  collectedEnd: new Date('2025-03-25T00:00:00Z'),
  collectionType: 'composite_flow',
  flowM3PerDay: 100_000,
  population: 500_000,
};

describe('sampleDifferences', () => {
  it('finds nothing when the sample repeats the stored one', () => {
    expect(sampleDifferences(stored, { ...stored })).toEqual([]);
  });

  it('names the period and flow fields that differ', () => {
    const incoming = { ...stored, collectedEnd: new Date('2025-03-25T01:00:00Z'), flowM3PerDay: 90_000 };
    expect(sampleDifferences(stored, incoming)).toEqual(['collectedEnd', 'flowM3PerDay']);
  });

  it('treats a flow given against none stored as a difference', () => {
    expect(sampleDifferences({ ...stored, flowM3PerDay: null }, stored)).toEqual(['flowM3PerDay']);
  });

  it('ignores an empty population (the site population applies) but not a different one', () => {
    expect(sampleDifferences(stored, { ...stored, population: null })).toEqual([]);
    expect(sampleDifferences(stored, { ...stored, population: 400_000 })).toEqual(['population']);
  });
});

describe('sameResult', () => {
  it('accepts the last-bit difference of a unit conversion', () => {
    expect(sameNumber(0.2 * 1000, 200)).toBe(true);
    expect(
      sameResult({ qualifier: '=', valueNgL: 200.00000000000003 }, { qualifier: '=', valueNgL: 200 }),
    ).toBe(true);
  });

  it('calls a different value or qualifier a conflict', () => {
    expect(sameResult({ qualifier: '=', valueNgL: 200 }, { qualifier: '=', valueNgL: 201 })).toBe(false);
    expect(sameResult({ qualifier: '<LOQ', valueNgL: null }, { qualifier: 'ND', valueNgL: null })).toBe(
      false,
    );
    expect(sameResult({ qualifier: 'ND', valueNgL: null }, { qualifier: 'ND', valueNgL: null })).toBe(true);
  });
});
