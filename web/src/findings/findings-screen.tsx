import type { FeatureCollection, Point, Position } from 'geojson';
import type { GeoJSONSource, MapMouseEvent } from 'maplibre-gl';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchFlights } from '../api/flights-api';
import {
  actOnFinding,
  fetchFinding,
  fetchFindings,
  type Finding,
  findingActionsFor,
} from '../api/findings-api';
import { loadedOr, useLoadable } from '../app/use-loadable';
import { useSessionUser } from '../auth/session-context';
import { formatDateTime, formatDistanceM, formatNumber, formatPercent } from '../i18n/format-units';
import { textIfKnown } from '../i18n/text-if-known';
import { useLanguage } from '../i18n/use-language';
import { areasToFeatureCollection } from '../map/area-features';
import { distanceKm } from '../map/distance-km';
import { defaultLayerVisibility, findingStatusColours } from '../map/layer-catalogue';
import { pointInArea } from '../map/point-in-area';
import { useAreaShapes } from '../map/use-map-data';
import { useLocateMe } from '../map/use-locate-me';
import type {} from '../map/map-ready';
import { useOfflineMap } from '../map/use-offline-map';
import { keepFieldPhoto } from './field-photo';
import { FindingDetail } from './finding-detail';
import { FindingForm, type FindingPosition } from './finding-form';
import { findingPoint } from './finding-point';
import { FindingStepDialog, type StepId } from './finding-step-dialog';
import { downloadText, findingsCsv, findingsGeoJson, findingsKml } from './findings-export';

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
 * Findings, on a desk and on a phone: suspected plots on a map and in a list (nearest first once
 * the phone is located); a click on the map (or "use my position") places a new one, with
 * evidence picked from the survey photos or taken on the spot; each finding shows its chain
 * and the steps the user's roles allow; the list exports as CSV, GeoJSON and KML.
 */
