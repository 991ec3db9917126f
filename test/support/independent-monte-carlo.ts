/**
 * A Monte Carlo of a product of uncertain factors written apart from the production one
 * (core/src/stats/factor-product-interval.ts) on purpose, to check it: another generator
 * (Marsaglia's xorshift 13/17/5), another normal sampler (Marsaglia's polar method), the estimate
 * multiplied draw by draw, nearest-rank quantiles. Each factor is normal with mean 1 and its RSD,
 * truncated at 0 (a draw at or below 0 is drawn again), as docs/design.md §3 states.
 */
export function independentInterval95(
  estimate: number,
  rsds: readonly number[],
  options: { draws?: number; seed?: number } = {},
): { lower95: number; upper95: number } {
  const draws = options.draws ?? 100_000;
  let state = (options.seed ?? 0x9e3779b9) >>> 0 || 1;
  const next32 = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
  const uniform = () => ((next32() >>> 5) * 67108864 + (next32() >>> 6)) / 9007199254740992;
  let spare: number | null = null;
  const normal = () => {
    if (spare !== null) {
      const v = spare;
      spare = null;
      return v;
    }
    for (;;) {
      const u = 2 * uniform() - 1;
      const v = 2 * uniform() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const m = Math.sqrt((-2 * Math.log(s)) / s);
        spare = v * m;
        return u * m;
      }
    }
  };
  const values = new Float64Array(draws);
  for (let i = 0; i < draws; i++) {
    let value = estimate;
    for (const rsd of rsds) {
      if (rsd === 0) continue;
      let f;
      do f = 1 + rsd * normal();
      while (f <= 0);
      value *= f;
    }
    values[i] = value;
  }
  values.sort();
  return {
    lower95: values[Math.round(0.025 * (draws - 1))]!,
    upper95: values[Math.round(0.975 * (draws - 1))]!,
  };
}
