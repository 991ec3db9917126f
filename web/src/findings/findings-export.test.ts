import { describe, expect, it } from 'vitest';
import type { Finding } from '../api/findings-api';
import { findingsCsv, findingsGeoJson, findingsKml } from './findings-export';

const findings: Finding[] = [
  {
    id: 7,
    areaId: 2,
    geometry: { type: 'Point', coordinates: [109.512345, 18.25] },
    crop: 'opium_poppy',
    confidence: 0.8,
    source: 'model',
    status: 'verified',
    evidence: [
      { imageId: 41, sha256: 'a'.repeat(64), name: 'DJI_0041.JPG' },
      { imageId: 42, sha256: 'b'.repeat(64), name: 'DJI_0042.JPG' },
    ],
    note: '山坡上, "两块"\n靠近溪流',
    officeId: 1,
    createdBy: 'pilot',
    createdAt: '2026-03-02T08:00:00.000Z',
    updatedAt: '2026-03-02T08:00:00.000Z',
  },
  {
    id: 8,
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [109, 19],
          [109.002, 19],
          [109.002, 19.002],
          [109, 19],
        ],
      ],
    },
    crop: 'cannabis',
    confidence: 0.5,
    status: 'suspected',
    areaId: null,
    officeId: 1,
    source: 'analyst',
    evidence: [],
    note: null,
    createdBy: 'analyst',
    createdAt: '2026-03-03T08:00:00.000Z',
    updatedAt: '2026-03-03T08:00:00.000Z',
  },
];

describe('findings export', () => {
  it('writes one CSV row per finding, quoting notes with commas, quotes and line breaks', () => {
    const csv = findingsCsv(findings);
    expect(csv.startsWith('\uFEFFid,status,crop,confidence,source,areaId,lon,lat,createdAt')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[1]).toBe(
      '7,verified,opium_poppy,0.8,model,2,109.512345,18.25,2026-03-02T08:00:00.000Z,41 42,"山坡上, ""两块""\n靠近溪流"',
    );
    expect(lines[2]).toMatch(/^8,suspected,cannabis,0\.5,analyst,,109\.0013\d*,19\.0006\d*,2026-03-03T08:00:00\.000Z,,$/);
  });

  it('keeps the recorded geometry in GeoJSON', () => {
    const parsed = JSON.parse(findingsGeoJson(findings));
    expect(parsed.type).toBe('FeatureCollection');
    expect(parsed.features[1].geometry.type).toBe('Polygon');
    expect(parsed.features[0].properties.status).toBe('verified');
  });

  it('puts each finding as a KML point, escaping the note', () => {
    const kml = findingsKml(findings, '疑似地块');
    expect(kml).toContain('<coordinates>109.512345,18.25,0</coordinates>');
    expect(kml).toContain('&#34;两块&#34;');
    expect(kml.match(/<Placemark>/g)).toHaveLength(2);
  });
});
