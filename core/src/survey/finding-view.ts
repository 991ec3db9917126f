import type { Geometry } from 'geojson';
import type { FindingOutcome, FindingStatus } from './finding-status';

/** What a suspected plot grows. */
export const FINDING_CROPS = ['opium_poppy', 'cannabis', 'other'] as const;
export type FindingCrop = (typeof FINDING_CROPS)[number];

/** Who proposed it: a person reading the photos, a model, or a ground team standing on it. */
export const FINDING_SOURCES = ['analyst', 'model', 'ground'] as const;
export type FindingSource = (typeof FINDING_SOURCES)[number];

/** One step of a finding's chain (`note` events are written by older data only). */
export type FindingEventKind = 'verification' | 'eradication' | 'rejection' | 'resurvey' | 'note';

/** An evidence photo, with the SHA-256 and name it had when the finding was recorded. */
export interface FindingEvidence {
  imageId: number;
  sha256: string;
  name: string;
}

/** One event of the chain; its times as the database wrote them (ISO text, built in SQL). */
export interface FindingEventView {
  id: number;
  kind: FindingEventKind;
  at: string;
  team: string | null;
  outcome: FindingOutcome | null;
  /** What the step recorded beyond its columns (photos, plants, area, reason…). */
  detail: Record<string, unknown> | null;
  actor: string | null;
  fromStatus: FindingStatus | null;
  toStatus: FindingStatus | null;
  recordedAt: string;
}

/** A suspected illicit-crop plot as `GET /api/findings` lists it. */
export interface FindingView {
  id: number;
  areaId: number | null;
  /** The office that owns the finding. */
  officeId: number;
  geometry: Geometry;
  crop: FindingCrop;
  confidence: number;
  source: FindingSource;
  status: FindingStatus;
  evidence: FindingEvidence[];
  note: string | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** One finding with its chain, oldest event first (`GET /api/findings/:id`, and every write's answer). */
export interface FindingDetail extends FindingView {
  events: FindingEventView[];
}

/** One survey area's line of `GET /api/findings/totals` (areaId null: findings outside every area). */
export interface FindingTotal {
  areaId: number | null;
  areaName: string | null;
  /** Only the statuses the area has findings at. */
  byStatus: Partial<Record<FindingStatus, number>>;
  plantsEradicated: number;
  areaEradicatedM2: number;
}
