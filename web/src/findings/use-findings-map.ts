import type { FeatureCollection, Point, Position } from 'geojson';
import type { GeoJSONSource, MapMouseEvent } from 'maplibre-gl';
import { type RefObject, useEffect, useMemo, useState } from 'react';
import type { Finding } from '../api/findings-api';
import { useBaseLayerChoice, useBaseLayerOnMap, useFirstStyleBasemap } from '../basemap/use-base-layer';
import { areasToFeatureCollection } from '../map/area-features';
import { defaultLayerVisibility, findingStatusColours } from '../map/layer-catalogue';
import type {} from '../map/map-ready';
import { useAreaShapes } from '../map/use-map-data';
import { useOfflineMap } from '../map/use-offline-map';
import type { FindingPosition } from './finding-form';
import { findingPoint } from './finding-point';

function pointsOf(findings: readonly Finding[]): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: findings.flatMap((finding) => {
      const point = findingPoint(finding.geometry);
      return point
        ? [
            {
              type: 'Feature' as const,
              id: Number(finding.id) || undefined,
              geometry: { type: 'Point' as const, coordinates: point },
              properties: { id: String(finding.id), status: finding.status },
            },
          ]
        : [];
    }),
  };
}

const emptyCollection: FeatureCollection = { type: 'FeatureCollection', features: [] };

/**
 * The findings map: the base layer chosen (as on the main map), survey areas, photo footprints,
 * the findings by status and the phone's position. A click on a finding selects it
 * (`onSelect`); a click elsewhere gives the position and the photos under it (`clicked`), for a
 * new finding.
 */
export function useFindingsMap(
  containerRef: RefObject<HTMLDivElement | null>,
  findings: readonly Finding[],
  here: Position | null,
  onSelect: (id: string) => void,
) {
  const visibility = useMemo(
    () => ({
      ...defaultLayerVisibility(),
      sites: false,
      siteTrends: false,
      hotspots: false,
      loadHeatmap: false,
      coverageCells: false,
      findings: false,
      footprints: true,
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
  const [clicked, setClicked] = useState<FindingPosition | null>(null);

  // The live map for the browser tests, as the map screen gives it.
  useEffect(() => {
    if (map) window.__skywaterMap = map;
  }, [map]);

  useEffect(() => {
    if (!map) return;
    if (!map.getSource('finding-list')) {
      map.addSource('finding-list', { type: 'geojson', data: pointsOf([]) });
      map.addLayer({
        id: 'finding-list-circle',
        type: 'circle',
        source: 'finding-list',
        paint: {
          'circle-color': [
            'match',
            ['get', 'status'],
            ...Object.entries(findingStatusColours).flat(),
            findingStatusColours.suspected,
          ] as never,
          'circle-radius': 8,
          'circle-stroke-color': '#000000',
          'circle-stroke-width': 1.5,
        },
      });
      map.addSource('me', { type: 'geojson', data: emptyCollection });
      map.addLayer({
        id: 'me-point',
        type: 'circle',
        source: 'me',
        paint: {
          'circle-radius': 8,
          'circle-color': '#0072b2',
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 3,
        },
      });
    }
    map.getSource<GeoJSONSource>('finding-list')?.setData(pointsOf(findings));
  }, [map, findings]);

  useEffect(() => {
    map
      ?.getSource<GeoJSONSource>('me')
      ?.setData(
        here
          ? { type: 'Feature', geometry: { type: 'Point', coordinates: here }, properties: {} }
          : emptyCollection,
      );
  }, [map, here]);

  useEffect(() => {
    if (map && areaShapes.status === 'loaded')
      map.getSource<GeoJSONSource>('areas')?.setData(areasToFeatureCollection(areaShapes.value));
  }, [map, areaShapes]);

  useEffect(() => {
    if (!map) return;
    const onClick = (event: MapMouseEvent) => {
      const [hit] = map.queryRenderedFeatures(event.point, { layers: ['finding-list-circle'] });
      if (hit) {
        onSelect(String(hit.properties.id));
        return;
      }
      // The photos whose footprint holds the clicked point (drawn from the footprints' first
      // zoom; each feature's id is the photo's), for evidence.
      const near = map.getLayer('footprints-fill')
        ? map
            .queryRenderedFeatures(event.point, { layers: ['footprints-fill'] })
            .map((feature) => Number(feature.id))
            .filter((id) => Number.isFinite(id))
        : [];
      setClicked({ lonLat: [event.lngLat.lng, event.lngLat.lat], nearImageIds: [...new Set(near)] });
    };
    map.on('click', onClick);
    return () => {
      map.off('click', onClick);
    };
  }, [map, onSelect]);

  return { map, failed, baseLayer, areaShapes, clicked };
}
