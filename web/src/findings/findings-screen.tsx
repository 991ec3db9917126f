import type { FeatureCollection, Point } from 'geojson';
import type { GeoJSONSource, MapMouseEvent } from 'maplibre-gl';
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { firstInvalidField } from '../layout/form-validity';
import { fetchAreas } from '../api/areas-api';
import { imagePreviewUrl } from '../api/flights-api';
import {
  actOnFinding,
  createFinding,
  fetchFinding,
  fetchFindings,
  type Finding,
  findingActionsFor,
  type FindingCrop,
} from '../api/findings-api';
import { loadedOr, useLoadable } from '../app/use-loadable';
import { formatDateTime, formatPercent } from '../i18n/format-units';
import { textIfKnown } from '../i18n/text-if-known';
import { useLanguage } from '../i18n/use-language';
import { defaultLayerVisibility, findingStatusColours } from '../map/layer-catalogue';
import { areasToFeatureCollection } from '../map/area-features';
import { useAreaShapes } from '../map/use-map-data';
import { useOfflineMap } from '../map/use-offline-map';
import { findingPoint } from './finding-point';
import { FindingStepDialog, type StepId } from './finding-step-dialog';

const crops: FindingCrop[] = ['opium_poppy', 'cannabis', 'other'];

function stepsFor(finding: Finding): StepId[] {
  return findingActionsFor(finding.status).flatMap((action) =>
    action === 'verify' ? (['verifyConfirmed', 'verifyNotFound'] as StepId[]) : [action as StepId],
  );
}

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

/**
 * Findings: suspected plots on a map and in a list; a click on the map starts a new one there;
 * each finding shows its chain (suspected → verified → eradicated, or rejected) and evidence.
 */
