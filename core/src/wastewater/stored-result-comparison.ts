import type { CollectionType } from './collection-type';
import type { Qualifier } from './lab-value';

/** The fields of a sample that an upload must not contradict once stored. */
export interface SampleFields {
  collectedStart: Date;
  collectedEnd: Date;
  collectionType: CollectionType;
  flowM3PerDay: number | null;
  population: number | null;
}

export type SampleField = keyof SampleFields;

/** The part of a result that a re-upload must repeat exactly, or be a conflict. */
export interface ResultFields {
  qualifier: Qualifier;
  valueNgL: number | null;
}

/**
 * Two numbers read from files (or stored as double precision) are the same when they differ by
 * less than one part in 10⁹: a unit conversion (0.2 µg/L × 1000) may leave the last bit apart.
 */
export function sameNumber(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  // Infinity would be "the same" as any number by the relative test (a store may hold one).
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b), 1e-9);
}

/**
 * The fields where an incoming sample differs from the stored one (empty when it agrees).
 * Period, collection type and flow must match exactly; a population counts only when both
 * give one (an empty population means "the site's", which is not a contradiction).
 * @example sampleDifferences(stored, { ...stored, flowM3PerDay: 1 }) // ['flowM3PerDay']
 */
export function sampleDifferences(stored: SampleFields, incoming: SampleFields): SampleField[] {
  const differences: SampleField[] = [];
  if (stored.collectedStart.getTime() !== incoming.collectedStart.getTime())
    differences.push('collectedStart');
  if (stored.collectedEnd.getTime() !== incoming.collectedEnd.getTime()) differences.push('collectedEnd');
  if (stored.collectionType !== incoming.collectionType) differences.push('collectionType');
  if (!sameNumber(stored.flowM3PerDay, incoming.flowM3PerDay)) differences.push('flowM3PerDay');
  if (
    stored.population !== null &&
    incoming.population !== null &&
    !sameNumber(stored.population, incoming.population)
  )
    differences.push('population');
  return differences;
}

/**
 * True when an uploaded result repeats the stored one (same qualifier and value): importing it
 * again is a no-op, not an error. Anything else is a conflict, never an overwrite.
 */
export function sameResult(stored: ResultFields, incoming: ResultFields): boolean {
  return stored.qualifier === incoming.qualifier && sameNumber(stored.valueNgL, incoming.valueNgL);
}

/** Template column of each sample field, for the validation report. */
export const SAMPLE_FIELD_COLUMN: Readonly<Record<SampleField, string>> = {
  collectedStart: 'collected_start',
  collectedEnd: 'collected_end',
  collectionType: 'collection_type',
  flowM3PerDay: 'flow_m3_per_day',
  population: 'population',
};
