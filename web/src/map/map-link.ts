/** What a link into the map names: a site whose drawer opens, at a round and an analyte. */
export interface MapLink {
  siteId: string;
  roundId?: string;
  analyte?: string;
}

const idPattern = /^\d{1,18}$/;
const analytePattern = /^[A-Za-z0-9-]{1,32}$/;

/** `#/map?site=12&round=5&analyte=ETO-ACID`: the map opened on the site's drawer at that round. */
export function mapLinkHref(link: MapLink): string {
  const params = new URLSearchParams({ site: link.siteId });
  if (link.roundId) params.set('round', link.roundId);
  if (link.analyte) params.set('analyte', link.analyte);
  return `#/map?${params.toString()}`;
}

/** The link in a hash (`#/map?site=…`), each part checked; null when it names no site. */
export function mapLinkFromHash(hash: string): MapLink | null {
  const query = hash.includes('?') ? hash.slice(hash.indexOf('?') + 1) : '';
  const params = new URLSearchParams(query);
  const siteId = params.get('site') ?? '';
  if (!idPattern.test(siteId)) return null;
  const roundId = params.get('round') ?? '';
  const analyte = params.get('analyte') ?? '';
  return {
    siteId,
    ...(idPattern.test(roundId) ? { roundId } : {}),
    ...(analytePattern.test(analyte) ? { analyte } : {}),
  };
}
