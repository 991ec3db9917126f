import { type FormEvent, useEffect, useEffectEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { firstInvalidField } from '../layout/form-validity';
import { fetchArea, fetchAreas, type SurveyArea } from '../api/areas-api';
import {
  cameraKey,
  fetchCameras,
  fetchFlight,
  fetchFlightImages,
  type FlightSummary,
  type ImageUploadReply,
  uploadFlightImages,
  uploadFlightLog,
} from '../api/flights-api';
import { type UploadProgress, uploadFraction } from '../api/upload-with-progress';
import { loadedOr, useLoadable } from '../app/use-loadable';
import {
  formatBytes,
  formatDateTime,
  formatDistanceM,
  formatDurationS,
  formatNumber,
  formatPercent,
} from '../i18n/format-units';
import { useLanguage } from '../i18n/use-language';
import { FileDropZone } from '../layout/file-drop-zone';
import { ProgressBar } from '../layout/progress-bar';
import { CoverageBar } from '../survey/coverage-bar';
import { type ImageProgress, isFlightProcessed, processedFraction, runLimited } from './flight-progress';
import { QcFlags } from './qc-flags';

type FileState =
  | { status: 'waiting' }
  | { status: 'uploading'; progress: UploadProgress }
  | { status: 'accepted'; imageId: string; qcFlags?: string[] }
  | { status: 'rejected'; message: string }
  | { status: 'failed'; message: string };

interface PhotoRow {
  file: File;
  state: FileState;
}

const pollEveryMs = 2000;
/** After the photos are processed, the coverage figure is followed for at most 5 minutes. */
const coverageFollowPolls = 150;
/** Until the camera list route answers, the demo flights' camera. */
const fallbackCamera = 'phantom-4-rtk';

function rejectionText(rejected: ImageUploadReply['rejected'][number], language: string): string {
  return language === 'zh-CN' && rejected.messageZh ? rejected.messageZh : rejected.message;
}

/**
 * Drone upload: the flight log and its photos, each photo with its own progress bar and, once
 * the workers have read it, its QC flags; the survey area's coverage refreshes while they work.
 */
export default function FlightUploadScreen() {
  const { t } = useTranslation();
  const language = useLanguage();
  const areas = useLoadable(fetchAreas);
  const cameras = useLoadable(fetchCameras);
  const [areaId, setAreaId] = useState('');
  const [camera, setCamera] = useState(fallbackCamera);
  const [team, setTeam] = useState('');
  const [pilot, setPilot] = useState('');
  const [logFile, setLogFile] = useState<File | null>(null);
  const [photos, setPhotos] = useState<PhotoRow[]>([]);
  const [logProgress, setLogProgress] = useState<UploadProgress | null>(null);
  const [flight, setFlight] = useState<FlightSummary | null>(null);
  const [processing, setProcessing] = useState<ImageProgress | null>(null);
  const [area, setArea] = useState<SurveyArea | null>(null);
  const [startCoveredKm2, setStartCoveredKm2] = useState<number | null>(null);
  const [phase, setPhase] = useState<'form' | 'uploading' | 'processing' | 'finished'>('form');
  const [problem, setProblem] = useState<string | null>(null);
  const uploadsInFlight = useRef(0);
  const acceptedCount = useRef(0);

  useEffect(() => {
    const list = loadedOr(areas.state, []);
    if (!areaId && list.length > 0) setAreaId(String(list[0].id));
  }, [areas.state, areaId]);
  useEffect(() => {
    const list = loadedOr(cameras.state, []);
    if (list.length > 0 && !list.some((candidate) => cameraKey(candidate) === camera))
      setCamera(cameraKey(list[0]));
  }, [cameras.state, camera]);

  const updatePhoto = (index: number, state: FileState) =>
    setPhotos((current) => current.map((row, at) => (at === index ? { ...row, state } : row)));

  // While the workers process the photos: the flight's counts and the area's coverage, every 2 s.
  useEffect(() => {
    if (!flight || (phase !== 'uploading' && phase !== 'processing')) return;
    let stopped = false;
    const poll = async () => {
      try {
        const [current, currentArea] = await Promise.all([fetchFlight(flight.id), fetchArea(areaId)]);
        if (stopped) return;
        setProcessing(current.images);
        setArea(currentArea);
        if (
          phase === 'processing' &&
          isFlightProcessed(current.images, acceptedCount.current, uploadsInFlight.current)
        )
          setPhase('finished');
      } catch {
        // A missed poll is retried at the next tick.
      }
    };
    void poll();
    const timer = window.setInterval(() => void poll(), pollEveryMs);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [flight, phase, areaId]);

  // Once finished: every accepted photo's QC flags, and the coverage figure until the workers
  // have taken in every processed photo (coverage runs after a photo is processed).
  // The area and photos as they are when the phase turns to finished (an effect event reads
  // them without making them reasons to start again).
  const followFinishedFlight = useEffectEvent(() => {
    let stopped = false;
    let timer: number | undefined;
    const followCoverage = async (pollsLeft: number) => {
      const current = await fetchArea(areaId).catch(() => null);
      if (stopped) return;
      if (current) setArea(current);
      if (pollsLeft > 0 && (!current || (current.pendingImages ?? 0) > 0))
        timer = window.setTimeout(() => void followCoverage(pollsLeft - 1), pollEveryMs);
    };
    void followCoverage(coverageFollowPolls);
    // Every photo's flags in one request (the flight's photo list), not one request per photo.
    if (flight && photos.some((row) => row.state.status === 'accepted' && !row.state.qcFlags))
      fetchFlightImages(flight.id).then(
        (images) => {
          if (stopped) return;
          const flagsById = new Map(images.map((image) => [String(image.id), image.qcFlags ?? []]));
          photos.forEach((row, index) => {
            if (row.state.status !== 'accepted' || row.state.qcFlags) return;
            const flags = flagsById.get(row.state.imageId);
            if (flags) updatePhoto(index, { status: 'accepted', imageId: row.state.imageId, qcFlags: flags });
          });
        },
        () => undefined,
      );
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  });
  useEffect(() => {
    if (phase !== 'finished') return;
    return followFinishedFlight();
  }, [phase]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const invalid = firstInvalidField(event.currentTarget as HTMLFormElement, t);
    if (invalid) {
      setProblem(invalid);
      return;
    }
    if (!logFile || !areaId) return;
    setProblem(null);
    setPhase('uploading');
    const before = loadedOr(areas.state, []).find((candidate) => String(candidate.id) === areaId);
    setStartCoveredKm2(before?.coveredKm2 ?? null);
    try {
      const created = await uploadFlightLog(
        logFile,
        { areaId, cameraModel: camera, team, pilot },
        { onProgress: setLogProgress },
      );
      setFlight(created);
      acceptedCount.current = 0;
      await runLimited(photos, 2, async (row, index) => {
        uploadsInFlight.current++;
        updatePhoto(index, { status: 'uploading', progress: { loadedBytes: 0, totalBytes: row.file.size } });
        try {
          const reply = await uploadFlightImages(created.id, [row.file], {
            onProgress: (progress) => updatePhoto(index, { status: 'uploading', progress }),
          });
          const accepted = reply.accepted[0];
          if (accepted) {
            acceptedCount.current++;
            updatePhoto(index, { status: 'accepted', imageId: String(accepted.id) });
          } else {
            updatePhoto(index, {
              status: 'rejected',
              message: reply.rejected[0] ? rejectionText(reply.rejected[0], language) : t('flights.rejected'),
            });
          }
        } catch (error) {
          updatePhoto(index, {
            status: 'failed',
            message: error instanceof Error ? error.message : String(error),
          });
        } finally {
          uploadsInFlight.current--;
        }
      });
      setPhase('processing');
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
      setPhase('form');
    }
  };

  const busy = phase === 'uploading';
  const cameraList = loadedOr(cameras.state, []);
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
              {loadedOr(areas.state, []).map((candidate) => (
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
                  <option key={cameraKey(candidate)} value={cameraKey(candidate)}>
                    {candidate.name ?? cameraKey(candidate)}
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
            {logProgress && (
              <ProgressBar label={t('flights.logProgress')} fraction={uploadFraction(logProgress)} />
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
              onFiles={(files) => setPhotos(files.map((file) => ({ file, state: { status: 'waiting' } })))}
              testId="flight-photos-input"
            />
            <p>{t('flights.photosChosen', { count: photos.length })}</p>
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
        {problem && (
          <p className="form-problem" role="alert">
            {t('flights.failed', { message: problem })}
          </p>
        )}
      </form>

      {flight && (
        <section className="flight-result" aria-labelledby="flight-result-title">
          <h2 id="flight-result-title">{t('flights.flightTitle', { id: flight.id })}</h2>
          <dl className="facts">
            <dt>{t('flights.points')}</dt>
            <dd>{formatNumber(flight.pointCount, language, 0)}</dd>
            <dt>{t('flights.distance')}</dt>
            <dd>{formatDistanceM(flight.distanceM, language)}</dd>
            <dt>{t('flights.duration')}</dt>
            <dd>{formatDurationS(flight.durationS, language)}</dd>
            <dt>{t('flights.startedAt')}</dt>
            <dd>{formatDateTime(flight.startedAt, language)}</dd>
          </dl>
          {processing && (
            <ProgressBar
              label={t('flights.processing')}
              fraction={processedFraction(processing)}
              detail={t('flights.processingDetail', {
                done: processing.done,
                failed: processing.failed,
                total: processing.total,
              })}
            />
          )}
          <p role="status">
            {phase === 'finished'
              ? t('flights.finished')
              : phase === 'processing'
                ? t('flights.workersBusy')
                : ''}
          </p>
          {area && (
            <div
              className="flight-result__coverage"
              data-testid="flight-coverage"
              data-covered-km2={area.coveredKm2}
            >
              <h3>{t('flights.coverageOf', { name: area.name })}</h3>
              <CoverageBar
                label={t('coverage.progressLabel', { name: area.name })}
                coveredKm2={area.coveredKm2}
                areaKm2={area.areaKm2}
                coveragePct={area.coveragePct}
              />
              <p>
                {formatPercent(area.coveragePct, language)}
                {startCoveredKm2 !== null &&
                  area.coveredKm2 > startCoveredKm2 &&
                  ` · ${t('flights.coverageGrew', { km2: formatNumber(area.coveredKm2 - startCoveredKm2, language) })}`}
              </p>
            </div>
          )}
        </section>
      )}

      {photos.length > 0 && (
        <table className="data-table photo-table" data-testid="photo-table">
          <thead>
            <tr>
              <th scope="col">{t('flights.photo')}</th>
              <th scope="col">{t('flights.size')}</th>
              <th scope="col">{t('flights.upload')}</th>
              <th scope="col">{t('flights.qc')}</th>
            </tr>
          </thead>
          <tbody>
            {photos.map((row, index) => (
              <tr
                key={`${row.file.name}-${index}`}
                data-status={row.state.status}
                className={
                  row.state.status === 'rejected' || row.state.status === 'failed' ? 'row--error' : undefined
                }
              >
                <th scope="row">{row.file.name}</th>
                <td>{formatBytes(row.file.size, language)}</td>
                <td>
                  {row.state.status === 'uploading' ? (
                    <ProgressBar
                      label={t('flights.photoProgress', { name: row.file.name })}
                      fraction={uploadFraction(row.state.progress)}
                    />
                  ) : row.state.status === 'rejected' || row.state.status === 'failed' ? (
                    <span className="form-problem">{row.state.message}</span>
                  ) : (
                    t(`flights.photoStatus.${row.state.status}`)
                  )}
                </td>
                <td>
                  {row.state.status === 'accepted' && row.state.qcFlags ? (
                    <QcFlags flags={row.state.qcFlags} />
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
