import { useTranslation } from 'react-i18next';
import type { SurveyAreaWithGeometry } from '../api/areas-api';
import { siteKinds } from '../api/sites-api';
import { formatPercent } from '../i18n/format-units';
import { useLanguage } from '../i18n/use-language';
import { groupAreas } from './area-groups';
import { coverageStops, viridisAt, viridisStops } from './colour-scales';
import {
  type FindingStatus,
  findingStatusColours,
  hotspotBinColours,
  type LayerGroupId,
  mapPalette,
  siteKindColours,
  type TrendCategory,
  trendColours,
} from './layer-catalogue';

const trendCategories = Object.keys(trendColours) as TrendCategory[];
const hotspotBins = ['3', '2', '1', '-1', '-2', '-3'];

const findingStatuses = Object.keys(findingStatusColours) as FindingStatus[];

/** One legend mark: the colour of a map layer drawn in the shape the map draws it. */
export function Swatch({
  colour,
  shape,
}: {
  colour: string;
  shape: 'circle' | 'ring' | 'square' | 'line' | 'dashed';
}) {
  return (
    <span
      className={`legend-swatch legend-swatch--${shape}`}
      style={{ ['--swatch-colour' as string]: colour }}
      aria-hidden="true"
    />
  );
}

function GradientBar({
  low,
  high,
  stops = viridisStops,
}: {
  low: string;
  high: string;
  stops?: readonly string[];
}) {
  return (
    <div className="legend-gradient">
      <span
        className="legend-gradient__bar"
        style={{ background: `linear-gradient(to right, ${stops.join(', ')})` }}
        aria-hidden="true"
      />
      <span className="legend-gradient__ends">
        <span>{low}</span>
        <span>{high}</span>
      </span>
    </div>
  );
}

/** The legend under one layer's checkbox: what its colours mean. */
export function LayerLegend({
  group,
  areas,
}: {
  group: LayerGroupId;
  areas: readonly SurveyAreaWithGeometry[];
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  switch (group) {
    case 'sites':
      return (
        <ul className="legend-list">
          {siteKinds.map((kind) => (
            <li key={kind}>
              <Swatch colour={siteKindColours[kind]} shape="circle" />
              {t(`map.siteKind.${kind}`)}
            </li>
          ))}
        </ul>
      );
    case 'findings':
      return (
        <ul className="legend-list">
          {findingStatuses.map((status) => (
            <li key={status}>
              <Swatch colour={findingStatusColours[status]} shape="circle" />
              {t(`map.findingStatus.${status}`)}
            </li>
          ))}
        </ul>
      );
    case 'siteTrends':
      return (
        <ul className="legend-list">
          {trendCategories.map((category) => (
            <li key={category}>
              <Swatch colour={trendColours[category]} shape="ring" />
              {t(`drawer.trend.${category}`)}
            </li>
          ))}
        </ul>
      );
    case 'hotspots':
      return (
        <ul className="legend-list">
          {hotspotBins.map((bin) => (
            <li key={bin}>
              <Swatch colour={hotspotBinColours[bin]} shape="circle" />
              {t(`map.hotspotBin.${bin}` as 'map.hotspotBin.3')}
            </li>
          ))}
        </ul>
      );
    case 'gaps':
      return <Swatch colour={mapPalette.gap} shape="dashed" />;
    case 'loadHeatmap':
      return (
        <GradientBar
          low={`${t('map.heatLow')} (0)`}
          high={`${t('map.heatHigh')} (≥ 200 ${t('units.loadPer1000')})`}
        />
      );
    case 'areas':
      return (
        <>
          <GradientBar
            low={formatPercent(0, language)}
            high={formatPercent(100, language)}
            stops={coverageStops}
          />
          {/* A district's grid cells are one row, as on the map when zoomed out. */}
          <ul className="legend-list legend-list--areas">
            {groupAreas(areas)
              .sort((a, b) => a.coveragePct - b.coveragePct)
              .map((group) => (
                <li key={group.key}>
                  <Swatch colour={viridisAt(group.coveragePct / 100, coverageStops)} shape="square" />
                  <span className="legend-list__name">
                    {group.name}
                    {group.members.length > 1 && ` · ${t('map.areaCells', { count: group.members.length })}`}
                  </span>
                  <span className="legend-list__value">{formatPercent(group.coveragePct, language)}</span>
                </li>
              ))}
          </ul>
        </>
      );
    case 'coverageCells':
      return <Swatch colour={mapPalette.coverageCell} shape="square" />;
    case 'footprints':
      return <Swatch colour={mapPalette.footprint} shape="line" />;
    case 'flights':
      return <Swatch colour={mapPalette.flight} shape="dashed" />;
    case 'districts':
      return <Swatch colour={mapPalette.districtOutline} shape="line" />;
  }
}
