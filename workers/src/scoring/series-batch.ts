import type { AlertSignal } from '@skywater/core/alerts/alert-signal';
import type { Queryable } from '@skywater/core/db/db';
import type { TrendCategory } from '@skywater/core/stats/trend';
import { raiseAlerts, type RaiseOutcome } from '../alerts/raise-alerts';
import { resolveUnfoundSeriesAlerts } from '../alerts/resolve-alerts';
import { inputsVersion, spreadsVersion } from '@skywater/core/scoring/inputs-version';
import { scoreSeriesRows, type SeriesScoreRow } from '@skywater/core/scoring/compute-series-score';
import { ampMethAreaSpreads } from './amp-meth-area';
import { COMPANION_ANALYTES } from '@skywater/core/scoring/series-signals';
import { roundToRoundRsds } from '@skywater/core/alerts/spike-signal';
import { componentResolver } from '@skywater/core/wastewater/uncertainty-components';
import { loadUncertaintySettings } from '@skywater/core/wastewater/uncertainty-settings-table';
import { loadSitesMeasurements, type SiteMeasurement } from './load-series';
import { loadSiteAreas } from './round-order';
import { deleteSeriesScores, upsertSeriesScores } from './series-scores-table';

const YIELD_EVERY_SERIES = 200;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Which series a batch scores: every series of the sites, or only the given analytes there. */
export interface SeriesSelection {
  siteIds: readonly number[];
  /** Only these analytes (their companions are read for the ratio rules, not scored). */
  analyteCodes?: readonly string[];
}

export type SeriesStatus = 'scored' | 'unchanged' | 'removed';

export interface SeriesBatchOutcome {
  scored: number;
  unchanged: number;
  removed: number;
  /** Status and category of each series, by `<site>:<analyte>`. */
  series: Map<string, { status: SeriesStatus; category?: TrendCategory }>;
  alerts: RaiseOutcome;
}

/**
 * Scores a batch of series in the caller's transaction: a transaction-scoped advisory lock per
 * site (taken in site order, so two batches never deadlock; a second delivery of the same job
 * waits, then finds the same inputs versions and writes nothing), ONE query for all their
 * measurements, the maths in memory, then one upsert of the changed scores, one delete of the
 * series left without measurements and the alerts in bulk. A series whose inputs version (rules
 * version, count, highest id, hash of every value, its companion's included) is unchanged is
 * skipped unless `force`.
 */
