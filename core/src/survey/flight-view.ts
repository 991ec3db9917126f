import type { Feature, MultiLineString } from 'geojson';
import type { AreaSummary } from './area-view';

/** A flight's photos by state; `done` and `failed` are the ones the workers have finished. */
export interface ImageCounts {
  total: number;
  done: number;
  failed: number;
  pending: number;
}

/** A flight as `GET /api/flights` lists it and `POST /api/flights` answers the new one. */
export interface FlightSummary {
  id: number;
  areaId: number | null;
  /** The office that owns the flight (its area's, else the pilot's). */
  officeId: number;
  cameraModel: string | null;
  team: string | null;
  pilot: string | null;
  pointCount: number;
  segmentCount: number;
  distanceM: number;
  durationS: number | null;
  maxHeightM: number | null;
  startedAt: Date | null;
  endedAt: Date | null;
  /** The track touches no survey area. */
  outsideAreas: boolean;
  format: string;
  logFileName: string;
  logSha256: string;
  coordinateSystem: 'wgs84' | 'gcj02';
  heightReference: string;
  /** The account that uploaded it (null for flights loaded otherwise, e.g. the demo's). */
  uploadedBy: string | null;
  createdAt: Date;
  images: ImageCounts;
}

/** One flight with its track (`GET /api/flights/:id`): heights as third coordinate, times per point. */
export interface FlightDetail extends FlightSummary {
  track: Feature<MultiLineString>;
}

/**
 * A flight's processing as its live stream (`GET /api/flights/:id/stream`) sends it: the
 * photos' counts and its area's coverage figure (no outline), sent again whenever either moves.
 */
export interface FlightProgress {
  flightId: number;
  images: ImageCounts;
  area: AreaSummary | null;
}
