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
