import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../api/audit-api';
import { en } from '../i18n/en';
import { zhCN } from '../i18n/zh-CN';
import { changeLines } from './audit-change';
import { AUDIT_FIELDS } from './audit-fields';

const byKey = (key: string, fallback: string) => (key === 'audit.result' ? '结果' : fallback);

function entry(entity: string, before: unknown, after: unknown): AuditEntry {
  return {
    id: 1,
    at: '2026-03-10T08:00:00Z',
    actor: 'lab',
    action: 'correct',
    entity,
    entityId: '42',
    before,
    after,
    requestId: null,
  } as unknown as AuditEntry;
}

describe('changeLines', () => {
  it('shows the new LOQ of a "<LOQ" correction that changed only the limit', () => {
    const lines = changeLines(
      entry(
        'measurement',
        { qualifier: '<LOQ', valueNgL: null, loqNgL: 2, uloqNgL: null },
        {
          qualifier: '<LOQ',
          valueNgL: null,
          loqNgL: 5,
          uloqNgL: null,
          reason: 'LOQ re-validated',
          revisionId: 7,
        },
      ),
      byKey,
      'en',
    );
    expect(lines[0]).toBe('结果: <LOQ (2 ng/L) → <LOQ (5 ng/L)');
    expect(lines).toContain('reason: "LOQ re-validated"');
  });

  it('reads a value corrected to below the LOQ as one result, the LOQ as text the server may send', () => {
    const lines = changeLines(
      entry(
        'measurement',
        { qualifier: '=', valueNgL: 12.5, loqNgL: '2', uloqNgL: null },
        { qualifier: '<LOQ', valueNgL: null, loqNgL: '5', uloqNgL: null, reason: 'x' },
      ),
      byKey,
      'en',
    );
    expect(lines[0]).toBe('结果: 12.5 ng/L → <LOQ (5 ng/L)');
    expect(lines.some((line) => line.startsWith('loqNgL'))).toBe(false);
  });

  it('lists other entities field by field, only what changed', () => {
    expect(
      changeLines(
        entry('user', { roles: ['lab'], name: 'a' }, { roles: ['lab', 'analyst'], name: 'a' }),
        byKey,
        'en',
      ),
    ).toEqual(['roles: ["lab"] → ["lab","analyst"]']);
  });
});

/** A lookup in one language's dictionary, its placeholders filled, as the screen's `textIfKnown` does. */
function dictionaryLookup(dictionary: object) {
  return (key: string, fallback: string, values: Record<string, string> = {}) => {
    let node: unknown = dictionary;
    for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
    return typeof node === 'string'
      ? node.replace(/\{\{(\w+)\}\}/g, (_, name: string) => values[name] ?? '')
      : fallback;
  };
}

