import type { Geometry, Position } from 'geojson';
import type { AuditEntry } from '../api/audit-api';
import type { Qualifier } from '../api/measurements-api';
import { formatAreaKm2, formatDateTime, formatPosition } from '../i18n/format-units';
import { polygonsOf } from '../map/polygons-of';
import { polygonAreaKm2 } from '../survey/polygon-area';
import { qualifiedValue } from '../lab/qualified-value';

/** Fields kept for the machine, not the reader: when a row was touched, an alert's dedup key. */
const internalFields = new Set(['updatedAt', 'conditionKey']);

/** A measurement's figures that together make its result ("<LOQ (5 ng/L)"). */
const resultFields = ['qualifier', 'valueNgL', 'loqNgL', 'uloqNgL'] as const;

/**
 * Where the interface names a field's stored codes (`entity.field` → the i18n group holding one
 * name per code): an alert's kind, severity and status, a finding's status, outcome, crop and
 * source, a site's kind, a campaign's cadence, a user's roles, a flight log's coordinate system.
 * A file's format reads as its extension in capitals (CSV, GPX); other values are shown as stored.
 */
const codeNames: Record<string, string> = {
  'alert.kind': 'alerts.kind',
  'alert.severity': 'alerts.severity',
  'alert.status': 'alerts.status',
  'import_batch.mode': 'labImports.modeName',
  'finding.status': 'map.findingStatus',
  'finding.outcome': 'findings.outcome',
  'finding.crop': 'findings.crops',
  'finding.source': 'fieldWork.sources',
  'site.kind': 'map.siteKind',
  'plausibility_bound.siteKind': 'map.siteKind',
  'campaign.cadence': 'campaigns.cadenceName',
  'user.roles': 'roles',
  'flight.coordinateSystem': 'audit.coordinateSystemName',
};

/** The i18n key of a stored code's name (see `codeNames`), or null: shown as stored. */
function codeKey(entity: string, field: string, value: string): string | null {
  const group = codeNames[`${entity}.${field}`];
  return group ? `${group}.${value}` : null;
}

