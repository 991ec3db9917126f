import { describe, expect, it } from 'vitest';
import type { Office } from '../api/offices-api';
import { provinceBulletinPdfUrl } from '../api/reports-api';
import { comparableOffices } from './province-bulletin-form';

const office = (id: number, parentId: number | null, code: string): Office => ({
  id,
  code,
  nameZh: code,
  nameEn: code,
  kind: parentId === null ? 'province' : 'city',
  parentId,
  hasTerritory: false,
});

describe('the province bulletin form', () => {
  it('offers the offices that have offices below them', () => {
    const offices = [
      office(1, null, 'hainan'),
      office(2, 1, 'haikou'),
      office(3, 2, 'qiongshan'),
      office(4, 1, 'dongfang'),
    ];
    expect(comparableOffices(offices).map((o) => o.code)).toEqual(['hainan', 'haikou']);
    expect(comparableOffices([office(4, 1, 'dongfang')])).toEqual([]);
  });

  it('leaves out what is not chosen, so the server’s defaults apply', () => {
    expect(provinceBulletinPdfUrl({ officeId: '', from: '', to: '', analyte: 'METH', lang: 'zh-CN' })).toBe(
      '/api/reports/province-bulletin.pdf?analyte=METH&lang=zh-CN',
    );
    expect(
      provinceBulletinPdfUrl({
        officeId: '2',
        from: '2025-01-01',
        to: '2025-06-30',
        analyte: 'MDMA',
        lang: 'en',
      }),
    ).toBe(
      '/api/reports/province-bulletin.pdf?officeId=2&from=2025-01-01&to=2025-06-30&analyte=MDMA&lang=en',
    );
  });
});
