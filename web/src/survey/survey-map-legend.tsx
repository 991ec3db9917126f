import { useTranslation } from 'react-i18next';
import { TILE_LAYER_MIN_ZOOM } from '@skywater/core/tiles/tile-layer-names';
import { findingStatusColours, type FindingStatus, mapPalette } from '../map/layer-catalogue';
import { Swatch } from '../map/layer-legend';
import { gapPartKm } from './gap-parts';

const findingStatuses = Object.keys(findingStatusColours) as FindingStatus[];

/**
 * What the survey map's marks mean: the layers a pilot's map shows (style.ts, the survey map's
 * own gap parts and take-off point), each in the colour and shape drawn.
 */
export function SurveyMapLegend() {
  const { t } = useTranslation();
  return (
    <section className="survey-map__legend" aria-labelledby="survey-map-legend-title">
      <h2 id="survey-map-legend-title">{t('map.legend')}</h2>
      <ul className="legend-list">
        <li>
          <Swatch colour={mapPalette.areaOutline} shape="line" />
          {t('surveyMap.legend.area')}
        </li>
        <li>
          <Swatch colour={mapPalette.coverageCell} shape="square" />
          {t('surveyMap.legend.covered', { zoom: TILE_LAYER_MIN_ZOOM.coverage })}
        </li>
        <li>
          <Swatch colour={mapPalette.gap} shape="square" />
          {t('surveyMap.legend.gapPart', { side: gapPartKm })}
        </li>
        <li>
          <Swatch colour={mapPalette.flight} shape="dashed" />
          {t('map.layer.flights')}
        </li>
        <li>
          <Swatch colour={mapPalette.footprint} shape="line" />
          {t('surveyMap.legend.footprints', { zoom: TILE_LAYER_MIN_ZOOM.footprints })}
        </li>
        <li>
          <Swatch colour="#ffffff" shape="circle" />
          {t('surveyMap.legend.takeOff')}
        </li>
        {/* The findings' five statuses on one wrapped row: the gaps table stays in view below. */}
        <li className="survey-map__legend-findings">
          <span>{t('map.layer.findings')}</span>
          {findingStatuses.map((status) => (
            <span key={status} className="survey-map__legend-status">
              <Swatch colour={findingStatusColours[status]} shape="circle" />
              {t(`map.findingStatus.${status}`)}
            </span>
          ))}
        </li>
      </ul>
    </section>
  );
}