describe('changeLines in the interface language', () => {
  it('names every field the server audits, never by its raw key, in both languages', () => {
    const after = Object.fromEntries(AUDIT_FIELDS.map((field) => [field, 1]));
    for (const [language, dictionary] of [
      ['zh-CN', zhCN],
      ['en', en],
    ] as const) {
      const lines = changeLines(entry('site', {}, after), dictionaryLookup(dictionary), language);
      expect(lines).toHaveLength(AUDIT_FIELDS.length);
      const labels = lines.map((line) => line.slice(0, line.lastIndexOf(': 1')));
      const raw = labels.filter((label) => (AUDIT_FIELDS as readonly string[]).includes(label));
      expect(raw, language).toEqual([]);
    }
  });

  it('reads a correction’s reason and revision in Chinese', () => {
    const lines = changeLines(
      entry('measurement', { population: 1000 }, { population: 1200, reason: '复核', revisionId: 7 }),
      dictionaryLookup(zhCN),
      'zh-CN',
    );
    expect(lines).toEqual(['人口: 1000 → 1200', '原因: "复核"', '修订编号: 7']);
  });

  it('names a finding step’s status and outcome, and writes its time as the app writes dates', () => {
    const step = entry(
      'finding',
      { status: 'suspected' },
      { status: 'rejected', eventId: 8, at: '2024-03-28T09:00:00+08:00', outcome: 'not_found', photos: [] },
    );
    const zh = changeLines(step, dictionaryLookup(zhCN), 'zh-CN');
    expect(zh[0]).toBe(`状态: ${zhCN.map.findingStatus.suspected} → ${zhCN.map.findingStatus.rejected}`);
    expect(zh).toContain(`结果: ${zhCN.findings.outcome.not_found}`);
    const en_ = changeLines(step, dictionaryLookup(en), 'en');
    expect(en_).toContain('Outcome: Nothing found');
    expect(en_).toContain('Photos: —');
    const time = en_.find((line) => line.startsWith('Time: '));
    expect(time).toMatch(/^Time: 2024-03-2[78] \d{2}:\d{2}$/);
    // No stored code or raw instant reaches the screen.
    expect([...zh, ...en_].join('\n')).not.toMatch(/suspected|rejected|not_found|T09:00/);
  });

  it('names a user’s roles, and leaves a code without a name as stored', () => {
    const change = entry('user', { roles: ['lab'] }, { roles: ['lab', 'analyst'] });
    expect(changeLines(change, dictionaryLookup(zhCN), 'zh-CN')).toEqual([
      `${zhCN.audit.field.roles}: ${zhCN.roles.lab} → ${zhCN.roles.lab}、${zhCN.roles.analyst}`,
    ]);
    expect(changeLines(change, dictionaryLookup(en), 'en')).toEqual(['Roles: Lab → Lab, Analyst']);
    const evidence = entry('finding', { photos: [105] }, { photos: [105, 106] });
    expect(changeLines(evidence, dictionaryLookup(en), 'en')).toEqual(['Photos: 105 → 105, 106']);
    const dem = entry('terrain_dem', {}, { bboxWgs84: [108.76, 18.794999999999998, 109.135, 19.235] });
    expect(changeLines(dem, dictionaryLookup(en), 'en')).toEqual([
      'Extent (WGS84): 108.76, 18.795, 109.135, 19.235',
    ]);
    const flight = entry('flight', {}, { format: 'gpx', coordinateSystem: 'gcj02' });
    expect(changeLines(flight, dictionaryLookup(en), 'en')).toEqual([
      'Format: GPX',
      'Coordinate system: GCJ-02 (Chinese web maps)',
    ]);
    const odd = entry('finding', { status: 'suspected' }, { status: 'no_such_status' });
    expect(changeLines(odd, dictionaryLookup(en), 'en')[0]).toMatch(/→ "no_such_status"$/);
  });

  it('says a flag as yes or no in the interface language', () => {
    const change = entry('user', { disabled: false }, { disabled: true });
    expect(changeLines(change, dictionaryLookup(zhCN), 'zh-CN')).toEqual(['已停用: 否 → 是']);
    expect(changeLines(change, dictionaryLookup(en), 'en')).toEqual(['Disabled: no → yes']);
  });

  it('says a finding’s point or plot by its place, size and vertices, and its evidence by photo name', () => {
    // A 0.01° × 0.01° plot near Haikou: R² · Δλ · (sin φ₂ − sin φ₁) = 1.164 km², in the app's form 1.2 km².
    const plot = {
      type: 'Polygon',
      coordinates: [
        [
          [110.3, 20.0],
          [110.31, 20.0],
          [110.31, 20.01],
          [110.3, 20.01],
          [110.3, 20.0],
        ],
      ],
    };
    const evidence = [{ imageId: 105, sha256: 'ab12', name: 'DJI_0042.JPG' }];
    const created = entry('finding', {}, { geometry: plot, evidence, crop: 'opium_poppy' });
    const en_ = changeLines(created, dictionaryLookup(en), 'en');
    expect(en_).toContain('Geometry: polygon of 1.2 km², 4 vertices');
    expect(en_).toContain('Evidence photos: DJI_0042.JPG (#105)');
    expect(en_).toContain('Crop: Opium poppy');
    const zh = changeLines(created, dictionaryLookup(zhCN), 'zh-CN');
    expect(zh).toContain(`${zhCN.audit.field.geometry}: 多边形，1.2 km²，4 个顶点`);
    const point = entry('finding', {}, { geometry: { type: 'Point', coordinates: [110.312345, 20.045123] } });
    expect(changeLines(point, dictionaryLookup(en), 'en')).toEqual(['Geometry: 20.04512°N 110.31235°E']);
    const twoPlots = entry(
      'finding',
      {},
      { geometry: { type: 'MultiPolygon', coordinates: [plot.coordinates, plot.coordinates] } },
    );
    expect(changeLines(twoPlots, dictionaryLookup(en), 'en')).toEqual([
      'Geometry: 2 polygons of 2.3 km² in all, 8 vertices',
    ]);
    // No GeoJSON reaches the screen.
    expect([...en_, ...zh].join('\n')).not.toMatch(/coordinates|imageId|sha256|opium_poppy/);
  });
});
