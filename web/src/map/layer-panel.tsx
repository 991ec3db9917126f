import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { SurveyAreaWithGeometry } from '../api/areas-api';
import { type LayerGroupId, layerGroups, type LayerVisibility, type TileLayerName } from './layer-catalogue';
import { LayerLegend } from './layer-legend';

export interface LayerPanelProps {
  visibility: LayerVisibility;
  onToggle: (group: LayerGroupId, visible: boolean) => void;
  areas: readonly SurveyAreaWithGeometry[];
  failedTileLayers: ReadonlySet<TileLayerName>;
}

/** Checkboxes for the map's layers, each with its legend; a tile layer that failed says so. */
export function LayerPanel({ visibility, onToggle, areas, failedTileLayers }: LayerPanelProps) {
  const { t } = useTranslation();
  const idPrefix = useId();
  return (
    <fieldset className="layer-panel">
      <legend>{t('map.layers')}</legend>
      <ul>
        {layerGroups.map((group) => {
          const inputId = `${idPrefix}-${group.id}`;
          const failed = group.tileLayer !== undefined && failedTileLayers.has(group.tileLayer);
          return (
            <li key={group.id} className="layer-panel__item">
              <input
                id={inputId}
                type="checkbox"
                checked={visibility[group.id]}
                onChange={(event) => onToggle(group.id, event.target.checked)}
              />
              <label htmlFor={inputId}>
                {t(`map.layer.${group.id}`)}
                {failed && <span className="layer-panel__note">{t('map.tilesFailed')}</span>}
              </label>
              {visibility[group.id] && (
                <div className="layer-panel__legend">
                  <LayerLegend group={group.id} areas={areas} />
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