export default function FindingsScreen() {
  const { t, i18n } = useTranslation();
  const language = useLanguage();
  const user = useSessionUser();
  const mayReject = user.roles.includes('analyst') || user.roles.includes('admin');
  const findings = useLoadable(fetchFindings);
  const flights = useLoadable((signal) => fetchFlights(undefined, signal));
  const containerRef = useRef<HTMLDivElement>(null);
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
  const { map, failed } = useOfflineMap(containerRef, visibility);
  const areaShapes = useAreaShapes();
  const areaList = loadedOr(areaShapes, []);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [detail, setDetail] = useState<Finding | null>(null);
  const [step, setStep] = useState<StepId | null>(null);
  const [clicked, setClicked] = useState<FindingPosition | null>(null);
  const locator = useLocateMe();
  const here = locator.position?.lonLat ?? null;

  const list = loadedOr(findings.state, []);
  const rows = useMemo(() => {
    const withDistance = list.map((finding) => {
      const point = findingPoint(finding.geometry);
      return { finding, distanceKm: here && point ? distanceKm(here, point) : null };
    });
    // Standing in the field, the plot to walk to is the nearest one.
    if (here) withDistance.sort((a, b) => (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity));
    return withDistance;
  }, [list, here]);
  const selected = list.find((finding) => String(finding.id) === selectedId) ?? null;
  const shown = detail ?? selected;
  const areaNameOf = (finding: Finding) =>
    areaList.find((area) => String(area.id) === String(finding.areaId))?.name ?? null;
  const areaIdAt = (point: Position): string =>
    String(areaList.find((area) => pointInArea(point as [number, number], area.geometry))?.id ?? '');

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
    map.getSource<GeoJSONSource>('finding-list')?.setData(pointsOf(list));
  }, [map, list]);

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
        setSelectedId(String(hit.properties.id));
        return;
      }
      // The photos whose footprint holds the clicked point (drawn from zoom 11), for evidence.
      const near = map.getLayer('footprints-fill')
        ? map
            .queryRenderedFeatures(event.point, { layers: ['footprints-fill'] })
            .map((feature) => Number(feature.properties.imageId ?? feature.properties.id ?? feature.id))
            .filter((id) => Number.isFinite(id))
        : [];
      setClicked({ lonLat: [event.lngLat.lng, event.lngLat.lat], nearImageIds: [...new Set(near)] });
    };
    map.on('click', onClick);
    return () => {
      map.off('click', onClick);
    };
  }, [map]);

  // The chain of the selected finding.
  useEffect(() => {
    // Another finding: forget the old chain; the same one re-read: keep it until the new comes.
    setDetail((current) => (current && String(current.id) === selectedId ? current : null));
    if (!selectedId) return;
    const controller = new AbortController();
    fetchFinding(selectedId, controller.signal).then(setDetail, () => undefined);
    return () => controller.abort();
  }, [selectedId, findings.state]);

  const locate = async () => {
    const lonLat = await locator.locate();
    if (lonLat && map)
      map.flyTo({ center: lonLat as [number, number], zoom: Math.max(map.getZoom(), 14), duration: 0 });
  };

  const stepsFor = (finding: Finding): StepId[] =>
    findingActionsFor(finding.status)
      .filter((action) => action !== 'reject' || mayReject)
      .flatMap((action) =>
        action === 'verify' ? (['verifyConfirmed', 'verifyNotFound'] as StepId[]) : [action as StepId],
      );

  const exportAs = (format: 'csv' | 'geojson' | 'kml') => {
    const stamp = new Date().toISOString().slice(0, 10);
    if (format === 'csv') downloadText(findingsCsv(list), `findings-${stamp}.csv`, 'text/csv;charset=utf-8');
    if (format === 'geojson')
      downloadText(findingsGeoJson(list), `findings-${stamp}.geojson`, 'application/geo+json');
    if (format === 'kml')
      downloadText(
        findingsKml(list, t('findings.title')),
        `findings-${stamp}.kml`,
        'application/vnd.google-earth.kml+xml',
      );
  };

  return (
    <div className="page findings-screen">
      <h1>{t('findings.title')}</h1>
      <div className="findings-screen__locate">
        <button
          type="button"
          className="button button--primary"
          onClick={() => void locate()}
          disabled={locator.busy}
        >
          {locator.busy ? t('common.working') : t('fieldWork.locateMe')}
        </button>
        {locator.position && (
          <span className="findings-screen__here" role="status">
            {t('fieldWork.located', {
              lat: formatNumber(locator.position.lonLat[1], language, 5),
              lon: formatNumber(locator.position.lonLat[0], language, 5),
              accuracy: formatDistanceM(locator.position.accuracyM, language),
            })}
          </span>
        )}
        {locator.problem && (
          <span className="form-problem" role="alert">
            {t(`surveyMap.locateProblem.${locator.problem}`)}
          </span>
        )}
      </div>
      <div className="findings-screen__layout">
        <div className="findings-screen__map">
          {failed ? (
            <p className="page-problem">{t('map.webglMissing')}</p>
          ) : (
            <div ref={containerRef} className="map-canvas" aria-label={t('findings.mapLabel')} />
          )}
          <p className="page-note">{t('findings.mapHint')}</p>
        </div>
        <div className="findings-screen__side">
          {shown && (
            <FindingDetail
              finding={shown}
              areaName={areaNameOf(shown)}
              steps={stepsFor(shown)}
              here={here}
              onStep={setStep}
            />
          )}

          <section className="findings-list" aria-labelledby="findings-list-title">
            <div className="findings-list__head">
              <h2 id="findings-list-title">
                {t('findings.title')}
                {here && <small> · {t('fieldWork.nearestFirst')}</small>}
              </h2>
              <div className="findings-list__export" role="group" aria-label={t('fieldWork.export')}>
                <span>{t('fieldWork.export')}</span>
                {(['csv', 'geojson', 'kml'] as const).map((format) => (
                  <button
                    key={format}
                    type="button"
                    className="button button--small"
                    disabled={list.length === 0}
                    onClick={() => exportAs(format)}
                  >
                    {format === 'geojson' ? 'GeoJSON' : format.toUpperCase()}
                  </button>
                ))}
              </div>
            </div>
            {findings.state.status === 'failed' && (
              <p className="page-problem" role="alert">
                {t('common.failed', { message: findings.state.error.message })}
              </p>
            )}
            <table className="data-table findings-table">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">{t('findings.crop')}</th>
                  <th scope="col">{t('findings.status')}</th>
                  <th scope="col">{here ? t('fieldWork.distance') : t('findings.confidence')}</th>
                  <th scope="col">{t('findings.createdAt')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map(({ finding, distanceKm: away }) => (
                  <tr
                    key={finding.id}
                    aria-selected={String(finding.id) === selectedId}
                    className={String(finding.id) === selectedId ? 'row--selected' : undefined}
                  >
                    <th scope="row">
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => setSelectedId(String(finding.id))}
                      >
                        {String(finding.id)}
                      </button>
                    </th>
                    <td>{textIfKnown(i18n, `findings.crops.${finding.crop}`, finding.crop)}</td>
                    <td>
                      <span
                        className="status-dot"
                        style={{
                          ['--dot-colour' as string]:
                            findingStatusColours[finding.status as keyof typeof findingStatusColours] ??
                            '#999',
                        }}
                      />
                      {t(`map.findingStatus.${finding.status}`)}
                    </td>
                    <td>
                      {here
                        ? away === null
                          ? '—'
                          : formatDistanceM(away * 1000, language)
                        : formatPercent(finding.confidence * 100, language)}
                    </td>
                    <td>{finding.createdAt ? formatDateTime(finding.createdAt, language) : '—'}</td>
                  </tr>
                ))}
              </tbody>
              {findings.state.status === 'loaded' && list.length === 0 && (
                <tfoot>
                  <tr>
                    <td colSpan={5}>{t('findings.empty')}</td>
                  </tr>
                </tfoot>
              )}
            </table>
          </section>

          <FindingForm
            areas={areaList}
            flights={loadedOr(flights.state, [])}
            clicked={clicked}
            here={here}
            areaIdAt={areaIdAt}
            onSaved={(created) => {
              setSelectedId(String(created.id));
              findings.reload();
            }}
          />
        </div>
      </div>
      <FindingStepDialog
        step={shown ? step : null}
        onConfirm={async (body) => {
          if (!shown) return;
          await actOnFinding(shown.id, body);
          findings.reload();
        }}
        onClose={() => setStep(null)}
        onPhoto={async (file) => {
          const point = shown ? findingPoint(shown.geometry) : null;
          const areaId = shown?.areaId ? String(shown.areaId) : point ? areaIdAt(point) : '';
          return keepFieldPhoto(file, areaId);
        }}
      />
    </div>
  );
}
