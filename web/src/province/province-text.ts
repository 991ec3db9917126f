import type { Language } from '../i18n/language';

/** An office's name in the interface language. */
export function officeName(office: { nameZh: string; nameEn: string }, language: Language): string {
  return language === 'zh-CN' ? office.nameZh : office.nameEn;
}
