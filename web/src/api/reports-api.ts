/** The round bulletin for one round and area (HTML to preview, PDF to download). */
export interface BulletinQuery {
  roundId: string;
  areaId: string;
  lang: 'zh-CN' | 'en';
}

function bulletinSearch({ roundId, areaId, lang }: BulletinQuery): string {
  return new URLSearchParams({ roundId, areaId, lang }).toString();
}

/** `GET /api/reports/bulletin`: the printable HTML bulletin. */
export function bulletinHtmlUrl(query: BulletinQuery): string {
  return `/api/reports/bulletin?${bulletinSearch(query)}`;
}

/** `GET /api/reports/bulletin.pdf`: the same bulletin as PDF. */
export function bulletinPdfUrl(query: BulletinQuery): string {
  return `/api/reports/bulletin.pdf?${bulletinSearch(query)}`;
}

/** The province bulletin: the offices below `officeId` compared over a period, then each one's round. */
export interface ProvinceBulletinQuery {
  officeId: string;
  /** `YYYY-MM-DD`; empty: the server's default period (the twelve months holding the latest results). */
  from: string;
  to: string;
  analyte: string;
  lang: 'zh-CN' | 'en';
}

function provinceBulletinSearch(query: ProvinceBulletinQuery): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) search.set(key, value);
  return search.toString();
}

/** `GET /api/reports/province-bulletin`: the printable HTML province bulletin. */
export function provinceBulletinHtmlUrl(query: ProvinceBulletinQuery): string {
  return `/api/reports/province-bulletin?${provinceBulletinSearch(query)}`;
}

/** `GET /api/reports/province-bulletin.pdf`: the same bulletin as PDF. */
export function provinceBulletinPdfUrl(query: ProvinceBulletinQuery): string {
  return `/api/reports/province-bulletin.pdf?${provinceBulletinSearch(query)}`;
}