export default function FindingsScreen() {
  const { t, i18n } = useTranslation();
  const language = useLanguage();
  const findings = useLoadable(fetchFindings);
  const areas = useLoadable(fetchAreas);
  const containerRef = useRef<HTMLDivElement>(null);
  const visibility = useMemo(
    () => ({ ...defaultLayerVisibility(), sites: false, coverageCells: false, findings: false }),
    [],
  );
  const { map, failed } = useOfflineMap(containerRef, visibility);
  const areaShapes = useAreaShapes();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [detail, setDetail] = useState<Finding | null>(null);
  const [step, setStep] = useState<StepId | null>(null);
  const [draft, setDraft] = useState({
    lon: '',
    lat: '',
    crop: 'opium_poppy' as FindingCrop,
    confidence: '0.6',
    note: '',
    areaId: '',
    imageId: '',
  });
  const [problem, setProblem] = useState<string | null>(null);
  const list = loadedOr(findings.state, []);
  const selected = list.find((finding) => String(finding.id) === selectedId) ?? null;

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
          'circle-radius': 7,
          'circle-stroke-color': '#000000',
          'circle-stroke-width': 1.5,
        },
      });
    }
    map.getSource<GeoJSONSource>('finding-list')?.setData(pointsOf(list));
  }, [map, list]);

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
      setDraft((current) => ({
        ...current,
        lon: event.lngLat.lng.toFixed(6),
        lat: event.lngLat.lat.toFixed(6),
      }));
    };
    map.on('click', onClick);
    return () => {
      map.off('click', onClick);
    };
  }, [map]);

  // The chain of the selected finding, when the server gives it per finding.
  useEffect(() => {
    setDetail(null);
    if (!selectedId) return;
    const controller = new AbortController();
    fetchFinding(selectedId, controller.signal).then(setDetail, () => undefined);
    return () => controller.abort();
  }, [selectedId, findings.state]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const invalid = firstInvalidField(event.currentTarget as HTMLFormElement, t);
    if (invalid) {
      setProblem(invalid);
      return;
    }
    try {
      const created = await createFinding({
        geometry: { type: 'Point', coordinates: [Number(draft.lon), Number(draft.lat)] },
        crop: draft.crop,
        confidence: Number(draft.confidence),
        source: 'analyst',
        ...(draft.areaId ? { areaId: Number(draft.areaId) } : {}),
        ...(draft.note ? { note: draft.note } : {}),
        ...(draft.imageId ? { evidence: [{ imageId: Number(draft.imageId) }] } : {}),
      });
      setSelectedId(String(created.id));
      findings.reload();
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };

  const shown = detail ?? selected;
  return (
    <div className="page findings-screen">
      <h1>{t('findings.title')}</h1>
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
          <form
            className="finding-form"
            noValidate
            onSubmit={(event) => void submit(event)}
            aria-labelledby="finding-new"
          >
            <h2 id="finding-new">{t('findings.new')}</h2>
            <div className="form-grid">
              <label>
                {t('findings.lon')}
                <input
                  required
                  inputMode="decimal"
                  value={draft.lon}
                  onChange={(event) => setDraft({ ...draft, lon: event.target.value })}
                />
              </label>
              <label>
                {t('findings.lat')}
                <input
                  required
                  inputMode="decimal"
                  value={draft.lat}
                  onChange={(event) => setDraft({ ...draft, lat: event.target.value })}
                />
              </label>
              <label>
                {t('findings.crop')}
                <select
                  value={draft.crop}
                  onChange={(event) => setDraft({ ...draft, crop: event.target.value as FindingCrop })}
                >
                  {crops.map((crop) => (
                    <option key={crop} value={crop}>
                      {t(`findings.crops.${crop}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('findings.confidence')}
                <input
                  type="number"
                  min={0}
                  max={1}
                  step={0.05}
                  value={draft.confidence}
                  onChange={(event) => setDraft({ ...draft, confidence: event.target.value })}
                />
              </label>
              <label>
                {t('findings.area')}
                <select
                  value={draft.areaId}
                  onChange={(event) => setDraft({ ...draft, areaId: event.target.value })}
                >
                  <option value="">{t('findings.areaAuto')}</option>
                  {loadedOr(areas.state, []).map((area) => (
                    <option key={area.id} value={String(area.id)}>
                      {area.name}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('findings.evidenceImage')}
                <input
                  value={draft.imageId}
                  onChange={(event) => setDraft({ ...draft, imageId: event.target.value })}
                  placeholder={t('findings.imageIdHint')}
                />
              </label>
            </div>
            <label>
              {t('findings.note')}
              <textarea
                rows={2}
                value={draft.note}
                onChange={(event) => setDraft({ ...draft, note: event.target.value })}
              />
            </label>
            <button type="submit" className="button button--primary">
              {t('findings.record')}
            </button>
            {problem && (
              <p className="form-problem" role="alert">
                {problem}
              </p>
            )}
          </form>

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
                <th scope="col">{t('findings.confidence')}</th>
                <th scope="col">{t('findings.status')}</th>
                <th scope="col">{t('findings.createdAt')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((finding) => (
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
                  <td>
                    {crops.includes(finding.crop as FindingCrop)
                      ? t(`findings.crops.${finding.crop as FindingCrop}`)
                      : finding.crop}
                  </td>
                  <td>{formatPercent(finding.confidence * 100, language)}</td>
                  <td>
                    <span
                      className="status-dot"
                      style={{
                        ['--dot-colour' as string]:
                          findingStatusColours[finding.status as keyof typeof findingStatusColours] ?? '#999',
                      }}
                    />
                    {t(`map.findingStatus.${finding.status}`)}
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

          {shown && (
            <section className="finding-detail" aria-labelledby="finding-detail">
              <h2 id="finding-detail">{t('findings.detail', { id: shown.id })}</h2>
              <ol className="chain">
                <li className="chain__step">
                  {t('map.findingStatus.suspected')}
                  {shown.createdAt && ` · ${formatDateTime(shown.createdAt, language)}`}
                </li>
                {(shown.events ?? []).map((event, index) => (
                  <li key={index} className="chain__step">
                    {textIfKnown(i18n, `findings.event.${event.kind}`, event.kind)}
                    {event.outcome &&
                      ` (${textIfKnown(i18n, `findings.outcome.${event.outcome}`, event.outcome)})`}
                    {` · ${formatDateTime(event.at, language)}`}
                    {event.team && ` · ${event.team}`}
                    {event.actor && ` · ${event.actor}`}
                    {event.detail && typeof event.detail.note === 'string' && (
                      <p className="chain__note">{event.detail.note}</p>
                    )}
                    {event.detail && typeof event.detail.reason === 'string' && (
                      <p className="chain__note">{event.detail.reason}</p>
                    )}
                  </li>
                ))}
              </ol>
              <p>
                {t('findings.status')}: <strong>{t(`map.findingStatus.${shown.status}`)}</strong>
              </p>
              <div className="row-actions">
                {stepsFor(shown).map((candidate) => (
                  <button
                    key={candidate}
                    type="button"
                    className="button button--small"
                    onClick={() => setStep(candidate)}
                  >
                    {t(`findings.step.${candidate}`)}
                  </button>
                ))}
              </div>
              {(shown.evidence ?? []).length > 0 && (
                <>
                  <h3>{t('findings.evidence')}</h3>
                  <ul className="evidence-list">
                    {(shown.evidence ?? []).map((evidence, index) => (
                      <li key={index}>
                        {evidence.imageId !== undefined && (
                          <img
                            src={imagePreviewUrl(evidence.imageId)}
                            alt={t('findings.evidenceAlt', { id: evidence.imageId })}
                            loading="lazy"
                          />
                        )}
                        {evidence.sha256 && <code title="SHA-256">{evidence.sha256.slice(0, 16)}…</code>}
                      </li>
                    ))}
                  </ul>
                </>
              )}
              {shown.note && <p>{shown.note}</p>}
            </section>
          )}
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
      />
    </div>
  );
}
