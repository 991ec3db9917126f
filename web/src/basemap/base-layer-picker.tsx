import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { BasemapPack } from '../api/basemaps-api';
import type { BaseLayerChoice } from './base-layer-choice';

export interface BaseLayerPickerProps {
  packs: readonly BasemapPack[];
  shown: BasemapPack | null;
  onChoose: (choice: BaseLayerChoice) => void;
}

/** The base layer: the district outlines alone, or one of the installed packs (radio buttons). */
export function BaseLayerPicker({ packs, shown, onChoose }: BaseLayerPickerProps) {
  const { t } = useTranslation();
  const idPrefix = useId();
  const options: { choice: BaseLayerChoice; label: string; note?: string }[] = [
    { choice: null, label: t('basemap.outlinesOnly') },
    ...packs.map((pack) => ({
      choice: pack.name,
      label: pack.title,
      note: t(pack.kind === 'vector' ? 'basemap.kind.vector' : 'basemap.kind.raster'),
    })),
  ];
  return (
    <fieldset className="layer-panel base-layer-picker">
      <legend>{t('basemap.baseLayer')}</legend>
      <ul>
        {options.map(({ choice, label, note }) => {
          const inputId = `${idPrefix}-${choice ?? 'outlines'}`;
          return (
            <li key={choice ?? ''} className="layer-panel__item">
              <input
                id={inputId}
                type="radio"
                name={`${idPrefix}-base`}
                value={choice ?? ''}
                checked={(shown?.name ?? null) === choice}
                onChange={() => onChoose(choice)}
              />
              <label htmlFor={inputId}>
                {label}
                {note && <span className="layer-panel__note"> · {note}</span>}
              </label>
            </li>
          );
        })}
      </ul>
      {packs.length === 0 && <p className="layer-panel__note">{t('basemap.noneInstalled')}</p>}
    </fieldset>
  );
}
