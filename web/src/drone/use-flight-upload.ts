import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type FlightFields,
  type FlightSummary,
  uploadFlightImages,
  uploadFlightLog,
} from '../api/flights-api';
import type { UploadProgress } from '../api/upload-with-progress';
import { runLimited } from './flight-progress';

export type FileState =
  | { status: 'waiting' }
  | { status: 'uploading'; progress: UploadProgress }
  | { status: 'accepted'; imageId: string; qcFlags?: string[] }
  | { status: 'rejected'; message: string }
  | { status: 'failed'; message: string };

export interface PhotoRow {
  file: File;
  state: FileState;
}

/** Where an upload stands: the form, sending the files, or every upload answered. */
export type UploadPhase = 'form' | 'uploading' | 'uploaded';

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A flight's upload: the log first (it makes the flight), then its photos two at a time, each
 * row with its own progress and the server's answer. Photos' QC flags are filled in later by
 * `addQcFlags` once the workers have read them.
 */
export function useFlightUpload() {
  const { t } = useTranslation();
  const [photos, setPhotos] = useState<PhotoRow[]>([]);
  const [logProgress, setLogProgress] = useState<UploadProgress | null>(null);
  const [flight, setFlight] = useState<FlightSummary | null>(null);
  const [phase, setPhase] = useState<UploadPhase>('form');
  const [problem, setProblem] = useState<string | null>(null);

  const updatePhoto = (index: number, state: FileState) =>
    setPhotos((current) => current.map((row, at) => (at === index ? { ...row, state } : row)));

  const choosePhotos = (files: File[]) =>
    setPhotos(files.map((file) => ({ file, state: { status: 'waiting' } })));

  /** Uploads the log with `fields`, then every chosen photo; a refused log returns to the form. */
  const upload = async (logFile: File, fields: FlightFields) => {
    setProblem(null);
    setPhase('uploading');
    try {
      const created = await uploadFlightLog(logFile, fields, { onProgress: setLogProgress });
      setFlight(created);
      await runLimited(photos, 2, async (row, index) => {
        updatePhoto(index, { status: 'uploading', progress: { loadedBytes: 0, totalBytes: row.file.size } });
        try {
          const reply = await uploadFlightImages(created.id, [row.file], {
            onProgress: (progress) => updatePhoto(index, { status: 'uploading', progress }),
          });
          const accepted = reply.accepted[0];
          if (accepted) updatePhoto(index, { status: 'accepted', imageId: String(accepted.id) });
          else
            updatePhoto(index, {
              status: 'rejected',
              message: reply.rejected[0]?.message ?? t('flights.rejected'),
            });
        } catch (error) {
          updatePhoto(index, { status: 'failed', message: errorText(error) });
        }
      });
      setPhase('uploaded');
    } catch (error) {
      setProblem(errorText(error));
      setPhase('form');
    }
  };

  /** Sets the QC flags of the accepted photos that have none yet, by image id. */
  const addQcFlags = useCallback((flagsById: ReadonlyMap<string, string[]>) => {
    setPhotos((current) =>
      current.map((row) => {
        if (row.state.status !== 'accepted' || row.state.qcFlags) return row;
        const flags = flagsById.get(row.state.imageId);
        return flags ? { ...row, state: { ...row.state, qcFlags: flags } } : row;
      }),
    );
  }, []);

  const acceptedCount = photos.filter((row) => row.state.status === 'accepted').length;
  return {
    photos,
    choosePhotos,
    logProgress,
    flight,
    phase,
    problem,
    setProblem,
    upload,
    addQcFlags,
    acceptedCount,
  };
}
