import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  fetchFlightImages,
  type FlightImageEntry,
  type FlightListEntry,
  imageThumbnailUrl,
} from '../api/flights-api';
import { useLoadable } from '../app/use-loadable';
import { formatDateTime } from '../i18n/format-units';

/** How often and how long a thumbnail still being made (409) is asked for again. */
const thumbRetryMs = 3000;
const thumbRetries = 20;

/**
 * A photo's thumbnail. A photo just uploaded has none until the workers make it (the route
 * answers 409): it is asked for again every few seconds; one that never comes says so in words.
 */
export function PhotoThumb({ id, name }: { id: number; name?: string }) {
  const { t } = useTranslation();
  const [attempt, setAttempt] = useState(0);
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    if (attempt === 0 || attempt > thumbRetries) return;
    const timer = setTimeout(() => setMissing(false), thumbRetryMs);
    return () => clearTimeout(timer);
  }, [attempt]);
  if (missing)
    return <span className="photo-thumb photo-thumb--missing">{t('fieldWork.photoMissing', { id })}</span>;
  return (
    <img
      className="photo-thumb"
      src={attempt === 0 ? imageThumbnailUrl(id) : `${imageThumbnailUrl(id)}?attempt=${attempt}`}
      alt={t('fieldWork.photoAlt', { id, name: name ?? '' })}
      loading="lazy"
      onError={() => {
        setMissing(true);
        setAttempt((count) => count + 1);
      }}
    />
  );
}

/**
 * Evidence picked by eye: the thumbnails of one flight's photos (or of those whose footprint
 * holds the point clicked on the map), each a toggle; the chosen ones are the finding's evidence.
 */
export function EvidenceGallery({
  flights,
  nearImageIds,
  selected,
  onToggle,
}: {
  flights: readonly FlightListEntry[];
  /** Photos whose footprint holds the point last clicked on the map (empty: none, or not zoomed in). */
  nearImageIds: readonly number[];
  selected: readonly number[];
  onToggle: (imageId: number) => void;
}) {
  const { t } = useTranslation();
  const [flightId, setFlightId] = useState('');
  const images = useLoadable(
    (signal) => (flightId ? fetchFlightImages(flightId, signal) : Promise.resolve([] as FlightImageEntry[])),
    flightId,
  );
  const flightImages =
    images.state.status === 'loaded' ? images.state.value.filter((image) => image.status === 'done') : [];

  const tile = (id: number, name?: string) => (
    <li key={id}>
      <button
        type="button"
        className="gallery__pick"
        aria-pressed={selected.includes(id)}
        onClick={() => onToggle(id)}
      >
        <PhotoThumb id={id} name={name} />
        <span className="gallery__id">#{id}</span>
      </button>
    </li>
  );

  return (
    <fieldset className="gallery">
      <legend>
        {t('fieldWork.gallery')} · {t('fieldWork.selected', { count: selected.length })}
      </legend>
      {nearImageIds.length > 0 && (
        <>
          <p className="gallery__caption">{t('fieldWork.galleryNear')}</p>
          <ul className="gallery__grid">{nearImageIds.map((id) => tile(id))}</ul>
        </>
      )}
      <label>
        {t('fieldWork.galleryFlight')}
        <select value={flightId} onChange={(event) => setFlightId(event.target.value)}>
          <option value="">{t('fieldWork.galleryChoose')}</option>
          {flights.map((flight) => (
            <option key={flight.id} value={String(flight.id)}>
              {`#${flight.id} · ${flight.startedAt ? formatDateTime(flight.startedAt) : '—'} · ${flight.team ?? ''} (${flight.images.done})`}
            </option>
          ))}
        </select>
      </label>
      {flightId && images.state.status === 'loading' && <p role="status">{t('fieldWork.galleryLoading')}</p>}
      {flightId && images.state.status === 'loaded' && flightImages.length === 0 && (
        <p className="page-note">{t('fieldWork.galleryEmpty')}</p>
      )}
      {flightImages.length > 0 && (
        <ul className="gallery__grid">{flightImages.map((image) => tile(Number(image.id), image.name))}</ul>
      )}
    </fieldset>
  );
}
