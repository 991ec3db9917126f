/** Small-sample statistics for wastewater trends and spatial hot spots (docs/design.md §4). */
export { normalCdf, normalTwoSidedP, normalUpperTail } from './normal-distribution';
export { presentValues, type PresentValues, type RoundValues } from './round-series';
export {
  MANN_KENDALL_EXACT_MAX_N,
  mannKendall,
  mannKendallExactUpperTail,
  mannKendallOfPresent,
  type MannKendallResult,
} from './mann-kendall';
export { senSlope, senSlopeOfPresent, type SenSlopeResult } from './sen-slope';
export {
  censoredMannKendall,
  censoredPairSign,
  type CensoredMannKendallResult,
  type CensoredSeries,
} from './censored-mann-kendall';
export { censoredSenSlope, type CensoredSenSlopeResult } from './censored-sen-slope';
export {
  logLinearChange,
  logLinearChangeOfPresent,
  type LogLinearChangeOptions,
  type LogLinearChangeResult,
  type NonPositivePolicy,
} from './log-linear-change';
export {
  TREND_MIN_ROUNDS,
  scoreTrend,
  type TrendCategory,
  type TrendOptions,
  type TrendScore,
} from './trend';
export { detectSpike, type SpikeMethod, type SpikeOptions, type SpikeResult } from './spike';
export {
  buildNeighbours,
  type NeighbourhoodSpec,
  type PlanarPoint,
  type SpatialNeighbours,
} from './spatial-neighbours';
export { projectToLocalPlane, type LocalPlane, type LonLat } from './local-metric-projection';
export {
  hotSpotAnalysis,
  localGetisOrd,
  type HotSpotResult,
  type LocalGOptions,
  type LocalGResult,
} from './getis-ord';
export { benjaminiHochbergAdjust, benjaminiHochbergThreshold } from './false-discovery-rate';
export { HOT_SPOT_LEVELS, hotSpotBins, type HotSpotBins } from './hot-spot-bins';
export {
  classifyEmergingHotSpot,
  type EmergingHotSpotCategory,
  type EmergingHotSpotOptions,
  type EmergingHotSpotResult,
  type GiStarSeries,
} from './emerging-hot-spots';
