/** Drone survey domain: cameras, footprints, flight logs, photo metadata and QC, GCJ-02. */
export {
  CAMERA_MODELS,
  cameraForImageSize,
  findCameraByExifModel,
  findCameraById,
  type CameraModel,
} from './cameras';
export {
  DEFAULT_FOOTPRINT_OPTIONS,
  footprintGroundPointsM,
  groundSampleDistanceCm,
  imageFootprint,
  nadirFootprintSize,
  type CameraPose,
  type FootprintOptions,
  type GroundPointM,
  type ImageFootprint,
} from './footprint';
export { lonLatToOffset, offsetToLonLat, type LocalOrigin } from './local-tangent-plane';
export {
  buildFlightTrack,
  summariseTrack,
  trackToGeoJson,
  type FlightLogFormat,
  type FlightTrack,
  type HeightReference,
  type RawTrackPoint,
  type TrackPoint,
  type TrackSummary,
} from './flight-log';
export { detectFlightLogFormat } from './detect-flight-log-format';
export { parseFlightLog } from './parse-flight-log';
export { parseGpx } from './parse-gpx';
export { parseKml, parseKmz } from './parse-kml';
export { DEFAULT_KMZ_LIMITS, readKmlFromKmz, type KmzLimits } from './kmz-archive';
export { parseCsvLog } from './parse-csv-log';
export { parseGeoJsonLog } from './parse-geojson-log';
export {
  readImageMetadata,
  type DjiXmp,
  type ImageMetadata,
  type ReadImageMetadataOptions,
} from './image-metadata';
export { assertJpeg, isJpeg, jpegDimensions } from './jpeg-structure';
export {
  DEFAULT_FLIGHT_TIME_MARGIN_S,
  DEFAULT_MAX_OFF_NADIR_DEG,
  COVERAGE_EXCLUDING_FLAGS,
  coverageExclusionReasons,
  imageQcFlags,
  type ImageQcContext,
  type ImageQcFlag,
} from './image-qc';
export { pixelQuality, PIXEL_QC_LIMITS, type PixelQuality } from './pixel-quality';
export { solarElevationDeg } from './solar-elevation';
export { hoverRelations, HOVER_LIMITS, type HoverCandidate } from './hovering-duplicate';
export { gcj02ToWgs84, isOutsideChina, wgs84ToGcj02 } from './gcj02';
export {
  analyseSurveyImage,
  HAINAN_BOUNDS,
  type SurveyImageAnalysis,
  type SurveyImageContext,
} from './image-analysis';
export { parseTrackWktZm, trackToWktZm } from './track-wkt';
export { orderGaps, type CoverageGap, type GapOrder, type PlannedGap } from './gap-plan';
export { gapsToKml } from './gaps-kml';
export {
  FINDING_ACTIONS,
  FINDING_STATUSES,
  findingEventKind,
  nextFindingStatus,
  type FindingAction,
  type FindingOutcome,
  type FindingStatus,
} from './finding-status';
