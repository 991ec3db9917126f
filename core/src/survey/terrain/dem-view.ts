/** A DEM loaded on the server, as `GET /api/terrain` lists it (finest first) and `POST /api/terrain` answers it. */
export interface DemView {
  id: number;
  name: string;
  crsEpsg: number;
  crsName: string;
  widthPx: number;
  heightPx: number;
  /** Ground size of a cell at the raster's centre (the coarser side). */
  resolutionM: number;
  sizeBytes: number;
  noData: number | null;
  /** West, south, east, north in degrees (WGS 84). */
  bboxWgs84: [number, number, number, number];
  sha256: string;
  createdAt: Date;
  createdBy: string | null;
}
