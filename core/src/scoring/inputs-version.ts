import { createHash } from 'node:crypto';
import type { RobustSpread } from '../stats/robust-spread';
import type { MeasurementRow } from './series-points';

/**
 * Bumped when the scoring rules or parameters change, so the nightly re-score recomputes every
 * series even where the data did not change.
 */
export const SCORING_RULES_VERSION = 2;

/**
 * The version of a series' inputs: rules version, count, highest measurement id and a hash of
 * every value that enters the score (the round-to-round uncertainty RSDs included: an admin's
 * change of a component re-scores the series it applies to). Equal versions mean an equal score (the job can stop).
 * @example inputsVersion(rows) // 'r1:n6:max812:9f2c4a1b0e3d'
 */
export function inputsVersion(rows: readonly MeasurementRow[]): string {
  // One update of the rows' text (the digest of the pieces fed one by one, without a native
  // call per row: it was the largest part of a batch's own CPU).
  let text = '';
  let maxId = 0;
  for (const r of rows) {
    if (r.measurementId > maxId) maxId = r.measurementId;
    text += `${r.measurementId}|${r.roundId}|${r.qualifier}|${r.valueNgL}|${r.lodNgL}|${r.loqNgL}|${r.flowM3PerDay}|${r.population}|${r.roundToRoundRsds?.join(',') ?? ''};`;
  }
  const digest = createHash('sha1').update(text).digest('hex');
  return `r${SCORING_RULES_VERSION}:n${rows.length}:max${maxId}:${digest.slice(0, 12)}`;
}

/** The spreads a series' rounds are judged against, as they enter its inputs version. */
export function spreadsVersion(
  spreads: ReadonlyMap<number, RobustSpread | null> | undefined,
  roundIds: readonly number[],
): string {
  return `a${createHash('sha1')
    .update(roundIds.map((id) => `${id}=${spreadVersion(spreads?.get(id))}`).join(';'))
    .digest('hex')
    .slice(0, 12)}`;
}

/** The spread as it enters a series' inputs version (rounded: tiny shifts do not re-score). */
export function spreadVersion(spread: RobustSpread | null | undefined): string {
  return spread
    ? `a${spread.median.toFixed(2)},${spread.scale.toFixed(2)},${spread.n >= 20 ? 'n' : spread.n}`
    : 'a-';
}
