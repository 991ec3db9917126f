import type { FeatureCollection, Position } from 'geojson';
import type { FilterSpecification, GeoJSONSource, MapMouseEvent } from 'maplibre-gl';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TILE_LAYER_MIN_ZOOM } from '@skywater/core/tiles/tile-layer-names';
import type { SurveyArea } from '../api/areas-api';
import { fetchFlight, fetchFlights } from '../api/flights-api';
import { loadedOr, useLoadable } from '../app/use-loadable';
import { useSessionUser } from '../auth/session-context';
import { BaseLayerPicker } from '../basemap/base-layer-picker';
import { useBaseLayerChoice, useBaseLayerOnMap, useFirstStyleBasemap } from '../basemap/use-base-layer';
import { formatDate, formatDateTime } from '../i18n/format-units';
import { useLanguage } from '../i18n/use-language';
import { areasToFeatureCollection } from '../map/area-features';
import { defaultLayerVisibility, mapPalette } from '../map/layer-catalogue';
import { useAreaShapes, useCityLabels } from '../map/use-map-data';
import { useMapLabels } from '../map/use-map-labels';
import { useFootprintPreview } from '../map/use-footprint-preview';
import { useLocateMe } from '../map/use-locate-me';
import type {} from '../map/map-ready';
import { useOfflineMap } from '../map/use-offline-map';
import { areasByActivity } from './area-order';
import { GapPartsList, TakeOffChoice } from './gap-parts-list';
import { SurveyMapLegend } from './survey-map-legend';
import { useGapParts } from './use-gap-parts';

const emptyCollection: FeatureCollection = { type: 'FeatureCollection', features: [] };

/** The points of a flight's track, given as a GeoJSON Feature (the server's) or a bare line. */
function trackPoints(track: unknown): Position[] {
  const geometry =
    (track as { type?: string; geometry?: unknown } | null)?.type === 'Feature'
      ? (track as { geometry: unknown }).geometry
      : track;
  const line = geometry as { type?: string; coordinates?: unknown } | null;
  if (line?.type === 'LineString') return line.coordinates as Position[];
  if (line?.type === 'MultiLineString') return (line.coordinates as Position[][]).flat();
  return [];
}

/**
 * The survey map for pilots and ground teams: their flights, photo footprints (a click shows the
 * photo), coverage cells and gaps, filtered to one flight or one day; the gaps of an area as
 * parts a team can fly, nearest the chosen take-off point first, each downloadable.
 */
