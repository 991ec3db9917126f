import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchOffices, type Office } from '../api/offices-api';
import { loadedOr, useLoadable } from '../app/use-loadable';
import { useLanguage } from '../i18n/use-language';

/** Each office with its depth below the first (the user's own: the list comes parents first). */
function withDepth(offices: readonly Office[]): { office: Office; depth: number }[] {
  const depth = new Map<number, number>();
  return offices.map((office) => {
    const level =
      office.parentId !== null && depth.has(office.parentId) ? depth.get(office.parentId)! + 1 : 0;
    depth.set(office.id, level);
    return { office, depth: level };
  });
}

/**
 * The office a new object goes to, for a user whose office has sub-offices: their own by default
 * (the empty value), or one below it. Shows nothing when the user sees one office only.
 * `value` is an office id as text, '' for the user's own.
 */
export function OfficeSelect({
  value,
  onChange,
  name = 'officeId',
}: {
  value: string;
  onChange: (officeId: string) => void;
  name?: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const language = useLanguage();
  const offices = loadedOr(useLoadable(fetchOffices).state, []);
  if (offices.length < 2) return null;
  const [own, ...below] = withDepth(offices);
  const nameOf = (office: Office) => (language === 'en' ? office.nameEn : office.nameZh);
  return (
    <label htmlFor={id}>
      {t('officeChoice.label')}
      <select
        id={id}
        name={name}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        data-testid="office-select"
      >
        <option value="">{t('officeChoice.own', { name: nameOf(own!.office) })}</option>
        {below.map(({ office, depth }) => (
          <option key={office.id} value={String(office.id)}>
            {'\u3000'.repeat(Math.max(depth - 1, 0))}
            {nameOf(office)}
          </option>
        ))}
      </select>
    </label>
  );
}
