import type { MultiPolygon, Polygon, Position } from 'geojson';
import { polygonsOf } from '../map/polygons-of';

/** WGS84 equatorial radius, the sphere Turf's `area` and d3-geo use for this formula. */
const earthRadiusM = 6_378_137;

const radians = (degrees: number) => (degrees * Math.PI) / 180;

/**
 * Signed area (m²) of a lon/lat ring on the sphere, edges taken as straight lines in lon/lat:
 * A = R²/2 · Σ (λᵢ₊₁ − λᵢ₋₁) · sin φᵢ (Chamberlain & Duquette, "Some algorithms for polygons on
 * a sphere", JPL 2007; the formula of Turf's `area`). Exact for a lon/lat rectangle:
 * R² · Δλ · (sin φ₂ − sin φ₁).
 */
function ringAreaM2(ring: readonly Position[]): number {
  const count = ring.length;
  if (count < 3) return 0;
  let total = 0;
  for (let index = 0; index < count; index++) {
    const previous = ring[(index + count - 1) % count];
    const current = ring[index];
    const next = ring[(index + 1) % count];
    total += (radians(next[0]) - radians(previous[0])) * Math.sin(radians(current[1]));
  }
  return (total * earthRadiusM * earthRadiusM) / 2;
}

function polygonAreaM2(rings: readonly (readonly Position[])[]): number {
  const [outer, ...holes] = rings;
  if (!outer) return 0;
  return Math.abs(ringAreaM2(outer)) - holes.reduce((sum, hole) => sum + Math.abs(ringAreaM2(hole)), 0);
}

/**
 * Area in km² of a gap (Polygon or MultiPolygon, holes subtracted), for the gaps list when the
 * server does not send `areaKm2` itself.
 * @example polygonAreaKm2({ type: 'Polygon', coordinates: [[[0,0],[1,0],[1,1],[0,1],[0,0]]] }) // ≈ 12,391
 */
export function polygonAreaKm2(geometry: Polygon | MultiPolygon): number {
  return polygonsOf(geometry).reduce((sum, rings) => sum + polygonAreaM2(rings), 0) / 1e6;
}
