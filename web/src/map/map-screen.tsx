import { useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SiteProperties } from '../api/sites-api';
import { loadedOr, useLoadable } from '../app/use-loadable';
import { BaseLayerPicker } from '../basemap/base-layer-picker';
import { useBaseLayerChoice, useBaseLayerOnMap } from '../basemap/use-base-layer';
import { useLanguage } from '../i18n/use-language';
import { areasToFeatureCollection } from './area-features';
import { campaignRounds, defaultCampaignId } from './campaign-rounds';
import { LayerPanel } from './layer-panel';
import { loadMapData } from './map-data';
import { SiteDrawer } from './site-drawer';
import { useFootprintPreview } from './use-footprint-preview';
import { useLayerVisibility, useLayerVisibilityOnMap } from './use-layer-visibility';
import { useMapClicks } from './use-map-clicks';
import { useAreaShapes, useCityLabels, useSamplingSites } from './use-map-data';
import { useMapLabels } from './use-map-labels';
import { useMapLink } from './use-map-link';
import { useInitialMapContent, useMapSourceSync } from './use-map-sources';
import { useOfflineMap } from './use-offline-map';
import { useWastewaterTiles } from './use-wastewater-tiles';
import { WastewaterFilter } from './wastewater-filter';

/** Methamphetamine first: the drug Hainan's reports watch most. */
const defaultAnalyte = 'METH';

// Module-level loaders (the same function on every render); the first answers may be preloaded.
const loadRounds = (signal: AbortSignal) => loadMapData('rounds', signal);
const loadAnalytes = (signal: AbortSignal) => loadMapData('analytes', signal);
const loadCampaigns = (signal: AbortSignal) => loadMapData('campaigns', signal);

/**
 * The map: a base layer (an installed basemap pack, or the district outlines), survey areas by
 * coverage, sampling sites, heat map and hot spots for the chosen round and analyte, and the
 * drone layers, with a layer panel; a click on a site opens its drawer (series, trend, alerts), on
 * an area its details, on a photo footprint the photo itself.
 */
export default function MapScreen() {
  const { t } = useTranslation();
  const language = useLanguage();
  const containerRef = useRef<HTMLDivElement>(null);
  const areaShapes = useAreaShapes();
  const sites = useSamplingSites();
  const cityLabels = useCityLabels();
  const areas = useMemo(() => (areaShapes.status === 'loaded' ? areaShapes.value : []), [areaShapes]);
  const areaCollection = useMemo(() => areasToFeatureCollection(areas), [areas]);
  const rounds = useLoadable(loadRounds);
  const analytes = useLoadable(loadAnalytes);
  const roundList = loadedOr(rounds.state, []);
  const analyteList = loadedOr(analytes.state, []);
  const campaigns = useLoadable(loadCampaigns);
  const campaignList = loadedOr(campaigns.state, []);
  const groups = useMemo(() => campaignRounds(roundList, campaignList), [roundList, campaignList]);
  const [campaignChoice, setCampaignChoice] = useState<number | null>(null);
  const [roundChoice, setRoundChoice] = useState<number | null>(null);
  const [analyte, setAnalyte] = useState(defaultAnalyte);
  const [selectedSite, setSelectedSite] = useState<SiteProperties | null>(null);
  const [clickProblem, setClickProblem] = useState<string | null>(null);
  // The slider steps through one campaign's rounds; the latest until the user moves it.
  const campaignId = campaignChoice ?? defaultCampaignId(groups);
  const shownRounds = groups.find((group) => group.id === campaignId)?.rounds ?? [];
  const chosenIndex = shownRounds.findIndex((round) => round.id === roundChoice);
  const shownRoundIndex = chosenIndex >= 0 ? chosenIndex : Math.max(0, shownRounds.length - 1);
  const roundId = shownRounds[shownRoundIndex] ? String(shownRounds[shownRoundIndex].id) : undefined;

  const baseLayer = useBaseLayerChoice();
  const sourcesInput = {
    roundsSettled: rounds.state.status !== 'loading',
    filter: { analyte, roundId },
    areaStatus: areaShapes.status,
    areaCollection,
    sites,
    basemap: baseLayer,
  };
  // A link from an alert opens its site's drawer at its round and analyte.
  const linkSettled =
    rounds.state.status !== 'loading' && areaShapes.status !== 'loading' && sites.status !== 'loading';
  useMapLink(sites, roundList, linkSettled, (target) => {
    const round = target.roundIndex === null ? undefined : roundList[target.roundIndex];
    if (round) {
      setCampaignChoice(round.campaignId);
      setRoundChoice(round.id);
    }
    if (target.analyte) setAnalyte(target.analyte);
    setSelectedSite(target.site);
  });
  const initialContent = useInitialMapContent(sourcesInput);
  const { visibility, toggle } = useLayerVisibility();
  const { map, failed, failedTileLayers } = useOfflineMap(
    containerRef,
    visibility,
    initialContent,
    baseLayer.shown?.attribution,
  );
  useLayerVisibilityOnMap(map, visibility);
  useMapSourceSync(map, initialContent, sourcesInput);
  useWastewaterTiles(map, { analyte, roundId });
  useFootprintPreview(
    map,
    useCallback((message: string) => setClickProblem(message), []),
    t('map.previewNotReady'),
  );
  useBaseLayerOnMap(map, baseLayer.shown);
  useMapLabels(map, {
    areas,
    cityLabels,
    language,
    showAreaLabels: visibility.areas,
    // A vector pack names the cities itself.
    showCityLabels: visibility.districts && baseLayer.shown?.kind !== 'vector',
  });
  useMapClicks(map, language, setSelectedSite);

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
          campaigns={groups}
          campaignId={campaignId}
          onCampaign={(id) => {
            setCampaignChoice(id);
            setRoundChoice(null);
          }}
          rounds={shownRounds}
          analytes={analyteList}
          roundIndex={shownRoundIndex}
          analyte={analyte}
          onRoundIndex={(index) => setRoundChoice(shownRounds[index]?.id ?? null)}
          onAnalyte={setAnalyte}
        />
        <BaseLayerPicker packs={baseLayer.packs} shown={baseLayer.shown} onChoose={baseLayer.choose} />
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
