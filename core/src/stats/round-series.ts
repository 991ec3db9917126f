import { ValidationError } from '../errors/app-error';

/** One value per round, oldest first; `null`, `undefined` or NaN mark a round without a result. */
export type RoundValues = ArrayLike<number | null | undefined>;

/** The present values of a series, with the position (round index or time) each came from. */
export interface PresentValues {
  readonly values: Float64Array;
  /** Original index of each value, or the caller's time for it when `times` was given. */
  readonly times: Float64Array;
  readonly n: number;
}

/**
 * Drops missing rounds but keeps where each value came from, so slopes are per round even
 * when a round is missing (pyMannKendall's convention for Sen's slope).
 * Throws ValidationError for ±Infinity or a `times` array of the wrong length.
 * @example presentValues([3, null, 5]) // values [3, 5], times [0, 2]
 */
export function presentValues(values: RoundValues, times?: ArrayLike<number>): PresentValues {
  const length = values.length;
  if (times !== undefined && times.length !== length) {
    throw new ValidationError('times must have one entry per value', { values: length, times: times.length });
  }
  let n = 0;
  for (let i = 0; i < length; i++) {
    const v = values[i];
    if (v === null || v === undefined || Number.isNaN(v)) continue;
    if (!Number.isFinite(v)) throw new ValidationError('series value is infinite', { index: i });
    n++;
  }
  const kept = new Float64Array(n);
  const keptTimes = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < length; i++) {
    const v = values[i];
    if (v === null || v === undefined || Number.isNaN(v)) continue;
    const t = times === undefined ? i : times[i]!;
    if (!Number.isFinite(t)) throw new ValidationError('time is not a finite number', { index: i });
    kept[k] = v;
    keptTimes[k] = t;
    k++;
  }
  return { values: kept, times: keptTimes, n };
}
