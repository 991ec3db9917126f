import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hotSpotAnalysis, localGetisOrd } from './getis-ord';
import { buildNeighbours, type PlanarPoint } from './spatial-neighbours';

const fixtures = new URL('../../../test/fixtures/stats/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('EXPECTED_getis_ord.json', fixtures), 'utf8'));

function readTable(name: string): Record<string, number>[] {
  const lines = readFileSync(new URL(name, fixtures), 'utf8')
    .trim()
    .split(/\r?\n/)
    .filter((line) => !line.startsWith('#'));
  const header = lines[0]!.split(',');
  return lines
    .slice(1)
    .map((line) => Object.fromEntries(line.split(',').map((cell, i) => [header[i]!, Number(cell)])));
}

const esda = readTable('esda_docstring_6points.csv');
const esdaPoints: PlanarPoint[] = esda.map((row) => ({ xM: row.x!, yM: row.y! }));
const esdaValues = esda.map((row) => row.value!);

describe('local Getis-Ord against esda (6 points, distance band 15, binary)', () => {
  const neighbours = buildNeighbours(esdaPoints, { kind: 'distance_band', thresholdM: 15 });

  it('counts the pair exactly 15 m apart as neighbours (inclusive band)', () => {
    // points 3 (15,20) and 4 (30,20) are exactly 15 apart
    const of3 = Array.from(neighbours.indices.subarray(neighbours.offsets[3]!, neighbours.offsets[4]!));
    expect(of3).toContain(4);
  });

  it('reproduces the Gi* z-scores to 1e-6', () => {
    const result = localGetisOrd(esdaValues, neighbours);
    const published: number[] = expected.A_esda_6_points["Gistar_z_binary (star=True, transform='B')"];
    published.forEach((z, i) => expect(Math.abs(result.z[i]! - z)).toBeLessThan(1e-6));
  });

  it('reproduces the Gi z-scores (self excluded) to 1e-6', () => {
    const result = localGetisOrd(esdaValues, neighbours, { star: false });
    const published: number[] = expected.A_esda_6_points["Gi_z_binary (star=False, transform='B')"];
    published.forEach((z, i) => expect(Math.abs(result.z[i]! - z)).toBeLessThan(1e-6));
  });

  it('gives two-sided normal p-values', () => {
    const result = localGetisOrd(esdaValues, neighbours);
    // z = 2.02424331 → p = 2·(1 − Φ(2.02424331)) = 0.042945 (scipy.stats.norm.sf × 2)
    expect(result.pValue[5]).toBeCloseTo(0.0429453, 6);
  });
});

describe('local Getis-Ord against spdep on the Getis & Ord (1996) 16×16 grid', () => {
  const grid = readTable('spData_getisord_go_xyz.csv');
  const points = grid.map((row) => ({ xM: row.x!, yM: row.y! }));
  const values = grid.map((row) => row.val!);
  const cell = 119; // R row 120, Getis & Ord's cell 136
  const published = expected.B_spdep_getisord_16x16;

  it('reproduces spdep localG (Gi) at distances 30-150 m to 1e-6', () => {
    for (const [key, z] of Object.entries(published.Gi_z as Record<string, number>)) {
      const thresholdM = Number(key.slice(1));
      const result = localGetisOrd(values, buildNeighbours(points, { kind: 'distance_band', thresholdM }), {
        star: false,
      });
      expect(Math.abs(result.z[cell]! - z)).toBeLessThan(1e-6);
    }
  });

  it('reproduces spdep Gi* (include.self) at 30 m, and the n−1 variance value printed by Getis & Ord', () => {
    const neighbours = buildNeighbours(points, { kind: 'distance_band', thresholdM: 30 });
    expect(neighbours.offsets[cell + 1]! - neighbours.offsets[cell]!).toBe(4);
    const population = localGetisOrd(values, neighbours);
    expect(Math.abs(population.z[cell]! - published['Gistar_z_d30 (include.self)'])).toBeLessThan(1e-6);
    const sample = localGetisOrd(values, neighbours, { variance: 'sample' });
    expect(
      Math.abs(
        sample.z[cell]! -
          published['Gistar_z_d30_with_n-1_variance (value printed in Getis & Ord 1996 p.267)'],
      ),
    ).toBeLessThan(1e-6);
  });
});

describe('hotSpotAnalysis', () => {
  // 5×5 grid 1 km apart, the 3×3 block in one corner high (100) and the rest low (10).
  // Expected z, p and BH thresholds computed independently with numpy/scipy 1.17
  // (scipy.stats.false_discovery_control agrees on which sites pass).
  const points: PlanarPoint[] = [];
  const values: number[] = [];
  for (let r = 0; r < 5; r++) {
    for (let c = 0; c < 5; c++) {
      points.push({ xM: c * 1000, yM: r * 1000 });
      values.push(r < 3 && c < 3 ? 100 : 10);
    }
  }

  it('scores a planted cluster: centre z = √24, corner 2.8508, edge −2.0654', () => {
    const result = hotSpotAnalysis(points, values, { kind: 'distance_band', thresholdM: 1500 });
    expect(result.z[6]).toBeCloseTo(Math.sqrt(24), 12);
    expect(result.z[0]).toBeCloseTo(2.850786580399193, 12);
    expect(result.z[18]).toBeCloseTo(-1.9051586888313603, 12);
    expect(result.pValue[0]).toBeCloseTo(0.004361123053640639, 12);
  });

  it('without FDR bins by 1.65/1.96/2.58 and alpha 0.10/0.05/0.01', () => {
    const result = hotSpotAnalysis(
      points,
      values,
      { kind: 'distance_band', thresholdM: 1500 },
      { fdr: false },
    );
    expect([result.bin[6], result.bin[0], result.bin[9], result.bin[18], result.bin[24]]).toEqual([
      3, 3, -2, -1, 0,
    ]);
    expect(result.pThresholds).toEqual([0.1, 0.05, 0.01]);
  });

  it('with FDR (default) lowers the p cut-offs to the BH thresholds and demotes bins', () => {
    const result = hotSpotAnalysis(points, values, { kind: 'distance_band', thresholdM: 1500 });
    expect(result.pThresholds[0]).toBeCloseTo(0.038947455742025426, 12);
    expect(result.pThresholds[1]).toBeCloseTo(0.004361123053640639, 12);
    expect(result.pThresholds[2]).toBeCloseTo(0.00024193279086065966, 12);
    // corner 99 % → 95 %; edge 95 % → 90 %; the −1.905 site is no longer significant
    expect([result.bin[6], result.bin[0], result.bin[9], result.bin[18], result.bin[24]]).toEqual([
      3, 2, -1, 0, 0,
    ]);
  });

  it('gives z 0, p 1 and bin 0 everywhere for a constant field', () => {
    const flat = hotSpotAnalysis(
      points,
      values.map(() => 5),
      { kind: 'k_nearest', k: 4 },
    );
    expect(Array.from(flat.bin)).toEqual(new Array(25).fill(0));
    expect(flat.pValue[0]).toBe(1);
  });

  it('reuses prebuilt neighbours and rejects mismatched inputs', () => {
    const neighbours = buildNeighbours(esdaPoints, { kind: 'k_nearest', k: 2 });
    const result = hotSpotAnalysis(esdaPoints, esdaValues, neighbours);
    expect(Array.from(result.neighbourCount)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(() => hotSpotAnalysis(esdaPoints, [1, 2], neighbours)).toThrow(/one value per site/);
  });
});
