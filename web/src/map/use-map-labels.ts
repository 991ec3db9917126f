import type { Map as MapLibreMap, Marker } from 'maplibre-gl';
import { basemapSourceId } from '../basemap/basemap-layers';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SurveyAreaWithGeometry } from '../api/areas-api';
import { formatPercent } from '../i18n/format-units';
import type { Language } from '../i18n/language';
import { type AreaGroup, groupAreas, memberLabelMinZoom } from './area-groups';
import { addHtmlLabel } from './html-label';
import { hideBasemapNamesUnderLabels } from './basemap-name-collision';
import { hideCollidingLabels } from './label-collision';
import { labelPoint } from './label-point';
import type { CityLabelCollection } from './map-data';
import { pointInArea } from './point-in-area';
import type { Loadable } from '../survey/use-survey-areas';

/** City names give way to area labels and sites from this zoom on. */
const cityLabelMaxZoom = 9.5;

export interface MapLabelsInput {
  areas: readonly SurveyAreaWithGeometry[];
  cityLabels: Loadable<CityLabelCollection>;
  language: Language;
  showAreaLabels: boolean;
  /** False when the outlines are off, or a base layer names the cities itself. */
  showCityLabels: boolean;
}

/**
 * The map's HTML labels: each survey area's name and coverage, each city's name (not where an
 * area label already names it), hidden where they would overlap and city names hidden when zoomed
 * in (docs/web.md, "Offline map").
 */
export function useMapLabels(
  map: MapLibreMap | null,
  { areas, cityLabels, language, showAreaLabels, showCityLabels }: MapLabelsInput,
): void {
  const { t } = useTranslation();
  const groups = useMemo(() => groupAreas(areas), [areas]);
  const openGroups = useOpenGroups(map, groups);

  // A group of areas (a district's grid cells) is one label, "崖州区 · 211 个网格 · 3%", until
  // the map is zoomed in far enough for each cell's own label to fit; an area alone, its own.
  useEffect(() => {
    if (!map || !showAreaLabels) return;
    const open = new Set(openGroups.split('\n'));
    const markers: Marker[] = groups.flatMap((group) =>
      open.has(group.key)
        ? group.members.map((area) =>
            addHtmlLabel(
              map,
              labelPoint(area.geometry),
              [area.name, formatPercent(area.coveragePct, language)],
              'area',
            ),
          )
        : [
            addHtmlLabel(
              map,
              group.point,
              [
                group.name,
                `${t('map.areaCells', { count: group.members.length })} · ${formatPercent(group.coveragePct, language)}`,
              ],
              'area',
              'group',
            ),
          ],
    );
    return () => markers.forEach((marker) => marker.remove());
  }, [map, groups, openGroups, language, showAreaLabels, t]);

  useEffect(() => {
    if (!map || cityLabels.status !== 'loaded' || !showCityLabels) return;
    // A city whose label point falls in a survey area shown with its own label (which names the
    // city) is not labelled twice on top of it.
    const shownAreas = showAreaLabels ? areas : [];
    const markers = cityLabels.value.features
      .map((feature) => ({
        city: (language === 'en' && feature.properties.cityEn) || feature.properties.city,
        point: feature.geometry.coordinates as [number, number],
      }))
      .filter(({ point }) => !shownAreas.some((area) => pointInArea(point, area.geometry)))
      .map(({ city, point }) => addHtmlLabel(map, point, [city], 'city'));
    return () => markers.forEach((marker) => marker.remove());
  }, [map, cityLabels, showCityLabels, showAreaLabels, areas, language]);

  // Labels that would overlap give way (area labels first), after every move and new label.
  useEffect(() => {
    if (!map) return;
    const update = () => {
      hideCollidingLabels(map);
      // The basemap pack's names give way to the area labels too (MapLibre cannot see HTML labels).
      hideBasemapNamesUnderLabels(map);
    };
    const frame = requestAnimationFrame(update);
    map.on('moveend', update);
    // A pack's tiles that arrive after the move bring names of their own.
    const onData = (event: { sourceId?: string; isSourceLoaded?: boolean }) => {
      if (event.sourceId === basemapSourceId && event.isSourceLoaded) hideBasemapNamesUnderLabels(map);
    };
    map.on('sourcedata', onData);
    return () => {
      cancelAnimationFrame(frame);
      map.off('moveend', update);
      map.off('sourcedata', onData);
    };
  }, [map, areas, openGroups, cityLabels, language, showAreaLabels, showCityLabels]);

  useEffect(() => {
    if (!map) return;
    const container = map.getContainer();
    const updateZoomClass = () =>
      container.classList.toggle('map--city-labels-hidden', map.getZoom() >= cityLabelMaxZoom);
    updateZoomClass();
    map.on('zoomend', updateZoomClass);
    return () => {
      map.off('zoomend', updateZoomClass);
    };
  }, [map]);
}

/**
 * The keys of the groups whose members are labelled each on its own at the map's zoom (one
 * string, so that a zoom changing nothing renders nothing), followed at the end of every zoom.
 */
function useOpenGroups(map: MapLibreMap | null, groups: readonly AreaGroup[]): string {
  const [open, setOpen] = useState('');
  useEffect(() => {
    if (!map) return;
    const update = () => {
      const zoom = map.getZoom();
      setOpen(
        groups
          .filter((group) => zoom >= memberLabelMinZoom(group))
          .map((group) => group.key)
          .join('\n'),
      );
    };
    update();
    map.on('zoomend', update);
    return () => {
      map.off('zoomend', update);
    };
  }, [map, groups]);
  return open;
}
