import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parseLabRecord } from './lab-rows';
import { mapPhesOdm, type OdmRow } from './phes-odm';

const FIXTURES = new URL('../../../test/fixtures/wastewater/', import.meta.url);

function table(name: string): OdmRow[] {
  return parse(readFileSync(new URL(name, FIXTURES)), {
    columns: true,
    bom: true,
    relax_column_count: true,
  }) as OdmRow[];
}

function csvRows(text: string): OdmRow[] {
  return parse(text, { columns: true }) as OdmRow[];
}

describe('PHES-ODM v2 import', () => {
  const samples = table('delatolla_v2_head200_samples.csv');
  const measures = table('delatolla_v2_head200_measures.csv');

  it('reports every Delatolla SARS-CoV-2 measure as unmapped, saying why, and maps nothing', () => {
    const result = mapPhesOdm(samples, measures, { roundName: 'R1', materials: ['pSludge'] });
    expect(result.records).toEqual([]);
    const byField = (field: string) => result.unmapped.filter((u) => u.field === field);
    // 200 measure rows: covN1 ×82, covN2 ×77, nPPMoV ×41; none is a drug analyte.
    expect(byField('measure')).toHaveLength(200);
    expect(byField('measure').filter((u) => u.found === 'covN1')).toHaveLength(82);
    expect(byField('measure').filter((u) => u.found === 'nPPMoV')).toHaveLength(41);
    expect(byField('measure')[0]).toEqual({
      table: 'measures',
      row: 2,
      id: 'o.04.08.20covN11',
      field: 'measure',
      found: 'covN1',
      code: 'unknown_analyte',
    });
    // gene copies per PMMoV copy (159) and Ct (41) are not mass concentrations.
    expect(byField('unit').filter((u) => u.found === 'gcPMMoV')).toHaveLength(159);
    expect(byField('unit').filter((u) => u.found === 'Ct')).toHaveLength(41);
    // aggregations meanNr (84), sdNr (75), mean (41) are not single measurements.
    expect(byField('aggregation')).toHaveLength(200);
    expect(byField('sampleID')).toHaveLength(0);
  });

  it('maps the Delatolla samples once each: timePr is a time-proportional composite over collPer hours', () => {
    const measureFor = (sampleId: string) => ({
      measureRepID: `${sampleId}m`,
      sampleID: sampleId,
      siteID: 'Ottawa-1',
      measure: 'METH',
      value: '12.5',
      unit: 'ngL',
      aggregation: 'sin',
    });
    const ids = [...new Set(samples.map((s) => s.sampleID!))];
    expect(ids).toHaveLength(42);
    const sites = table('delatolla_v2_sites.csv');
    const result = mapPhesOdm(samples, ids.map(measureFor), {
      roundName: 'R1',
      materials: ['pSludge'],
      defaultOffsetMinutes: -240,
      sites,
    });
    expect(result.unmapped).toEqual([]);
    expect(result.records).toHaveLength(42);
    expect(result.records[0]!.record).toMatchObject({
      site_code: 'Ottawa-1',
      sample_id: 'o.04.08.20',
      collection_type: 'composite_time',
      collected_start: '2020-04-08T04:00:00.000Z',
      collected_end: '2020-04-09T04:00:00.000Z',
      analyte: 'METH',
      unit: 'ng/L',
      population: '1100000',
    });
  });

  it('refuses primary sludge by default: only raw wastewater maps', () => {
    const one = [
      {
        measureRepID: 'm1',
        sampleID: 'o.04.08.20',
        measure: 'METH',
        value: '1',
        unit: 'ngL',
        aggregation: 'sin',
      },
    ];
    expect(mapPhesOdm(samples, one, { roundName: 'R1' }).unmapped).toEqual([
      {
        table: 'measures',
        row: 2,
        id: 'm1',
        field: 'saMaterial',
        found: 'pSludge',
        code: 'unmappable_measure',
      },
    ]);
  });

  it('maps a drug measure through to a validated row, with flow, population and replicates', () => {
    const odmSamples = csvRows(
      'sampleID,siteID,saMaterial,collType,collPer,collDT,collDTStart,collDTEnd\n' +
        'hk-1,HK-WWTP-01,rawWW,flowPr,24,,2025-03-24T08:00:00+08:00,2025-03-25T08:00:00+08:00\n' +
        'hk-2,HK-WWTP-01,rawWW,comp,24,2025-03-24,,\n',
    );
    const odmMeasures = csvRows(
      'measureRepID,sampleID,siteID,measure,value,unit,aggregation,organizationID,protocolID\n' +
        'a,hk-1,HK-WWTP-01,measOth,0.2,ugL,sin,HN-CDC,SPE-LC-MS/MS\n' +
        'b,hk-1,HK-WWTP-01,measOth,0.21,ugL,sin,HN-CDC,SPE-LC-MS/MS\n' +
        'c,hk-1,HK-WWTP-01,floRate,100000,m3D,sin,,\n' +
        'd,hk-2,HK-WWTP-01,measOth,0.3,ugL,sin,,\n' +
        'e,hk-9,HK-WWTP-01,measOth,0.3,ugL,sin,,\n',
    );
    const sites = csvRows('siteID,popServ\nHK-WWTP-01,500000\n');
    const result = mapPhesOdm(odmSamples, odmMeasures, {
      roundName: '2025年第1轮',
      measureToAnalyte: { measOth: 'METH' },
      sites,
    });

    expect(result.unmapped).toEqual([
      {
        table: 'measures',
        row: 5,
        id: 'd',
        field: 'collType',
        found: 'comp',
        code: 'invalid_collection_type',
      },
      { table: 'measures', row: 6, id: 'e', field: 'sampleID', found: 'hk-9', code: 'unknown_sample' },
    ]);
    const context = {
      siteIdByCode: new Map([['HK-WWTP-01', 1]]),
      roundIdByName: new Map([['2025年第1轮', 3]]),
    };
    const rows = result.records.map(({ row, record }) => parseLabRecord(record, context, row));
    expect(
      rows.map(
        (r) => r.ok && [r.row.row, r.row.valueNgL, r.row.replicate, r.row.flowM3PerDay, r.row.population],
      ),
    ).toEqual([
      [2, 200, 1, 100000, 500000],
      [3, 210, 2, 100000, 500000],
    ]);
    expect(rows[0]!.ok && rows[0]!.row).toMatchObject({
      collectionType: 'composite_flow',
      collectedStart: new Date('2025-03-24T00:00:00Z'),
      lab: 'HN-CDC',
      method: 'SPE-LC-MS/MS',
    });
  });
});
