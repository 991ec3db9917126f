import type { Polygon, Position } from 'geojson';
import type { GeoJSONSource, MapMouseEvent } from 'maplibre-gl';
import { useEffect, useEffectEvent, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatAreaKm2 } from '../i18n/format-units';
import { useLanguage } from '../i18n/use-language';
import { defaultLayerVisibility } from '../map/layer-catalogue';
import { markMapReadyWhenIdle } from '../map/map-ready';
import { useOfflineMap } from '../map/use-offline-map';
import { polygonAreaKm2 } from '../survey/polygon-area';
import { closingWouldCross, drawnPolygon, edgeWouldCross } from './polygon-draw';

const sourceId = 'area-draw';
/** A click this close (px) to the last vertex is the second click of a double-click, not a vertex. */
const sameSpotPx = 6;

/**
 * Draws a survey area on the offline map: a click adds a vertex, a double-click closes the ring
 * (at least 3 vertices), "undo" takes the last vertex back. A vertex or closing edge that would
 * make the ring cross itself is refused with a message. The area (km²) is shown as it grows.
 * `onChange` gets the closed polygon, or null while open.
 */
export function AreaDrawMap({ onChange }: { onChange: (polygon: Polygon | null) => void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const containerRef = useRef<HTMLDivElement>(null);
  const visibility = useMemo(
    () => ({
      ...defaultLayerVisibility(),
      sites: false,
      siteTrends: false,
      hotspots: false,
      loadHeatmap: false,
      findings: false,
      coverageCells: false,
    }),
    [],
  );
  const { map, failed } = useOfflineMap(containerRef, visibility);
  const [vertices, setVertices] = useState<Position[]>([]);
  const [closed, setClosed] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const polygon = drawnPolygon(vertices);
  const areaKm2 = polygon ? polygonAreaKm2(polygon) : 0;

  const report = useEffectEvent((next: Polygon | null) => onChange(next));
  useEffect(() => report(closed ? drawnPolygon(vertices) : null), [closed, vertices]);

  // The drawing's source and layers, added once the map has its style.
  useEffect(() => {
    if (!map) return;
    map.doubleClickZoom.disable();
    map.addSource(sourceId, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    map.addLayer({
      id: 'area-draw-fill',
      type: 'fill',
      source: sourceId,
      filter: ['==', ['geometry-type'], 'Polygon'],
      paint: { 'fill-color': '#0072b2', 'fill-opacity': 0.2 },
    });
    map.addLayer({
      id: 'area-draw-line',
      type: 'line',
      source: sourceId,
      filter: ['!=', ['geometry-type'], 'Point'],
      paint: { 'line-color': '#0072b2', 'line-width': 2 },
    });
    map.addLayer({
      id: 'area-draw-vertex',
      type: 'circle',
      source: sourceId,
      filter: ['==', ['geometry-type'], 'Point'],
      paint: {
        'circle-radius': 4,
        'circle-color': '#ffffff',
        'circle-stroke-color': '#0072b2',
        'circle-stroke-width': 2,
      },
    });
    // As the other maps: `map-ready` once its first view is drawn (for the browser tests and bench).
    markMapReadyWhenIdle(map);
    return () => {
      for (const layer of ['area-draw-vertex', 'area-draw-line', 'area-draw-fill'])
        if (map.getLayer(layer)) map.removeLayer(layer);
      if (map.getSource(sourceId)) map.removeSource(sourceId);
    };
  }, [map]);

  // What is drawn follows the vertices: points, the open line, and the ring once closed.
  useEffect(() => {
    const source = map?.getSource<GeoJSONSource>(sourceId);
    if (!source) return;
    const ring = drawnPolygon(vertices);
    source.setData({
      type: 'FeatureCollection',
      features: [
        ...vertices.map((v) => ({
          type: 'Feature' as const,
          properties: {},
          geometry: { type: 'Point' as const, coordinates: v },
        })),
        ...(closed && ring
          ? [{ type: 'Feature' as const, properties: {}, geometry: ring }]
          : vertices.length > 1
            ? [
                {
                  type: 'Feature' as const,
                  properties: {},
                  geometry: { type: 'LineString' as const, coordinates: vertices },
                },
              ]
            : []),
      ],
    });
  }, [map, vertices, closed]);

  const addVertex = useEffectEvent((event: MapMouseEvent) => {
    if (closed || !map) return;
    const next: Position = [event.lngLat.lng, event.lngLat.lat];
    const last = vertices[vertices.length - 1];
    if (last) {
      const lastPx = map.project([last[0]!, last[1]!]);
      if (Math.hypot(lastPx.x - event.point.x, lastPx.y - event.point.y) < sameSpotPx) return;
    }
    if (edgeWouldCross(vertices, next)) {
      setProblem(t('areas.draw.crosses'));
      return;
    }
    setProblem(null);
    setVertices([...vertices, next]);
  });
  const close = useEffectEvent(() => {
    if (closed) return;
    if (vertices.length < 3) {
      setProblem(t('areas.draw.tooFew'));
      return;
    }
    if (closingWouldCross(vertices)) {
      setProblem(t('areas.draw.closingCrosses'));
      return;
    }
    setProblem(null);
    setClosed(true);
  });
  useEffect(() => {
    if (!map) return;
    const onClick = (event: MapMouseEvent) => addVertex(event);
    const onDoubleClick = (event: MapMouseEvent) => {
      event.preventDefault();
      close();
    };
    map.on('click', onClick);
    map.on('dblclick', onDoubleClick);
    return () => {
      map.off('click', onClick);
      map.off('dblclick', onDoubleClick);
    };
  }, [map]);

  return (
    <div className="area-draw" data-testid="area-draw">
      <p className="hint">{t('areas.draw.howTo')}</p>
      <div
        ref={containerRef}
        className="area-draw__map"
        data-testid="area-draw-map"
        data-vertices={vertices.length}
        data-closed={closed}
        data-ready={map !== null}
      />
      {failed && <p className="page-problem">{t('map.webglMissing')}</p>}
      <div className="area-draw__status" role="status">
        {closed
          ? t('areas.draw.closed', { km2: formatAreaKm2(areaKm2, language), count: vertices.length })
          : t('areas.draw.open', { count: vertices.length, km2: formatAreaKm2(areaKm2, language) })}
      </div>
      {problem && (
        <p className="field-problem" role="alert" data-testid="area-draw-problem">
          {problem}
        </p>
      )}
      <div className="area-draw__actions">
        <button
          type="button"
          className="button button--small"
          disabled={vertices.length === 0}
          onClick={() => {
            setClosed(false);
            setProblem(null);
            setVertices(vertices.slice(0, -1));
          }}
        >
          {t('areas.draw.undo')}
        </button>
        <button
          type="button"
          className="button button--small"
          disabled={vertices.length === 0}
          onClick={() => {
            setClosed(false);
            setProblem(null);
            setVertices([]);
          }}
        >
          {t('areas.draw.clear')}
        </button>
      </div>
    </div>
  );
}
