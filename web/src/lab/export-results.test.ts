import { describe, expect, it } from 'vitest';
import { exportHeaderLine, exportLine } from '../../../core/src/wastewater/lab-export';
import { parseExportedResults } from './export-results';

const stored = {
  siteCode: 'HK-V-005',
  roundName: '2026年第1轮',
  sampleId: 'S-1',
  collectedStart: new Date('2026-01-14T00:00:00Z'),
  collectedEnd: new Date('2026-01-15T00:00:00Z'),
  collectionType: 'grab' as const,
  flowM3PerDay: null,
  population: null,
  analyteCode: 'ETO-ACID',
  qualifier: '<LOQ' as const,
  valueNgL: null,
  lodNgL: 0.5,
  loqNgL: 1,
  uloqNgL: null,
  lab: 'Lab, "Haikou"',
  method: null,
  replicate: 1,
  recoveryPct: null,
};

describe('the lab export read back for corrections', () => {
  it('reads each result with its id from the server’s own export format', () => {
    const csv =
      exportHeaderLine('en') +
      exportLine({ ...stored, id: 42 }) +
      exportLine({ ...stored, id: 43, qualifier: '=', valueNgL: 12.5 });
    expect(parseExportedResults(csv)).toEqual([
      {
        id: 42,
        siteCode: 'HK-V-005',
        roundName: '2026年第1轮',
        sampleId: 'S-1',
        analyteCode: 'ETO-ACID',
        value: '<LOQ',
        replicate: '1',
      },
      {
        id: 43,
        siteCode: 'HK-V-005',
        roundName: '2026年第1轮',
        sampleId: 'S-1',
        analyteCode: 'ETO-ACID',
        value: '12.5',
        replicate: '1',
      },
    ]);
  });

  it('gives nothing for an export without ids', () => {
    expect(parseExportedResults('site_code,round\nA,B\n')).toEqual([]);
  });
});