export default function SurveyMapScreen() {
  const { t } = useTranslation();
  const language = useLanguage();
  const user = useSessionUser();
  const containerRef = useRef<HTMLDivElement>(null);
  const visibility = useMemo(
    () => ({
      ...defaultLayerVisibility(),
      sites: false,
      siteTrends: false,
      hotspots: false,
      loadHeatmap: false,
      flights: true,
      footprints: true,
      gaps: false,
    }),
    [],
  );
  const baseLayer = useBaseLayerChoice();
  const { map, failed } = useOfflineMap(
    containerRef,
    visibility,
    useFirstStyleBasemap(baseLayer),
    baseLayer.shown?.attribution,
  );
  useBaseLayerOnMap(map, baseLayer.shown);
  const areaShapes = useAreaShapes();
  const cityLabels = useCityLabels();
  const shapes = useMemo(() => loadedOr(areaShapes, []), [areaShapes]);
  // Each area named with its coverage, as on the analyst's map: grouped when zoomed out, labels
  // that would overlap giving way, city names where no area names them.
  useMapLabels(map, {
    areas: shapes,
    cityLabels,
    language,
    showAreaLabels: true,
    // A vector pack names the cities itself.
    showCityLabels: baseLayer.shown?.kind !== 'vector',
  });
  const flights = useLoadable((signal) => fetchFlights(undefined, signal));
  const flightList = loadedOr(flights.state, []);
  const areas = useMemo(
    () => areasByActivity(loadedOr(areaShapes, []) as SurveyArea[], flightList, user.username),
    [areaShapes, flightList, user.username],
  );
  const [areaId, setAreaId] = useState('');
  const shownAreaId = areaId || (areas[0] ? String(areas[0].id) : '');
  const [flightId, setFlightId] = useState('');
  const [day, setDay] = useState('');
  const [takeOff, setTakeOff] = useState<Position | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const locator = useLocateMe();
  const gaps = useGapParts(shownAreaId, takeOff);
  const { parts } = gaps;
  const days = useMemo(
    () =>
      [...new Set(flightList.map((flight) => flight.startedAt?.slice(0, 10)).filter(Boolean))]
        .sort()
        .reverse(),
    [flightList],
  );
  const areaName = areas.find((area) => String(area.id) === shownAreaId)?.name ?? '';

  // The live map for the browser tests, as the map screen gives it.
  useEffect(() => {
    if (map) window.__skywaterMap = map;
  }, [map]);

  useFootprintPreview(
    map,
    useCallback((message: string) => setProblem(message), []),
    t('map.previewNotReady'),
  );

  useEffect(() => {
    if (map && areaShapes.status === 'loaded')
      map.getSource<GeoJSONSource>('areas')?.setData(areasToFeatureCollection(areaShapes.value));
  }, [map, areaShapes]);

  // The gap parts and the take-off point on top of the tile layers.
  useEffect(() => {
    if (!map) return;
    if (!map.getSource('gap-parts')) {
      map.addSource('gap-parts', { type: 'geojson', data: emptyCollection });
      map.addLayer({
        id: 'gap-parts-fill',
        type: 'fill',
        source: 'gap-parts',
        paint: { 'fill-color': mapPalette.gap, 'fill-opacity': 0.12 },
      });
      map.addLayer({
        id: 'gap-parts-line',
        type: 'line',
        source: 'gap-parts',
        paint: { 'line-color': mapPalette.gap, 'line-width': 1.2 },
      });
      map.addSource('take-off', { type: 'geojson', data: emptyCollection });
      map.addLayer({
        id: 'take-off-point',
        type: 'circle',
        source: 'take-off',
        paint: {
          'circle-radius': 7,
          'circle-color': '#ffffff',
          'circle-stroke-color': '#000000',
          'circle-stroke-width': 3,
        },
      });
    }
    map.getSource<GeoJSONSource>('gap-parts')?.setData({
      type: 'FeatureCollection',
      features: parts.map((part) => part.feature),
    });
    map
      .getSource<GeoJSONSource>('take-off')
      ?.setData(
        takeOff
          ? { type: 'Feature', geometry: { type: 'Point', coordinates: takeOff }, properties: {} }
          : emptyCollection,
      );
  }, [map, parts, takeOff]);

  // One flight, or one day's flights, on the tracks and the footprints.
  useEffect(() => {
    if (!map) return;
    const flightFilter: FilterSpecification | null = flightId
      ? ['==', ['to-string', ['get', 'id']], flightId]
      : day
        ? ['==', ['slice', ['to-string', ['get', 'startedAt']], 0, 10], day]
        : null;
    const footprintFilter: FilterSpecification | null = flightId
      ? ['==', ['to-string', ['get', 'flightId']], flightId]
      : day
        ? ['==', ['slice', ['to-string', ['get', 'capturedAt']], 0, 10], day]
        : null;
    if (map.getLayer('flights-line')) map.setFilter('flights-line', flightFilter);
    for (const layer of ['footprints-fill', 'footprints-line'])
      if (map.getLayer(layer)) map.setFilter(layer, footprintFilter);
  }, [map, flightId, day]);

  // The chosen flight framed on the map.
  useEffect(() => {
    if (!map || !flightId) return;
    const controller = new AbortController();
    fetchFlight(flightId, controller.signal).then(
      (flight) => {
        const points = trackPoints(flight.track);
        if (points.length === 0) return;
        const lons = points.map((point) => point[0]);
        const lats = points.map((point) => point[1]);
        map.fitBounds(
          [
            [Math.min(...lons), Math.min(...lats)],
            [Math.max(...lons), Math.max(...lats)],
          ],
          { padding: 48, maxZoom: 15, duration: 0 },
        );
      },
      () => undefined,
    );
    return () => controller.abort();
  }, [map, flightId]);

  // A click on the map (not on a photo) chooses the take-off point.
  useEffect(() => {
    if (!map) return;
    const onClick = (event: MapMouseEvent) => {
      const onPhoto =
        map.getLayer('footprints-fill') &&
        map.queryRenderedFeatures(event.point, { layers: ['footprints-fill'] }).length > 0;
      if (!onPhoto) setTakeOff([event.lngLat.lng, event.lngLat.lat]);
    };
    map.on('click', onClick);
    return () => {
      map.off('click', onClick);
    };
  }, [map]);

  const locate = async () => {
    const here = await locator.locate();
    if (here) {
      setTakeOff(here);
      map?.flyTo({ center: here as [number, number], zoom: Math.max(map.getZoom(), 12), duration: 0 });
    }
  };

  const showPart = (centre: Position) => {
    if (map) map.flyTo({ center: centre as [number, number], zoom: 13, duration: 0 });
  };

  return (
    <div className="map-screen survey-map">
      <h1 className="visually-hidden">{t('surveyMap.title')}</h1>
      <aside className="map-screen__panel survey-map__panel">
        <h2>{t('surveyMap.title')}</h2>
        <div className="survey-map__filters">
          <label>
            {t('surveyMap.flight')}
            <select
              value={flightId}
              onChange={(event) => {
                setFlightId(event.target.value);
                if (event.target.value) setDay('');
              }}
            >
              <option value="">{t('surveyMap.allFlights')}</option>
              {flightList.map((flight) => (
                <option key={flight.id} value={String(flight.id)}>
                  {`#${flight.id} · ${flight.startedAt ? formatDateTime(flight.startedAt) : '—'} · ${
                    flight.pilot ?? flight.team ?? ''
                  }${flight.pilot && flight.pilot.toLowerCase() === user.username.toLowerCase() ? ` (${t('surveyMap.mine')})` : ''}`}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('surveyMap.day')}
            <select
              value={day}
              onChange={(event) => {
                setDay(event.target.value);
                if (event.target.value) setFlightId('');
              }}
            >
              <option value="">{t('surveyMap.allDays')}</option>
              {days.map((value) => (
                <option key={value} value={value}>
                  {formatDate(value as string)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <p className="page-note">{t('surveyMap.photoHint', { zoom: TILE_LAYER_MIN_ZOOM.footprints })}</p>
        <SurveyMapLegend />
        <BaseLayerPicker packs={baseLayer.packs} shown={baseLayer.shown} onChoose={baseLayer.choose} />

        <h2>{t('surveyMap.gapsTitle')}</h2>
        <label>
          {t('coverage.area')}
          <select value={shownAreaId} onChange={(event) => setAreaId(event.target.value)}>
            {areas.map((area) => (
              <option key={area.id} value={String(area.id)}>
                {area.name}
              </option>
            ))}
          </select>
        </label>
        <TakeOffChoice
          takeOff={takeOff}
          locator={locator}
          onLocate={() => void locate()}
          hint={t('surveyMap.takeOffHint')}
        />
        <GapPartsList gaps={gaps} areaName={areaName} areaId={shownAreaId} onShowPart={showPart} />
        {problem && (
          <p className="form-problem" role="status">
            {problem}
          </p>
        )}
      </aside>
      <div className="map-screen__map">
        {failed ? (
          <p className="page-problem" role="alert">
            {t('map.webglMissing')}
          </p>
        ) : (
          <div ref={containerRef} className="map-canvas" aria-label={t('surveyMap.mapLabel')} />
        )}
      </div>
    </div>
  );
}
