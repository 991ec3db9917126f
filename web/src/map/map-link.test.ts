import { describe, expect, it } from 'vitest';
import { mapLinkFromHash, mapLinkHref } from './map-link';

describe('map link', () => {
  it('names the site, round and analyte, and reads them back', () => {
    const href = mapLinkHref({ siteId: '12', roundId: '5', analyte: 'ETO-ACID' });
    expect(href).toBe('#/map?site=12&round=5&analyte=ETO-ACID');
    expect(mapLinkFromHash(href)).toEqual({ siteId: '12', roundId: '5', analyte: 'ETO-ACID' });
  });

  it('is null without a site, and drops a part that is not what it should be', () => {
    expect(mapLinkFromHash('#/map')).toBeNull();
    expect(mapLinkFromHash('#/map?site=x1')).toBeNull();
    expect(mapLinkFromHash('#/map?site=3&round=r&analyte=<b>')).toEqual({ siteId: '3' });
  });
});
