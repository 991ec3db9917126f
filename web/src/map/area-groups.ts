import type { MultiPolygon, Polygon } from 'geojson';
import { coveragePct } from '@skywater/core/survey/coverage/coverage-percent';
import { labelPoint } from './label-point';

/** What grouping needs of a survey area. */
export interface GroupableArea {
  id: number;
  name: string;
  city: string;
  officeId: number;
  areaKm2: number;
  coveredKm2: number;
  coveragePct: number;
  geometry: Polygon | MultiPolygon;
}

/**
 * Survey areas named alike within one office and city ("崖州区第001网格" … "崖州区第211网格": a
 * district cut into grid cells), two or more: labelled and listed as one (the district's name,
 * how many cells, their coverage together) until the map is zoomed in far enough for each cell's
 * own label to fit. An area named unlike any other is a group of its own.
 */
export interface AreaGroup {
  key: string;
  /** The name the members share ("崖州区"), or the area's own name for a group of one. */
  name: string;
  members: readonly GroupableArea[];
  areaKm2: number;
  coveredKm2: number;
  coveragePct: number;
  /** Where the group's label goes (lon, lat): the members' area-weighted centre. */
  point: [number, number];
  /** The members' median size, km²: how large one cell is drawn at a zoom. */
  memberKm2: number;
}

/** A name with its numbers taken out: what numbered siblings have in common. */
function numberlessName(name: string): string {
  return name.replace(/\d+/g, '#');
}

/**
 * The part of the names every member shares, before the first number, trimmed of what only
 * joins it to the number ("第", spaces, "-", "#", "No."); the city when nothing is left.
 * @example sharedName(['崖州区第001网格', '崖州区第002网格'], '三亚市') // '崖州区'
 */
export function sharedName(names: readonly string[], city: string): string {
  let prefix = names[0] ?? '';
  for (const name of names) {
    let length = 0;
    while (length < prefix.length && length < name.length && prefix[length] === name[length]) length += 1;
    prefix = prefix.slice(0, length);
  }
  const beforeNumber = prefix.replace(/\d.*$/, '');
  const trimmed = beforeNumber.replace(/(\s|[-_#·:：]|第|No\.?|cell|Cell)+$/u, '').trim();
  return trimmed === '' ? city : trimmed;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The areas in groups (see AreaGroup), in the order of each group's first member. */
export function groupAreas(areas: readonly GroupableArea[]): AreaGroup[] {
  const byKey = new Map<string, GroupableArea[]>();
  for (const area of areas) {
    const key = `${area.officeId}|${area.city}|${numberlessName(area.name)}`;
    const members = byKey.get(key) ?? [];
    members.push(area);
    byKey.set(key, members);
  }
  const groups: AreaGroup[] = [];
  for (const [sharedKey, members] of byKey) {
    // A name without a number is not a series: each such area is its own group.
    const series = members.length > 1 && /\d/.test(members[0].name);
    for (const part of series ? [members] : members.map((member) => [member])) {
      const areaKm2 = part.reduce((sum, area) => sum + area.areaKm2, 0);
      const coveredKm2 = part.reduce((sum, area) => sum + area.coveredKm2, 0);
      const points = part.map((area) => ({ point: labelPoint(area.geometry), weight: area.areaKm2 }));
      const weight = points.reduce((sum, { weight }) => sum + weight, 0) || 1;
      groups.push({
        key: part.length > 1 ? sharedKey : `area-${part[0].id}`,
        name:
          part.length > 1
            ? sharedName(
                part.map((area) => area.name),
                part[0].city,
              )
            : part[0].name,
        members: part,
        areaKm2,
        coveredKm2,
        coveragePct: part.length > 1 ? coveragePct(coveredKm2, areaKm2) : part[0].coveragePct,
        point: [
          points.reduce((sum, { point, weight: w }) => sum + point[0] * w, 0) / weight,
          points.reduce((sum, { point, weight: w }) => sum + point[1] * w, 0) / weight,
        ],
        memberKm2: median(part.map((area) => area.areaKm2)),
      });
    }
  }
  return groups;
}

/** A cell's own label is shown once the cell is drawn at least this wide (CSS px). */
export const cellLabelMinWidthPx = 72;

/** MapLibre's tiles are 512 px: metres per CSS pixel at zoom 0 on the equator. */
const metresPerPxAtZoom0 = 40_075_016.686 / 512;

/**
 * The zoom from which a group's members are labelled each on its own: where a member of the
 * median size (taken as a square) is drawn `cellLabelMinWidthPx` wide. A group of one: always.
 * @example memberLabelMinZoom(group of 2.27 km² cells at 18.4° N) // ≈ 11.9
 */
export function memberLabelMinZoom(group: Pick<AreaGroup, 'members' | 'memberKm2' | 'point'>): number {
  if (group.members.length < 2) return 0;
  const sideM = Math.sqrt(group.memberKm2 * 1e6);
  const latitudeScale = Math.cos((group.point[1] * Math.PI) / 180);
  return Math.log2((metresPerPxAtZoom0 * latitudeScale * cellLabelMinWidthPx) / sideM);
}