/** A stored figure without binary noise: 18.794999999999998 reads 18.795 (12 significant digits). */
function plainNumber(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/** An instant as the server stores it (`2024-03-28T09:00:00+08:00`), shown as the app writes dates. */
const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** A stored number (JSON may carry a numeric column as text), or null. */
function numberOrNull(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}

/** A name from the dictionary, its `{{placeholders}}` filled from `values`. */
export type NameLookup = (key: string, fallback: string, values?: Record<string, string>) => string;

/** A stored GeoJSON geometry (a finding's point or plot), or null. */
function asGeometry(value: unknown): Geometry | null {
  if (typeof value !== 'object' || value === null) return null;
  const { type, coordinates } = value as { type?: unknown; coordinates?: unknown };
  const types = ['Point', 'LineString', 'Polygon', 'MultiPolygon'];
  return typeof type === 'string' && types.includes(type) && Array.isArray(coordinates)
    ? (value as Geometry)
    : null;
}

/** Vertices of polygon rings as drawn: a ring's closing vertex repeats its first, counted once. */
function ringVertices(rings: readonly (readonly Position[])[]): number {
  return rings.reduce((sum, ring) => sum + Math.max(0, ring.length - 1), 0);
}

/**
 * A geometry as the finding screens say it: a point by its position (`20.04512°N 110.31234°E`),
 * a plot by its area and vertices (`polygon of 0.42 km², 5 vertices`), not as GeoJSON; null
 * for a geometry type the log does not expect (then shown as stored).
 */
function geometryText(geometry: Geometry, name: NameLookup, language: 'zh-CN' | 'en'): string | null {
  switch (geometry.type) {
    case 'Point':
      return formatPosition(geometry.coordinates, language);
    case 'LineString':
      return name('audit.geometry.line', '', { vertices: String(geometry.coordinates.length) });
    case 'Polygon':
    case 'MultiPolygon': {
      const parts = polygonsOf(geometry);
      const values = {
        area: formatAreaKm2(polygonAreaKm2(geometry), language),
        vertices: String(parts.reduce((sum, rings) => sum + ringVertices(rings), 0)),
        parts: String(parts.length),
      };
      return name(parts.length > 1 ? 'audit.geometry.polygons' : 'audit.geometry.polygon', '', values);
    }
    default:
      return null;
  }
}

/** A finding's evidence as stored (`{ imageId, sha256, name }`): its photos by name and id. */
function evidenceText(value: unknown[], separator: string): string | null {
  const photos = value as { imageId?: unknown; name?: unknown }[];
  if (
    !photos.every((photo) => typeof photo === 'object' && photo !== null && typeof photo.imageId === 'number')
  )
    return null;
  return photos
    .map((photo) => (photo.name ? `${String(photo.name)} (#${photo.imageId})` : `#${photo.imageId}`))
    .join(separator);
}

/** A measurement's result before or after, as the lab screen writes it. */
function resultText(record: Record<string, unknown>, language: 'zh-CN' | 'en'): string {
  return qualifiedValue(
    (record.qualifier as Qualifier | undefined) ?? '=',
    numberOrNull(record.valueNgL),
    numberOrNull(record.loqNgL),
    language,
  );
}

/**
 * What changed, compactly: `角色: ["lab"] → ["lab","analyst"]`, one field a line, each field by
 * its name in the interface language (`audit.field`, see AUDIT_FIELDS); codes the
 * interface has names for are said by `name` (an alert's kind "first_detection" as 首次检出).
 * A measurement's qualifier, value and limits read as one result, "12 ng/L → <LOQ (5 ng/L)":
 * a "<LOQ" correction that only sets a new LOQ shows that LOQ.
 */
export function changeLines(entry: AuditEntry, name: NameLookup, language: 'zh-CN' | 'en'): string[] {
  // Null when the interface has no name for the code (the lookup gives back its fallback, '').
  const codeName = (key: string, value: string): string | null => {
    const known = codeKey(entry.entity, key, value);
    return (known && name(known, '')) || null;
  };
  const shown = (key: string, value: unknown): string => {
    // A flag (disabled, provisional) as yes or no in the interface language, not `true`.
    if (typeof value === 'boolean') return name(value ? 'audit.valueYes' : 'audit.valueNo', String(value));
    if (typeof value === 'number') return plainNumber(value);
    if (typeof value === 'string') {
      if (isoInstant.test(value)) return formatDateTime(value);
      if (key === 'format' && /^[a-z0-9]+$/.test(value)) return value.toUpperCase();
      return codeName(key, value) ?? JSON.stringify(value);
    }
    if (Array.isArray(value)) {
      const separator = language === 'zh-CN' ? '、' : ', ';
      if (value.length === 0) return '—';
      // Ids (photos, images) or figures (an extent) as a list, "105, 106".
      if (value.every((item) => typeof item === 'number')) return value.map(plainNumber).join(separator);
      // A list of codes (a user's roles) as their names, "实验室、分析员" / "Lab, Analyst".
      if (value.every((item) => typeof item === 'string')) {
        const names = value.map((item: string) => codeName(key, item));
        if (names.every((known) => known !== null)) return names.join(separator);
      }
      const photos = evidenceText(value, separator);
      if (photos) return photos;
    }
    const geometry = asGeometry(value);
    const place = geometry && geometryText(geometry, name, language);
    return place || JSON.stringify(value);
  };
  const before = (entry.before ?? {}) as Record<string, unknown>;
  const after = (entry.after ?? {}) as Record<string, unknown>;
  if (typeof before !== 'object' || typeof after !== 'object') return [JSON.stringify(entry.after)];
  const differs = (key: string) => JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null);
  const lines: string[] = [];
  const asResult = entry.entity === 'measurement' && resultFields.some((key) => key in after);
  if (asResult && resultFields.some(differs))
    lines.push(
      `${name('audit.result', 'result')}: ${resultText(before, language)} → ${resultText(after, language)}`,
    );
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  // Only what changed: an update may store whole records before and after.
  return lines.concat(
    keys
      .filter((key) => !internalFields.has(key) && after[key] !== undefined)
      .filter((key) => !(asResult && (resultFields as readonly string[]).includes(key)))
      .filter(differs)
      .map((key) => {
        const was = before[key] === undefined ? '' : `${shown(key, before[key])} → `;
        return `${name(`audit.field.${key}`, key)}: ${was}${shown(key, after[key])}`;
      }),
  );
}
