import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { senSlope } from './sen-slope';

const fixtures = new URL('../../../test/fixtures/stats/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('EXPECTED_mk_sen.json', fixtures), 'utf8'));

function readSeries(name: string): (number | null)[] {
  const lines = readFileSync(new URL(name, fixtures), 'utf8').trim().split(/\r?\n/).slice(1);
  return lines.map((line) => {
    const cell = line.split(',')[1]!.trim();
    return cell === '' ? null : Number(cell);
  });
}

describe("Sen's slope", () => {
  it('gives 28 per round for the docs/design.md example', () => {
    expect(senSlope([100, 120, 115, 160, 190, 240]).slope).toBe(28);
  });

  it('keeps original indices across a missing round (the gap counts as time)', () => {
    // pairs: (0,2): 20/2, (0,3): 30/3, (2,3): 10/1 → all 10
    const result = senSlope([0, null, 20, 30]);
    expect(result.slope).toBe(10);
    expect(result.pairs).toBe(3);
    // intercept = median(0,20,30) − median(0,2,3)·10 = 20 − 20 = 0
    expect(result.intercept).toBe(0);
  });

  it('uses caller times when given', () => {
    expect(senSlope([1, 3, 7], [0, 1, 3]).slope).toBe(2);
  });

  it('returns null below two present values', () => {
    expect(senSlope([null, 5]).slope).toBeNull();
  });

  it('reproduces pyMannKendall on daily births (slope and intercept)', () => {
    const result = senSlope(readSeries('pymk_daily-total-female-births.csv'));
    expect(result.slope).toBeCloseTo(expected.births_original_test.slope, 12);
    expect(result.intercept).toBeCloseTo(expected.births_original_test.intercept, 9);
  });

  it('reproduces pyMannKendall on shampoo sales', () => {
    const result = senSlope(readSeries('pymk_shampoo.csv'));
    expect(result.slope).toBeCloseTo(expected.shampoo_hamed_rao.slope, 9);
    expect(result.intercept).toBeCloseTo(expected.shampoo_hamed_rao.intercept, 9);
  });

  it('reproduces pyMannKendall sens_slope with 7 missing values (original indices kept)', () => {
    const arbitrary = expected.arbitrary_360_with_NaN_and_ties_original_test;
    const result = senSlope(readSeries('pymk_tests_arbitrary_1d_data.csv'));
    expect(result.slope).toBeCloseTo(arbitrary.sens_slope, 12);
    expect(result.intercept).toBeCloseTo(arbitrary.sens_intercept, 9);
  });
});
