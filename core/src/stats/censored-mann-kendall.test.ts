import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { censoredMannKendall, censoredPairSign } from './censored-mann-kendall';
import { censoredSenSlope } from './censored-sen-slope';
import { mannKendall } from './mann-kendall';

const fixtures = new URL('../../../test/fixtures/stats/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('EXPECTED_censored_trend.json', fixtures), 'utf8'));

/** The V-05 series as published: time, value ("<6.0" when below the limit). */
function readV05(): { values: number[]; censored: boolean[]; years: number[] } {
  const rows = readFileSync(new URL(expected.data_file, fixtures), 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(','));
  const t0 = Date.parse(rows[0]![0]!);
  return {
    values: rows.map((r) => Number(r[1]!.replace('<', ''))),
    censored: rows.map((r) => r[1]!.startsWith('<')),
    years: rows.map((r) => (Date.parse(r[0]!) - t0) / 86_400_000 / 365.25),
  };
}

/** Second column of a two-column CSV; an empty cell is a missing value (dropped here). */
function readPresent(name: string): number[] {
  return readFileSync(new URL(name, fixtures), 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(',')[1]!.trim())
    .filter((cell) => cell !== '')
    .map(Number);
}

describe('censored pair signs (Helsel 2012 §12.1)', () => {
  it('knows an order only when censoring cannot hide it', () => {
    expect(censoredPairSign(1, true, 10, false)).toBe(1); // <1 then 10: increase
    expect(censoredPairSign(1, true, 0.5, false)).toBe(0); // <1 then 0.5: tie
    expect(censoredPairSign(1, true, 5, true)).toBe(0); // <1 then <5: tie
    expect(censoredPairSign(6, true, 6, false)).toBe(1); // <6 then a detected 6: increase
    expect(censoredPairSign(10, false, 1, true)).toBe(-1); // 10 then <1: decrease
    expect(censoredPairSign(3, false, 5, true)).toBe(0); // 3 then <5: tie
  });
});

describe('censored Mann-Kendall', () => {
  it('equals the ordinary tie-corrected test when nothing is censored (pyMannKendall shampoo, births)', () => {
    for (const name of ['pymk_shampoo.csv', 'pymk_daily-total-female-births.csv']) {
      const values = readPresent(name);
      const plain = mannKendall(values);
      const cen = censoredMannKendall({ values, censored: values.map(() => false) });
      expect(cen.s).toBe(plain.s);
      expect(cen.varS).toBeCloseTo(plain.varS, 6);
      expect(cen.z).toBeCloseTo(plain.z, 12);
    }
  });

  it('counts ambiguous pairs as ties and corrects the variance for censoring (hand-worked)', () => {
    // <1 <1 2 3: pairs (<1,<1) tie, every other pair increases: S = 5.
    // Var = 4·3·13/18 − Δc(2 tied limits: 2·1·9/18 = 1) − Δuc(ranks below: 0 + 1 − (2 − 1) = 0) − Δu 0 = 23/3.
    const r = censoredMannKendall({ values: [1, 1, 2, 3], censored: [true, true, false, false] });
    expect(r.s).toBe(5);
    expect(r.varS).toBeCloseTo(23 / 3, 12);
    expect(r.tau).toBeCloseTo(5 / 6, 12);
    // 2 <3 4: (2,<3) tie, (2,4) up, (<3,4) up: S = 2; Var = 3·2·11/18 − 0 − (1 − 0) − 0 = 8/3.
    const s = censoredMannKendall({ values: [2, 3, 4], censored: [false, true, false] });
    expect(s.s).toBe(2);
    expect(s.varS).toBeCloseTo(8 / 3, 12);
    expect(s.z).toBeCloseTo(1 / Math.sqrt(8 / 3), 12);
  });

  it('finds the V-05 trend the LWP-TRENDS R script finds (p printed 0.000000)', () => {
    const { values, censored } = readV05();
    const r = censoredMannKendall({ values, censored });
    expect(r.n).toBe(50);
    expect(r.nCensored).toBe(15);
    expect(r.s).toBeGreaterThan(0);
    expect(r.pValue).toBeLessThan(5e-7);
  });

  it('refuses flags of the wrong length and non-finite values', () => {
    expect(() => censoredMannKendall({ values: [1, 2], censored: [false] })).toThrow(/one flag per value/);
    expect(() => censoredMannKendall({ values: [1, Infinity], censored: [false, false] })).toThrow(/finite/);
  });
});

describe("censored Sen's slope (LWPTrends rules)", () => {
  it('matches the LWP-TRENDS R script on V-05: slope 0.123828 /yr, 90 % interval 0.087489 – 0.157401', () => {
    const { values, censored, years } = readV05();
    const r = censoredSenSlope({ values, censored }, years);
    const published = expected.lwp_trends_r;
    expect(r.slope!).toBeCloseTo(published.annual_sen_slope, 6);
    expect(r.lower90!).toBeCloseTo(published.sen_lci_90, 6);
    expect(r.upper90!).toBeCloseTo(published.sen_uci_90, 6);
    expect(r.pairs).toBe(1225);
  });

  it('sets slopes of unknown sign to 0 and uses half the limit otherwise', () => {
    // <2 then 4: (4 − 1)/1 = 3; <2 then <2: 0; 4 then <2 (a decrease, known): (1 − 4)/1 = −3.
    const r = censoredSenSlope({ values: [2, 4, 2], censored: [true, false, true] }, [0, 1, 2]);
    expect(r.zeroedPairs).toBe(1);
    expect(r.slope).toBe(0); // median of 3, 0, −3
    expect(censoredSenSlope({ values: [5], censored: [false] }, [0]).slope).toBeNull();
  });
});
