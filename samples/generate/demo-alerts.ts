import { ALERT_KINDS, type AlertKind, type AlertSignal } from '@skywater/core/alerts/alert-signal';
import { hotspotSignal } from '@skywater/core/alerts/hotspot-signal';
import { mergeSignals } from '@skywater/core/alerts/merge-signals';
import { classifyEmergingHotSpot } from '@skywater/core/stats/emerging-hot-spots';
import { robustSpread, type RobustSpread } from '@skywater/core/stats/robust-spread';
import { ANALYTE_CATALOGUE, PRIORITY_SUBSTANCE_CODES } from '@skywater/core/wastewater/analytes';
import { parseLabValue } from '@skywater/core/wastewater/lab-value';
import { scoreSeriesRows } from '@skywater/core/scoring/compute-series-score';
import { roundHotSpots, type RoundMeasurement } from '@skywater/core/scoring/round-hot-spots';
import type { MeasurementRow } from '@skywater/core/scoring/series-points';
import { COMPANION_ANALYTES } from '@skywater/core/scoring/series-signals';
import { roundToRoundRsds } from '@skywater/core/alerts/spike-signal';
import type { CollectionType } from '@skywater/core/wastewater/collection-type';
import { componentResolver } from '@skywater/core/wastewater/uncertainty-components';
import type { LabRow } from './lab-results';
import type { DemoSite } from './sites';

/**
 * The alerts the workers would raise on generated demo data, computed in memory with the same
 * pure functions (series rules, Gi* per area and round, emerging patterns, hot spot rule) and
 * merged to one per condition as the alerts table keeps them. For the false-alarm simulation
 * over many seeds, where a database round trip per seed would take minutes.
 * Areas: one per city (the demo's two survey areas).
 */
export async function demoAlerts(
  sites: readonly DemoSite[],
  rounds: readonly LabRow[][],
): Promise<AlertSignal[]> {
  const siteIdByCode = new Map(sites.map((s, i) => [s.code, i + 1]));
  const areaOf = new Map(sites.map((s, i) => [i + 1, s.city === '海口市' ? 1 : 2]));
  const bySeries = new Map<string, MeasurementRow[]>();
  const byRound: RoundMeasurement[][] = rounds.map(() => []);
  let measurementId = 0;
  // The shipped uncertainty components, resolved per sample as the workers resolve the stored ones.
  const resolveComponents = componentResolver([]);
  const provisional = new Map(ANALYTE_CATALOGUE.map((a) => [a.code, a.provisional]));
  rounds.forEach((rows, roundIndex) => {
    for (const row of rows) {
      const siteId = siteIdByCode.get(row.siteCode)!;
      const parsed = parseLabValue(row.value);
      if (!parsed.ok) throw new Error(`demo value ${row.value} does not parse`);
      const m: MeasurementRow = {
        measurementId: ++measurementId,
        roundId: roundIndex + 1,
        roundIndex,
        qualifier: parsed.value.qualifier,
        valueNgL: parsed.value.valueNgL ?? null,
        lodNgL: row.lod,
        loqNgL: row.loq,
        flowM3PerDay: row.flowM3PerDay,
        population: row.population,
        roundToRoundRsds: roundToRoundRsds(
          resolveComponents({
            analyteCode: row.analyte,
            siteId,
            collectionType: row.collectionType as CollectionType,
            provisional: provisional.get(row.analyte) ?? false,
          }),
        ),
      };
      const key = `${siteId}:${row.analyte}`;
      const list = bySeries.get(key);
      if (list) list.push(m);
      else bySeries.set(key, [m]);
      const site = sites[siteId - 1]!;
      byRound[roundIndex]!.push({
        ...m,
        analyteCode: row.analyte,
        siteId,
        areaId: areaOf.get(siteId)!,
        lon: site.lon,
        lat: site.lat,
      });
    }
  });

  // Each round judged against the area's ratios in it and the rounds before (amp-meth-area.ts).
  const ampMethByArea = new Map<number, Map<number, RobustSpread | null>>();
  for (const area of new Set(areaOf.values())) {
    const logRatios: number[] = [];
    const byRound = new Map<number, RobustSpread | null>();
    rounds.forEach((_, roundIndex) => {
      for (const [siteId, a] of areaOf) {
        if (a !== area) continue;
        const amp = (bySeries.get(`${siteId}:AMP`) ?? []).find((m) => m.roundIndex === roundIndex);
        const meth = (bySeries.get(`${siteId}:METH`) ?? []).find((m) => m.roundIndex === roundIndex);
        if (amp?.qualifier === '=' && meth?.qualifier === '=' && amp.valueNgL! > 0 && meth.valueNgL! > 0)
          logRatios.push(Math.log(amp.valueNgL! / meth.valueNgL!));
      }
      byRound.set(roundIndex + 1, robustSpread([...logRatios]));
    });
    ampMethByArea.set(area, byRound);
  }

  const factor = new Map(ANALYTE_CATALOGUE.map((a) => [a.code, a.correctionFactor]));
  const signals: AlertSignal[] = [];
  for (const [key, rows] of bySeries) {
    const at = key.indexOf(':');
    const siteId = Number(key.slice(0, at));
    const analyteCode = key.slice(at + 1);
    const companion = COMPANION_ANALYTES[analyteCode];
    signals.push(
      ...scoreSeriesRows({
        siteId,
        analyteCode,
        rows,
        companionRows: companion ? (bySeries.get(`${siteId}:${companion}`) ?? []) : [],
        correctionFactor: factor.get(analyteCode) ?? null,
        priority: PRIORITY_SUBSTANCE_CODES.has(analyteCode),
        ampMethAreaByRound: ampMethByArea.get(areaOf.get(siteId)!) ?? new Map(),
        inputsVersion: '',
      }).signals,
    );
  }

  // Gi* per round, then each site's emerging pattern over the rounds up to each round.
  const gi = new Map<string, { z: (number | null)[]; bin: (number | null)[] }>();
  const perRound = [];
  for (let r = 0; r < byRound.length; r++) {
    const results = await roundHotSpots(
      byRound[r]!,
      { kind: 'distance_band', thresholdM: 1500 },
      async () => undefined,
    );
    perRound.push(results);
    for (const h of results) {
      const key = `${h.siteId}:${h.analyteCode}`;
      let series = gi.get(key);
      if (!series) gi.set(key, (series = { z: rounds.map(() => null), bin: rounds.map(() => null) }));
      series.z[r] = h.giZ;
      series.bin[r] = h.bin;
    }
  }
  perRound.forEach((results, r) => {
    for (const h of results) {
      const series = gi.get(`${h.siteId}:${h.analyteCode}`)!;
      const emerging = classifyEmergingHotSpot({
        z: series.z.slice(0, r + 1),
        bin: series.bin.slice(0, r + 1),
      });
      const signal = hotspotSignal({
        siteId: h.siteId,
        analyteCode: h.analyteCode,
        roundId: r + 1,
        roundIndex: r,
        bin: h.bin,
        giZ: h.giZ,
        ownZ: h.ownZ,
        neighbourCount: h.neighbourCount,
        emerging: emerging.category,
      });
      if (signal) signals.push(signal);
    }
  });
  return mergeSignals(signals);
}

/** Alerts above `low` (the inbox) by kind. */
export function inboxCountsByKind(signals: readonly AlertSignal[]): Record<AlertKind, number> {
  const counts = Object.fromEntries(ALERT_KINDS.map((k) => [k, 0])) as Record<AlertKind, number>;
  for (const s of signals) if (s.severity !== 'low') counts[s.kind]++;
  return counts;
}
