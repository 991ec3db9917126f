import type { GeoJSONSource, MapMouseEvent, Marker } from 'maplibre-gl';
import { Popup } from 'maplibre-gl';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SiteProperties } from '../api/sites-api';
import { loadedOr, useLoadable } from '../app/use-loadable';
import { formatPercent } from '../i18n/format-units';
import { useLanguage } from '../i18n/use-language';
import { type AreaFeatureProperties, areasToFeatureCollection } from './area-features';
import { areaPopupContent } from './area-popup';
import { addHtmlLabel } from './html-label';
import { hideCollidingLabels } from './label-collision';
import { labelPoint } from './label-point';
import { pointInArea } from './point-in-area';
import { type LayerGroupId, layerGroups, type LayerVisibility } from './layer-catalogue';
import { rememberedLayerVisibility, rememberLayerVisibility } from './layer-choice';
import { LayerPanel } from './layer-panel';
import { loadMapData } from './map-data';
import { markMapReadyWhenIdle } from './map-ready';
import { SiteDrawer } from './site-drawer';
import { useAreaShapes, useCityLabels, useSamplingSites } from './use-map-data';
import { useFootprintPreview } from './use-footprint-preview';
import { useMapLink } from './use-map-link';
import { type InitialMapContent, useOfflineMap } from './use-offline-map';
import { useWastewaterTiles } from './use-wastewater-tiles';
import { WastewaterFilter } from './wastewater-filter';

/** City names give way to area labels and sites from this zoom on. */
const cityLabelMaxZoom = 9.5;

/** Methamphetamine first: the drug Hainan's reports watch most. */
const defaultAnalyte = 'METH';

// Module-level loaders (the same function on every render); the first answers may be preloaded.
const loadRounds = (signal: AbortSignal) => loadMapData('rounds', signal);
const loadAnalytes = (signal: AbortSignal) => loadMapData('analytes', signal);

/**
 * The map: basemap, survey areas by coverage, sampling sites, heat map and hot spots for the
 * chosen round and analyte, and the drone layers, with a layer panel; a click on a site opens its
 * drawer (series, trend, alerts), on an area its details, on a photo footprint the photo itself.
 */