export async function scoreSeriesBatchIn(
  tx: Queryable,
  selection: SeriesSelection,
  force = false,
): Promise<SeriesBatchOutcome> {
  const siteIds = [...new Set(selection.siteIds)].sort((a, b) => a - b);
  const outcome: SeriesBatchOutcome = {
    scored: 0,
    unchanged: 0,
    removed: 0,
    series: new Map(),
    alerts: { created: 0, refreshed: 0, unchanged: 0, keptDismissed: 0, resolved: 0 },
  };
  if (siteIds.length === 0) return outcome;
  await tx.query(
    `select count(pg_advisory_xact_lock(hashtext('score-site'), t.id::int))
       from (select id from unnest($1::bigint[]) as u(id) order by id) t`,
    [siteIds],
  );
  const requested = selection.analyteCodes ? [...new Set(selection.analyteCodes)] : undefined;
  const codes = requested
    ? [...new Set(requested.flatMap((c) => (COMPANION_ANALYTES[c] ? [c, COMPANION_ANALYTES[c]] : [c])))]
    : undefined;
  // One query at a time: a transaction is one connection.
  const areaIds = await loadSiteAreas(tx, siteIds);
  const measurements = await loadSitesMeasurements(tx, siteIds, areaIds, codes);
  const stored = await tx.query<{ site_id: number; analyte_code: string; inputs_version: string }>(
    `select site_id, analyte_code, inputs_version from series_scores
      where site_id = any($1::bigint[]) and ($2::text[] is null or analyte_code = any($2::text[]))`,
    [siteIds, requested ?? null],
  );
  const analytes = await tx.query<{
    code: string;
    correction_factor: number | null;
    priority: boolean;
    provisional: boolean;
  }>(
    `select code, correction_factor, priority, provisional from analytes
      where $1::text[] is null or code = any($1::text[])`,
    [codes ?? null],
  );
  const correctionFactor = new Map(analytes.rows.map((a) => [a.code, a.correction_factor]));
  const priority = new Map(analytes.rows.map((a) => [a.code, a.priority]));
  const provisional = new Map(analytes.rows.map((a) => [a.code, a.provisional]));
  // The spike rule's intervals: the stored components, resolved as the series' intervals are.
  const resolveComponents = componentResolver(await loadUncertaintySettings(tx));
  for (const m of measurements)
    m.roundToRoundRsds = roundToRoundRsds(
      resolveComponents({
        analyteCode: m.analyteCode,
        siteId: m.siteId,
        collectionType: m.collectionType,
        provisional: provisional.get(m.analyteCode) ?? false,
      }),
    );
  const ampMeth =
    !requested || requested.some((c) => c === 'AMP' || c === 'METH')
      ? await ampMethAreaSpreads(tx, siteIds, areaIds)
      : new Map<number, Map<number, null>>();
  const storedVersion = new Map(stored.rows.map((r) => [`${r.site_id}:${r.analyte_code}`, r.inputs_version]));
  const bySeries = groupBySeries(measurements);

  const targets: { siteId: number; analyteCode: string }[] = [];
  if (requested) {
    for (const siteId of siteIds) for (const analyteCode of requested) targets.push({ siteId, analyteCode });
  } else {
    const keys = new Set([...bySeries.keys(), ...storedVersion.keys()]);
    for (const key of keys) {
      const [site, analyteCode] = splitKey(key);
      targets.push({ siteId: site, analyteCode });
    }
  }

  const removed: { siteId: number; analyteCode: string }[] = [];
  const scores: SeriesScoreRow[] = [];
  const signals: AlertSignal[] = [];
  let computed = 0;
  for (const { siteId, analyteCode } of targets) {
    // A batch of ~1,400 series is a few hundred ms of maths: let BullMQ's timers run in between.
    if (++computed % YIELD_EVERY_SERIES === 0) await yieldToEventLoop();
    const key = `${siteId}:${analyteCode}`;
    const rows = bySeries.get(key) ?? [];
    if (rows.length === 0) {
      removed.push({ siteId, analyteCode });
      outcome.series.set(key, { status: 'removed' });
      continue;
    }
    const companion = COMPANION_ANALYTES[analyteCode];
    const companionRows = companion ? (bySeries.get(`${siteId}:${companion}`) ?? []) : [];
    const ampMethArea =
      analyteCode === 'AMP' || analyteCode === 'METH' ? (ampMeth.get(siteId) ?? new Map()) : undefined;
    // The area's AMP/METH distribution enters the version: other sites' results move the reference.
    const version =
      inputsVersion(mergeByRound(rows, companionRows)) +
      (ampMethArea === undefined
        ? ''
        : `:${spreadsVersion(ampMethArea, [...new Set(rows.map((r) => r.roundId))])}`);
    if (!force && storedVersion.get(key) === version) {
      outcome.unchanged++;
      outcome.series.set(key, { status: 'unchanged' });
      continue;
    }
    const scored = scoreSeriesRows({
      siteId,
      analyteCode,
      rows,
      companionRows,
      correctionFactor: correctionFactor.get(analyteCode) ?? null,
      priority: priority.get(analyteCode) ?? false,
      ampMethAreaByRound: ampMethArea,
      inputsVersion: version,
    });
    scores.push(scored.row);
    for (const signal of scored.signals) signals.push(signal);
    outcome.scored++;
    outcome.series.set(key, { status: 'scored', category: scored.row.category });
  }
  outcome.removed = removed.length;
  await deleteSeriesScores(tx, removed);
  await upsertSeriesScores(tx, scores);
  outcome.alerts = await raiseAlerts(tx, signals, { replaceLive: true });
  // A series scored again is judged whole: what its rules no longer find is resolved.
  const judged = [...outcome.series]
    .filter(([, s]) => s.status !== 'unchanged')
    .map(([key]) => splitKey(key));
  outcome.alerts.resolved = await resolveUnfoundSeriesAlerts(
    tx,
    judged.map(([siteId, analyteCode]) => ({ siteId, analyteCode })),
    signals.map((s) => s.conditionKey),
  );
  return outcome;
}

function groupBySeries(measurements: readonly SiteMeasurement[]): Map<string, SiteMeasurement[]> {
  const bySeries = new Map<string, SiteMeasurement[]>();
  for (const m of measurements) {
    const key = `${m.siteId}:${m.analyteCode}`;
    const list = bySeries.get(key);
    if (list) list.push(m);
    else bySeries.set(key, [m]);
  }
  return bySeries;
}

function splitKey(key: string): [number, string] {
  const at = key.indexOf(':');
  return [Number(key.slice(0, at)), key.slice(at + 1)];
}

/**
 * A series' rows and its companion's in the order one query of both returns them (round, then
 * measurement id): the order the inputs version hashes.
 */
function mergeByRound(a: readonly SiteMeasurement[], b: readonly SiteMeasurement[]): SiteMeasurement[] {
  if (b.length === 0) return a as SiteMeasurement[];
  const merged: SiteMeasurement[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    const takeA =
      y === undefined ||
      (x !== undefined &&
        (x.roundIndex < y.roundIndex ||
          (x.roundIndex === y.roundIndex && x.measurementId < y.measurementId)));
    merged.push(takeA ? x! : y!);
    if (takeA) i++;
    else j++;
  }
  return merged;
}
