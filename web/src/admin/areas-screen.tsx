import type { MultiPolygon, Polygon } from 'geojson';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createArea, fetchAreasWithArchived, setAreaArchived, type SurveyArea } from '../api/areas-api';
import { useLoadable } from '../app/use-loadable';
import { formatAreaKm2, formatDateTime } from '../i18n/format-units';
import { useLanguage } from '../i18n/use-language';
import { ApiProblem } from '../layout/api-problem';
import { SubmitButton } from '../layout/submit-button';
import { useFormSubmit } from '../layout/use-form-submit';
import { FileDropZone } from '../layout/file-drop-zone';
import { OfficeSelect } from '../layout/office-select';
import { ReasonDialog } from '../layout/reason-dialog';
import { polygonsOf } from '../map/polygons-of';
import { polygonAreaKm2 } from '../survey/polygon-area';
import { AreaDrawMap } from './area-draw-map';
import { AreaFileError, areaGeometryFromFile, areaGeometryFromVertices } from './area-file';

/** The outline of a polygon drawn in an SVG box, north up, so the admin sees what is created. */
function OutlinePreview({ geometry }: { geometry: Polygon | MultiPolygon }) {
  const { t } = useTranslation();
  const rings = polygonsOf(geometry).flat();
  const positions = rings.flat();
  const lons = positions.map((p) => p[0]!);
  const lats = positions.map((p) => p[1]!);
  const [west, east, south, north] = [
    Math.min(...lons),
    Math.max(...lons),
    Math.min(...lats),
    Math.max(...lats),
  ];
  // Longitudes shrink by cos(latitude): keep the shape's proportions.
  const xScale = Math.cos((((south + north) / 2) * Math.PI) / 180);
  const width = Math.max((east - west) * xScale, 1e-9);
  const height = Math.max(north - south, 1e-9);
  const size = 200;
  const scale = size / Math.max(width, height);
  const path = rings
    .map(
      (ring) =>
        `M${ring.map((p) => `${((p[0]! - west) * xScale * scale).toFixed(1)},${((north - p[1]!) * scale).toFixed(1)}`).join('L')}Z`,
    )
    .join('');
  return (
    <svg
      className="area-outline"
      viewBox={`-4 -4 ${width * scale + 8} ${height * scale + 8}`}
      role="img"
      aria-label={t('areas.previewLabel')}
      data-testid="area-outline"
    >
      <path d={path} fillRule="evenodd" />
    </svg>
  );
}

/**
 * Survey areas: a new one drawn on the map, from an uploaded GeoJSON/KML file or from typed
 * vertices; the list, where an area is archived (it leaves the lists, tiles and coverage jobs,
 * its data kept) or restored, each with a reason.
 */
