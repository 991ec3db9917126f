import type { MapMouseEvent, Map as MapLibreMap } from 'maplibre-gl';
import { Popup } from 'maplibre-gl';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { SiteProperties } from '../api/sites-api';
import type { Language } from '../i18n/language';
import type { AreaFeatureProperties } from './area-features';
import { areaPopupContent } from './area-popup';

/**
 * Clicks on the map: a site opens its drawer (`onSite`), a survey area its details in a popup;
 * a photo footprint is left to the footprint preview. Sites sit above areas: a click on a site
 * shows the site only. The pointer shows what can be clicked.
 */
export function useMapClicks(map: MapLibreMap | null, language: Language, onSite: (site: SiteProperties) => void) {
  const { t } = useTranslation();
  useEffect(() => {
    if (!map) return;
    const showDetails = (event: MapMouseEvent) => {
      const [feature] = map.queryRenderedFeatures(event.point, {
        layers: ['sites-circle', 'footprints-fill', 'areas-fill'].filter((id) => map.getLayer(id)),
      });
      if (!feature || feature.layer.id === 'footprints-fill') return;
      if (feature.layer.id === 'sites-circle') {
        onSite(feature.properties as SiteProperties);
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
  }, [map, t, language, onSite]);
}
