import { describe, expect, it } from 'vitest';
import type { Alert, AlertSeverity } from '../api/alerts-api';
import { distinctLoads, groupAlertsBySite } from './site-groups';

const alert = (
  id: number,
  siteId: number | null,
  severity: AlertSeverity,
  kind: string,
  sampled?: string,
): Alert => ({
  id,
  kind,
  conditionKey: `${kind}:${id}`,
  siteId,
  siteCode: siteId === null ? null : `S${siteId}`,
  siteName: null,
  areaId: null,
  officeId: 1,
  analyte: 'METH',
  roundId: 1,
  roundName: null,
  severity,
  status: 'open',
  ownerName: null,
  assigneeName: null,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  detail: {},
  sampleCollectedStart: null,
  sampleCollectedEnd: sampled ?? null,
});

describe('groupAlertsBySite', () => {
  it('folds alerts per site, the most severe site first, kinds counted, latest sample kept', () => {
    const groups = groupAlertsBySite(
      [
        alert(1, 2, 'high', 'first_detection', '2025-03-02T00:00:00Z'),
        alert(2, 1, 'medium', 'spike', '2025-01-02T00:00:00Z'),
        alert(3, 1, 'medium', 'spike', '2025-02-02T00:00:00Z'),
        alert(4, 2, 'medium', 'spike'),
        alert(5, null, 'medium', 'hotspot'),
      ],
      (a) => a.siteCode ?? '—',
    );
    expect(groups.map((g) => [g.key, g.alerts.map((a) => a.id)])).toEqual([
      ['2', [1, 4]],
      ['1', [2, 3]],
      ['none', [5]],
    ]);
    expect(groups[1]!.kinds).toEqual([['spike', 2]]);
    expect(groups[1]!.latestSample).toBe('2025-02-02T00:00:00Z');
    expect(groups[0]!.siteLabel).toBe('S2');
  });
});

describe('distinctLoads', () => {
  it('gives each measurement’s load once, in the alerts’ order', () => {
    const load = (measurementId: number, value: number) => ({
      field: 'normalisedLoadMgPerDayPer1000' as const,
      value,
      lower95: value / 2,
      upper95: value * 2,
      measurementId,
    });
    const alerts = [
      { ...alert(1, 1, 'high', 'spike'), load: load(7, 19.1) },
      { ...alert(2, 1, 'high', 'amp_meth_ratio'), load: load(7, 19.1) },
      { ...alert(3, 1, 'medium', 'trend_rising'), load: load(9, 4.2) },
      { ...alert(4, 1, 'medium', 'hotspot'), load: null },
    ];
    expect(distinctLoads({ alerts }).map((l) => [l.measurementId, l.value])).toEqual([
      [7, 19.1],
      [9, 4.2],
    ]);
    expect(distinctLoads({ alerts: [alerts[3]!] })).toEqual([]);
  });
});