export default function AreasScreen() {
  const { t } = useTranslation();
  const language = useLanguage();
  const id = useId();
  const areas = useLoadable(fetchAreasWithArchived);
  const [showArchived, setShowArchived] = useState(false);
  const [archiving, setArchiving] = useState<SurveyArea | null>(null);
  const [name, setName] = useState('');
  const [city, setCity] = useState('');
  const [officeId, setOfficeId] = useState('');
  const [source, setSource] = useState<'draw' | 'file' | 'vertices'>('draw');
  const [fileName, setFileName] = useState<string | null>(null);
  const [vertices, setVertices] = useState('');
  const [geometry, setGeometry] = useState<Polygon | MultiPolygon | null>(null);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<string | null>(null);
  const form = useFormSubmit();

  const readShape = (read: () => Polygon | MultiPolygon) => {
    try {
      setGeometry(read());
      setProblems((current) => ({ ...current, shape: '' }));
    } catch (error) {
      setGeometry(null);
      const problem = error instanceof AreaFileError ? error.problem : 'not_geojson_or_kml';
      setProblems((current) => ({ ...current, shape: t(`areas.problem.${problem}`) }));
    }
  };

  const chooseFile = (files: File[]) => {
    const file = files[0];
    if (!file) return;
    setFileName(file.name);
    void file.text().then((text) => readShape(() => areaGeometryFromFile(text)));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (name.trim() === '') found.name = t('forms.required');
    if (city.trim() === '') found.city = t('forms.required');
    if (!geometry) found.shape = problems.shape || t('areas.shapeRequired');
    setProblems(found);
    form.clearRefusal();
    if (Object.keys(found).length > 0 || !geometry) return;
    const outcome = await form.send(() =>
      createArea({
        name: name.trim(),
        city: city.trim(),
        geometry,
        ...(officeId ? { officeId: Number(officeId) } : {}),
      }),
    );
    if (!outcome.sent) return;
    setCreated(outcome.value.name);
    setName('');
    setCity('');
    setVertices('');
    setFileName(null);
    setGeometry(null);
    areas.reload();
  };

  return (
    <div className="page areas-screen">
      <h1>{t('areas.title')}</h1>
      <p className="page__intro">{t('areas.intro')}</p>
      <section aria-labelledby={`${id}-new`}>
        <h2 id={`${id}-new`}>{t('areas.new')}</h2>
        <form noValidate onSubmit={(event) => void submit(event)} data-testid="area-form">
          <div className="form-grid">
            <label htmlFor={`${id}-name`}>
              {t('areas.name')}
              <input
                id={`${id}-name`}
                name="name"
                value={name}
                maxLength={200}
                onChange={(event) => setName(event.target.value)}
                aria-invalid={Boolean(problems.name)}
              />
              {problems.name && <span className="field-problem">{problems.name}</span>}
            </label>
            <label htmlFor={`${id}-city`}>
              {t('areas.city')}
              <input
                id={`${id}-city`}
                name="city"
                value={city}
                maxLength={100}
                onChange={(event) => setCity(event.target.value)}
                aria-invalid={Boolean(problems.city)}
              />
              {problems.city && <span className="field-problem">{problems.city}</span>}
            </label>
            <OfficeSelect value={officeId} onChange={setOfficeId} />
          </div>
          <fieldset className="plain-fieldset">
            <legend>{t('areas.shape')}</legend>
            <label className="checkbox-label">
              <input
                type="radio"
                name="shape-source"
                checked={source === 'draw'}
                onChange={() => {
                  setSource('draw');
                  setGeometry(null);
                }}
              />
              {t('areas.fromDrawing')}
            </label>
            <label className="checkbox-label">
              <input
                type="radio"
                name="shape-source"
                checked={source === 'file'}
                onChange={() => {
                  setSource('file');
                  setGeometry(null);
                }}
              />
              {t('areas.fromFile')}
            </label>
            <label className="checkbox-label">
              <input
                type="radio"
                name="shape-source"
                checked={source === 'vertices'}
                onChange={() => {
                  setSource('vertices');
                  setGeometry(null);
                }}
              />
              {t('areas.fromVertices')}
            </label>
          </fieldset>
          {source === 'draw' ? (
            <AreaDrawMap key={created ?? 'new'} onChange={(polygon) => setGeometry(polygon)} />
          ) : source === 'file' ? (
            <>
              <FileDropZone
                prompt={t('areas.dropPrompt')}
                buttonLabel={t('areas.chooseFile')}
                accept=".geojson,.json,.kml,application/geo+json,application/vnd.google-earth.kml+xml"
                onFiles={chooseFile}
                testId="area-file-input"
              />
              {fileName && <p>{fileName}</p>}
            </>
          ) : (
            <label htmlFor={`${id}-vertices`} className="areas-screen__vertices">
              {t('areas.vertices')}
              <textarea
                id={`${id}-vertices`}
                name="vertices"
                rows={6}
                placeholder={'110.30, 20.00\n110.40, 20.00\n110.40, 20.08'}
                value={vertices}
                onChange={(event) => {
                  setVertices(event.target.value);
                  if (event.target.value.trim())
                    readShape(() => areaGeometryFromVertices(event.target.value));
                }}
              />
            </label>
          )}
          {problems.shape && (
            <p className="field-problem" data-testid="area-shape-problem">
              {problems.shape}
            </p>
          )}
          {geometry && (
            <div className="areas-screen__preview">
              <OutlinePreview geometry={geometry} />
              <p>
                {t('areas.previewSize', {
                  km2: formatAreaKm2(polygonAreaKm2(geometry), language),
                  count: geometry.type === 'MultiPolygon' ? geometry.coordinates.length : 1,
                })}
              </p>
            </div>
          )}
          {form.refusal !== null && <ApiProblem error={form.refusal} />}
          {created && (
            <p className="form-done" role="status">
              {t('areas.created', { name: created })}
            </p>
          )}
          <SubmitButton pending={form.pending}>{t('areas.create')}</SubmitButton>
        </form>
      </section>
      <section aria-labelledby={`${id}-list`}>
        <h2 id={`${id}-list`}>{t('areas.list')}</h2>
        <label className="checkbox-label">
          <input
            type="checkbox"
            name="showArchived"
            checked={showArchived}
            onChange={(event) => setShowArchived(event.target.checked)}
          />
          {t('areas.showArchived')}
        </label>
        {areas.state.status === 'failed' && (
          <p className="page-problem">{t('common.failed', { message: areas.state.error.message })}</p>
        )}
        {areas.state.status === 'loaded' && (
          <div className="table-scroll">
            <table className="data-table" data-testid="areas-table">
              <thead>
                <tr>
                  <th scope="col">{t('areas.name')}</th>
                  <th scope="col">{t('areas.city')}</th>
                  <th scope="col">{t('areas.size')}</th>
                  <th scope="col">{t('areas.state')}</th>
                  <th scope="col">{t('users.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {areas.state.value
                  .filter((area) => showArchived || !area.archivedAt)
                  .map((area) => (
                    <tr key={area.id} data-area={area.name} data-archived={Boolean(area.archivedAt)}>
                      <th scope="row">{area.name}</th>
                      <td>{area.city}</td>
                      <td>{formatAreaKm2(area.areaKm2, language)}</td>
                      <td>
                        {area.archivedAt
                          ? t('areas.archivedAt', { at: formatDateTime(area.archivedAt) })
                          : t('areas.inUse')}
                      </td>
                      <td>
                        <button
                          type="button"
                          className="button button--small"
                          onClick={() => setArchiving(area)}
                        >
                          {area.archivedAt ? t('areas.restore') : t('areas.archive')}
                        </button>
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        )}
        <ReasonDialog
          open={archiving !== null}
          title={t(archiving?.archivedAt ? 'areas.restoreTitle' : 'areas.archiveTitle', {
            name: archiving?.name ?? '',
          })}
          confirmLabel={archiving?.archivedAt ? t('areas.restore') : t('areas.archive')}
          onClose={() => setArchiving(null)}
          onConfirm={async (reason) => {
            if (!archiving) return;
            await setAreaArchived(archiving.id, !archiving.archivedAt, reason);
            areas.reload();
          }}
        />
      </section>
    </div>
  );
}
