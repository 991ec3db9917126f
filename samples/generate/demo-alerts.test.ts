import { describe, expect, it } from 'vitest';
import { ALERT_KINDS } from '@skywater/core/alerts/alert-signal';
import { readHainanDistricts } from './boundaries';
import { demoAlerts, inboxCountsByKind } from './demo-alerts';
import { buildLabRows, PLANTED } from './lab-results';
import { SeededRandom } from './seeded-random';
import { buildSites } from './sites';

const LOADED_ROUNDS = 6;
// The generator's seed (samples/generate/index.ts): sites first, then lab results.
const random = new SeededRandom(20250324);
const sites = buildSites(readHainanDistricts(), random);
const demoRows = buildLabRows(sites, random).slice(0, LOADED_ROUNDS);

describe('alerts on the demo data', () => {
  it('put exactly the planted patterns in the inbox (above low)', async () => {
    const signals = await demoAlerts(sites, demoRows);
    const inbox = signals
      .filter((s) => s.severity !== 'low')
      .map((s) => `${s.kind} ${sites[s.siteId - 1]!.code} ${s.analyteCode} ${s.roundIndex + 1} ${s.severity}`)
      .sort();
    expect(inbox).toEqual(
      [
        `trend_rising ${PLANTED.risingMeth.site} METH 6 high`,
        `spike ${PLANTED.ketamineSpike.site} KET ${PLANTED.ketamineSpike.round} high`,
        `first_detection ${PLANTED.firstEtomidate.site} ETO-ACID ${PLANTED.firstEtomidate.round} high`,
        `amp_meth_ratio ${PLANTED.ampMethRatio.site} AMP ${PLANTED.ampMethRatio.round} high`,
        // The same planted sample: AMP set to 0.9 × METH is also 3.3 × the site's usual AMP.
        `spike ${PLANTED.ampMethRatio.site} AMP ${PLANTED.ampMethRatio.round} high`,
        ...PLANTED.cluster.sites.map((code) => `hotspot ${code} METH 1 high`),
      ].sort(),
    );
  }, 120_000);

  it('keep the null demo (no planted pattern) within 1 inbox alert per 100 site-rounds, all kinds together', async () => {
    const seeds = 12;
    const totals = Object.fromEntries(ALERT_KINDS.map((k) => [k, 0])) as Record<string, number>;
    for (let seed = 1; seed <= seeds; seed++) {
      const rows = buildLabRows(sites, new SeededRandom(seed), { planted: false }).slice(0, LOADED_ROUNDS);
      for (const [kind, n] of Object.entries(inboxCountsByKind(await demoAlerts(sites, rows))))
        totals[kind]! += n;
    }
    const siteRounds = seeds * sites.length * LOADED_ROUNDS;
    const per100 = Object.fromEntries(Object.entries(totals).map(([k, n]) => [k, (100 * n) / siteRounds]));
    console.log(
      `null demo, ${seeds} seeds, ${siteRounds} site-rounds: inbox alerts per 100 site-rounds`,
      per100,
    );
    const all = Object.values(totals).reduce((a, b) => a + b, 0);
    expect((100 * all) / siteRounds).toBeLessThanOrEqual(1);
    // No priority substance anywhere, cocaine always with its metabolite, loads ordinary.
    expect([totals.first_detection, totals.cocaine_without_be, totals.implausible_load]).toEqual([0, 0, 0]);
  }, 300_000);
});