export default function MapScreen() {
  const { t } = useTranslation();
  const language = useLanguage();
  const containerRef = useRef<HTMLDivElement>(null);
  // The layers this browser showed last time (the defaults at first).
  const [visibility, setVisibility] = useState<LayerVisibility>(() =>
    rememberedLayerVisibility(globalThis.localStorage),
  );
  const areaShapes = useAreaShapes();
  const sites = useSamplingSites();
  const cityLabels = useCityLabels();
  const areas = useMemo(() => (areaShapes.status === 'loaded' ? areaShapes.value : []), [areaShapes]);
  const areaCollection = useMemo(() => areasToFeatureCollection(areas), [areas]);
  const rounds = useLoadable(loadRounds);
  const analytes = useLoadable(loadAnalytes);
  const roundList = loadedOr(rounds.state, []);
  const analyteList = loadedOr(analytes.state, []);
  const [roundIndex, setRoundIndex] = useState<number | null>(null);
  const [analyte, setAnalyte] = useState(defaultAnalyte);
  const [selectedSite, setSelectedSite] = useState<SiteProperties | null>(null);
  const [clickProblem, setClickProblem] = useState<string | null>(null);
  // The latest round until the user moves the slider.
  const shownRoundIndex = roundIndex ?? Math.max(0, roundList.length - 1);
  const roundId = roundList[shownRoundIndex] ? String(roundList[shownRoundIndex].id) : undefined;
  // The map starts once the round is known, so its first wastewater tiles are the shown round's,
  // and once the areas and sites have come (usually preloaded with the session, so no wait): they
  // go into the style and are drawn with the first frame, not in a second pass after it.
  const roundsSettled =
    rounds.state.status !== 'loading' && areaShapes.status !== 'loading' && sites.status !== 'loading';
  // A link from an alert opens its site's drawer at its round and analyte.
  useMapLink(sites, roundList, roundsSettled, (target) => {
    if (target.roundIndex !== null) setRoundIndex(target.roundIndex);
    if (target.analyte) setAnalyte(target.analyte);
    setSelectedSite(target.site);
  });
  const handedToMap = useRef<{ areas?: unknown; sites?: unknown }>({});
  const initialContent = useMemo((): InitialMapContent | null => {
    if (!roundsSettled) return null;
    return {
      filter: { analyte, roundId },
      areas: areaShapes.status === 'loaded' ? areaCollection : undefined,
      sites: sites.status === 'loaded' ? sites.value : undefined,
    };
  }, [roundsSettled, analyte, roundId, areaShapes.status, areaCollection, sites]);
  const { map, failed, failedTileLayers } = useOfflineMap(containerRef, visibility, initialContent);
  useEffect(() => {
    // What the map was created with (the first non-null content) needs no setData later.
    if (initialContent && !map && handedToMap.current.areas === undefined) {
      handedToMap.current = { areas: initialContent.areas ?? null, sites: initialContent.sites ?? null };
    }
  }, [initialContent, map]);
  useWastewaterTiles(map, { analyte, roundId });
  useFootprintPreview(
    map,
    useCallback((message: string) => setClickProblem(message), []),
    t('map.previewNotReady'),
  );

  useEffect(() => {
    if (!map) return;
    for (const group of layerGroups) {
      for (const layerId of group.layerIds)
        map.setLayoutProperty(layerId, 'visibility', visibility[group.id] ? 'visible' : 'none');
    }
  }, [map, visibility]);

  useEffect(() => {
    if (!map || handedToMap.current.areas === areaCollection) return;
    handedToMap.current.areas = areaCollection;
    map.getSource<GeoJSONSource>('areas')?.setData(areaCollection);
  }, [map, areaCollection]);

  useEffect(() => {
    if (!map || sites.status !== 'loaded' || handedToMap.current.sites === sites.value) return;
    handedToMap.current.sites = sites.value;
    map.getSource<GeoJSONSource>('sites')?.setData(sites.value);
  }, [map, sites]);

  // Ready for the tests and the benchmark once the survey areas and sites are on the map (or
  // have failed to load), and drawn.
  const dataSettled = areaShapes.status !== 'loading' && sites.status !== 'loading';
  useEffect(() => {
    if (!map || !dataSettled) return;
    performance.mark('map-data-settled');
    markMapReadyWhenIdle(map);
  }, [map, dataSettled]);

  useEffect(() => {
    if (!map || !visibility.areas) return;
    const markers: Marker[] = areas.map((area) =>
      addHtmlLabel(
        map,
        labelPoint(area.geometry),
        [area.name, formatPercent(area.coveragePct, language)],
        'area',
      ),
    );
    return () => markers.forEach((marker) => marker.remove());
  }, [map, areas, language, visibility.areas]);

  useEffect(() => {
    if (!map || cityLabels.status !== 'loaded' || !visibility.districts) return;
    // A city whose label point falls in a survey area shown with its own label (which names the
    // city) is not labelled twice on top of it.
    const shownAreas = visibility.areas ? areas : [];
    const markers = cityLabels.value.features
      .map((feature) => ({
        city: feature.properties.city,
        point: feature.geometry.coordinates as [number, number],
      }))
      .filter(({ point }) => !shownAreas.some((area) => pointInArea(point, area.geometry)))
      .map(({ city, point }) => addHtmlLabel(map, point, [city], 'city'));
    return () => markers.forEach((marker) => marker.remove());
  }, [map, cityLabels, visibility.districts, visibility.areas, areas]);

  // Labels that would overlap give way (area labels first), after every move and new label.
  useEffect(() => {
    if (!map) return;
    const update = () => hideCollidingLabels(map);
    const frame = requestAnimationFrame(update);
    map.on('moveend', update);
    return () => {
      cancelAnimationFrame(frame);
      map.off('moveend', update);
    };
  }, [map, areas, cityLabels, language, visibility.areas, visibility.districts]);

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

  useEffect(() => {
    if (!map) return;
    // Sites sit above areas: a click on a site shows the site only.
    const showDetails = (event: MapMouseEvent) => {
      const [feature] = map.queryRenderedFeatures(event.point, {
        layers: ['sites-circle', 'footprints-fill', 'areas-fill'].filter((id) => map.getLayer(id)),
      });
      if (!feature || feature.layer.id === 'footprints-fill') return;
      if (feature.layer.id === 'sites-circle') {
        setSelectedSite(feature.properties as SiteProperties);
        return;
      }
      const content = areaPopupContent(feature.properties as Partial<AreaFeatureProperties>, t, language);
      new Popup({ maxWidth: '280px' }).setLngLat(event.lngLat).setDOMContent(content).addTo(map);
    };
    const pointer = () => (map.getCanvas().style.cursor = 'pointer');
    const plain = () => (map.getCanvas().style.cursor = '');
    map.on('click', showDetails);
    for (const layer of ['sites-circle', 'areas-fill']) {
      map.on('mouseenter', layer, pointer);
      map.on('mouseleave', layer, plain);
    }
    return () => {
      map.off('click', showDetails);
      for (const layer of ['sites-circle', 'areas-fill']) {
        map.off('mouseenter', layer, pointer);
        map.off('mouseleave', layer, plain);
      }
    };
  }, [map, t, language]);

  // Remembered on a switch only, so a group nobody touched follows the app's default.
  const toggle = (group: LayerGroupId, visible: boolean) => {
    const next = { ...visibility, [group]: visible };
    setVisibility(next);
    rememberLayerVisibility(globalThis.localStorage, next);
  };
  const problems = [
    areaShapes.status === 'failed' ? `${t('map.areasFailed')}: ${areaShapes.error.message}` : null,
    sites.status === 'failed' ? `${t('map.sitesFailed')}: ${sites.error.message}` : null,
    clickProblem,
  ].filter((problem): problem is string => problem !== null);

  return (
    <div className="map-screen">
      <h1 className="visually-hidden">{t('map.title')}</h1>
      <aside className="map-screen__panel">
        <WastewaterFilter
          rounds={roundList}
          analytes={analyteList}
          roundIndex={shownRoundIndex}
          analyte={analyte}
          onRoundIndex={setRoundIndex}
          onAnalyte={setAnalyte}
        />
        <LayerPanel
          visibility={visibility}
          onToggle={toggle}
          areas={areas}
          failedTileLayers={failedTileLayers}
        />
        <div role="status" className="map-screen__status">
          {areaShapes.status === 'loading' && <p>{t('map.areasLoading')}</p>}
          {problems.map((problem) => (
            <p key={problem} className="form-problem">
              {problem}
            </p>
          ))}
        </div>
      </aside>
      <div className="map-screen__map">
        {failed ? (
          <p className="page-problem" role="alert">
            {t('map.webglMissing')}
          </p>
        ) : (
          <div ref={containerRef} className="map-canvas" />
        )}
        {selectedSite && (
          <SiteDrawer
            key={`${selectedSite.id}`}
            site={selectedSite}
            analyte={analyte}
            analytes={analyteList}
            rounds={roundList}
            roundId={roundId}
            onClose={() => setSelectedSite(null)}
            onAnalyte={setAnalyte}
          />
        )}
      </div>
    </div>
  );
}
