import type { AreaGeometry } from '../geo/geojson-schema';

/** A survey area and how much of it the photos cover, as `GET /api/areas` answers it. */
export interface AreaSummary {
  id: number;
  name: string;
  city: string;
  areaKm2: number;
  coveredKm2: number;
  coveragePct: number;
  /** The area's last change or its last photo taken in, whichever is later. */
  updatedAt: Date;
  /** Photos processed whose footprint the coverage has not taken in yet (0: up to date). */
  pendingImages: number;
  /** When the area was archived; null while it is in use. */
  archivedAt: Date | null;
  /** The office that owns the area. */
  officeId: number;
}

/** One area with its outline and grid, as `GET /api/areas/:id` and `POST /api/areas` answer it. */
export interface AreaWithGeometry extends AreaSummary {
  geometry: AreaGeometry;
  gridCellM: number;
  metricSrid: number;
}
