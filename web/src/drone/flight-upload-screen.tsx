import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchAreas } from '../api/areas-api';
import { type Camera, fetchCameras } from '../api/flights-api';
import { uploadFraction } from '../api/upload-with-progress';
import { loadedOr, useLoadable } from '../app/use-loadable';
import { formatBytes } from '../i18n/format-units';
import { useLanguage } from '../i18n/use-language';
import { FileDropZone } from '../layout/file-drop-zone';
import { firstInvalidField } from '../layout/form-validity';
import { ProgressBar } from '../layout/progress-bar';
import { isFlightProcessed } from './flight-progress';
import { FlightResult, type FlightStage } from './flight-result';
import { PhotoTable } from './photo-table';
import { useFinishedFlightFlags } from './use-finished-flight-flags';
import { useFlightProgress } from './use-flight-progress';
import { useFlightUpload } from './use-flight-upload';

/** Until the camera list route answers, the demo flights' camera. */
const fallbackCamera = 'phantom-4-rtk';

/** The chosen camera, or the list's first when the list does not hold it. */
function cameraIn(list: readonly Camera[], chosen: string): string {
  return list.length > 0 && !list.some((candidate) => candidate.model === chosen) ? list[0].model : chosen;
}

/**
 * Drone upload: the flight log and its photos, each photo with its own progress bar and, once
 * the workers have read it, its QC flags; the survey area's coverage follows the workers live.
 */
export default function FlightUploadScreen() {
  const { t } = useTranslation();
  const language = useLanguage();
  const areas = useLoadable(fetchAreas);
  const cameras = useLoadable(fetchCameras);
  const areaList = loadedOr(areas.state, []);
  const cameraList = loadedOr(cameras.state, []);
  const [chosenAreaId, setAreaId] = useState('');
  const [chosenCamera, setCamera] = useState(fallbackCamera);
  const [team, setTeam] = useState('');
  const [pilot, setPilot] = useState('');
  const [logFile, setLogFile] = useState<File | null>(null);
  const [startCoveredKm2, setStartCoveredKm2] = useState<number | null>(null);
  const areaId = chosenAreaId || (areaList.length > 0 ? String(areaList[0].id) : '');
  const camera = cameraIn(cameraList, chosenCamera);

  const upload = useFlightUpload();
  const flightId = upload.flight?.id ?? null;
  // Followed from the flight's creation until the workers are done and the coverage has taken
  // in every processed photo (coverage runs after a photo is processed); the last figures stay.
  const [following, setFollowing] = useState(true);
  const progress = useFlightProgress(flightId, following);
  const finished =
    upload.phase === 'uploaded' &&
    progress !== null &&
    isFlightProcessed(progress.images, upload.acceptedCount, 0);
  const settled = finished && progress.area !== null && progress.area.pendingImages === 0;
  if (following === settled) setFollowing(!settled);
  useFinishedFlightFlags(flightId, finished, upload.addQcFlags);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const invalid = firstInvalidField(event.currentTarget as HTMLFormElement, t);
    if (invalid) {
      upload.setProblem(invalid);
      return;
    }
    if (!logFile || !areaId) return;
    const before = areaList.find((candidate) => String(candidate.id) === areaId);
    setStartCoveredKm2(before?.coveredKm2 ?? null);
    await upload.upload(logFile, { areaId, cameraModel: camera, team, pilot });
  };

  const busy = upload.phase === 'uploading';
  const stage: FlightStage = finished ? 'finished' : upload.phase === 'uploaded' ? 'processing' : 'uploading';
  return (
    <div className="page flight-upload">
      <h1>{t('flights.title')}</h1>
      <p className="page__intro">{t('flights.intro')}</p>
      <form className="flight-form" noValidate onSubmit={(event) => void submit(event)}>
        <div className="form-grid">
          <label>
            {t('flights.area')}
            <select
              required
              value={areaId}
              onChange={(event) => setAreaId(event.target.value)}
              disabled={busy}
            >
              {areaList.map((candidate) => (
                <option key={candidate.id} value={String(candidate.id)}>
                  {candidate.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('flights.camera')}
            {cameraList.length > 0 ? (
              <select value={camera} onChange={(event) => setCamera(event.target.value)} disabled={busy}>
                {cameraList.map((candidate) => (
                  <option key={candidate.model} value={candidate.model}>
                    {candidate.name}
                  </option>
                ))}
              </select>
            ) : (
              <input
                value={camera}
                onChange={(event) => setCamera(event.target.value)}
                disabled={busy}
                required
              />
            )}
          </label>
          <label>
            {t('flights.team')}
            <input
              name="team"
              required
              maxLength={200}
              value={team}
              onChange={(event) => setTeam(event.target.value)}
              disabled={busy}
            />
          </label>
          <label>
            {t('flights.pilot')}
            <input
              name="pilot"
              required
              maxLength={200}
              value={pilot}
              onChange={(event) => setPilot(event.target.value)}
              disabled={busy}
            />
          </label>
        </div>
        <div className="flight-form__files">
          <div>
            <h2>{t('flights.log')}</h2>
            <FileDropZone
              prompt={t('flights.logPrompt')}
              buttonLabel={t('flights.chooseLog')}
              accept=".gpx,.kml,.kmz,.csv,.geojson,.json"
              disabled={busy}
              onFiles={(files) => setLogFile(files[0] ?? null)}
              testId="flight-log-input"
            />
            {logFile && (
              <p>
                {logFile.name} · {formatBytes(logFile.size, language)}
              </p>
            )}
            {upload.logProgress && (
              <ProgressBar label={t('flights.logProgress')} fraction={uploadFraction(upload.logProgress)} />
            )}
          </div>
          <div>
            <h2>{t('flights.photos')}</h2>
            <FileDropZone
              prompt={t('flights.photosPrompt')}
              buttonLabel={t('flights.choosePhotos')}
              accept=".jpg,.jpeg,image/jpeg"
              multiple
              disabled={busy}
              onFiles={upload.choosePhotos}
              testId="flight-photos-input"
            />
            <p>{t('flights.photosChosen', { count: upload.photos.length })}</p>
          </div>
        </div>
        <button
          type="submit"
          className="button button--primary"
          disabled={busy || !logFile || !areaId}
          data-testid="flight-submit"
        >
          {busy ? t('flights.uploading') : t('flights.upload')}
        </button>
        {upload.problem && (
          <p className="form-problem" role="alert">
            {t('flights.failed', { message: upload.problem })}
          </p>
        )}
      </form>

      {upload.flight && (
        <FlightResult
          flight={upload.flight}
          progress={progress}
          stage={stage}
          startCoveredKm2={startCoveredKm2}
        />
      )}
      {upload.photos.length > 0 && <PhotoTable photos={upload.photos} />}
    </div>
  );
}
