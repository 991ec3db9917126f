import type { Qualifier, StoredResultValue } from './lab-value';

/** A correction of a result as a lab writes it (`POST /api/measurements/:id/corrections`): the value cell (`12.5`, `<LOQ`, `ND`, `<5`), its unit, why. */
export interface MeasurementCorrection {
  value: string | number | null;
  unit?: string;
  /** Overrides the qualifier read from `value` (e.g. `ND` with an empty value). */
  qualifier?: Qualifier;
  reason: string;
}

/** A stored result (ng/L) as `GET /api/measurements/:id/history` answers it. */
export interface StoredMeasurement extends StoredResultValue {
  id: number;
  /** The stored sample (its flow and population are corrected there). */
  sampleId: number;
  siteId: number;
  roundId: number;
  batchId: number | null;
  analyteCode: string;
  replicate: number;
  revised: boolean;
  revisedAt: Date | null;
  restricted: boolean;
  siteKind: string;
}

/** One correction of a result: what it was, what it became, what was typed, why, who, when. */
export interface MeasurementRevision {
  id: number;
  oldQualifier: Qualifier;
  oldValueNgL: number | null;
  oldLoqNgL: number | null;
  oldUloqNgL: number | null;
  newQualifier: Qualifier;
  newValueNgL: number | null;
  newLoqNgL: number | null;
  newUloqNgL: number | null;
  enteredValue: string | null;
  enteredUnit: string | null;
  reason: string;
  actorName: string | null;
  at: Date;
}

/** `GET /api/measurements/:id/history`: the result now and its corrections, oldest first. */
export interface MeasurementHistory {
  measurement: StoredMeasurement;
  revisions: MeasurementRevision[];
}

/** A correction of a sample's flow and/or population, with why (`POST /api/samples/:id/corrections`). */
export interface SampleCorrection {
  flowM3PerDay?: number;
  population?: number;
  reason: string;
}

/** A stored sample's flow and population as `GET /api/samples/:id/history` answers it. */
export interface StoredSample {
  id: number;
  siteId: number;
  siteKind: string;
  roundId: number;
  batchId: number | null;
  labSampleId: string;
  flowM3PerDay: number | null;
  population: number | null;
  revised: boolean;
}

/** One correction of a sample: old and new flow (m³/d) and population, why, who, when. */
export interface SampleRevision {
  id: number;
  oldFlowM3PerDay: number | null;
  oldPopulation: number | null;
  newFlowM3PerDay: number | null;
  newPopulation: number | null;
  reason: string;
  actorName: string | null;
  at: Date;
}

/** `GET /api/samples/:id/history`: the sample now and its corrections, oldest first. */
export interface SampleHistory {
  sample: StoredSample;
  revisions: SampleRevision[];
}
