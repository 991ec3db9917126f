import type { Position } from 'geojson';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SurveyAreaWithGeometry } from '../api/areas-api';
import type { FlightListEntry } from '../api/flights-api';
import { FINDING_CROPS, FINDING_SOURCES, type FindingSource } from '@skywater/core/survey/finding-view';
import type { Role } from '@skywater/core/auth/roles';
import { createFinding, type Finding, type FindingCrop } from '../api/findings-api';
import { ApiProblem } from '../layout/api-problem';
import { firstInvalidField } from '../layout/form-validity';
import { SubmitButton } from '../layout/submit-button';
import { useFormSubmit } from '../layout/use-form-submit';
import { EvidenceGallery } from './evidence-gallery';
import { FieldPhotoError, keepFieldPhoto } from './field-photo';
import { defaultFindingSource } from './finding-source';

const crops: readonly FindingCrop[] = FINDING_CROPS;

/** A point chosen on the map, with the photos whose footprint holds it. */
export interface FindingPosition {
  lonLat: Position;
  nearImageIds: number[];
}

const emptyDraft = {
  lon: '',
  lat: '',
  crop: 'opium_poppy' as FindingCrop,
  confidence: '0.6',
  note: '',
  areaId: '',
};

/**
 * Records a suspected plot: its position (a click on the map, or the phone's own), crop,
 * confidence, source (an analyst's eye or a detection model), evidence photos picked from a
 * flight or the map, or one taken on the spot. Cleared once saved.
 */
export function FindingForm({
  roles,
  areas,
  flights,
  clicked,
  here,
  areaIdAt,
  onSaved,
}: {
  /** The user's roles: they decide the source a new finding starts with. */
  roles: readonly Role[];
  areas: readonly SurveyAreaWithGeometry[];
  flights: readonly FlightListEntry[];
  clicked: FindingPosition | null;
  here: Position | null;
  areaIdAt: (point: Position) => string;
  onSaved: (created: Finding) => void;
}) {
  const { t } = useTranslation();
  const startingDraft = { ...emptyDraft, source: defaultFindingSource(roles) };
  const [draft, setDraft] = useState(startingDraft);
  const [evidence, setEvidence] = useState<number[]>([]);
  const [photo, setPhoto] = useState<File | null>(null);
  const [uploadingPhoto, setUploadingPhoto] = useState(false);
  const [invalid, setInvalid] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const form = useFormSubmit();
  const [formKey, setFormKey] = useState(0);

  useEffect(() => {
    if (!clicked) return;
    setDraft((current) => ({
      ...current,
      lon: clicked.lonLat[0].toFixed(6),
      lat: clicked.lonLat[1].toFixed(6),
    }));
  }, [clicked]);

  const fillMyPosition = () => {
    if (!here) return;
    setDraft((current) => ({ ...current, lon: here[0].toFixed(6), lat: here[1].toFixed(6) }));
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(null);
    form.clearRefusal();
    const fieldProblem = firstInvalidField(event.currentTarget, t);
    setInvalid(fieldProblem);
    if (fieldProblem) return;
    const point: Position = [Number(draft.lon), Number(draft.lat)];
    const areaId = draft.areaId || areaIdAt(point);
    const outcome = await form.send(async () => {
      const imageIds = [...evidence];
      if (photo) {
        setUploadingPhoto(true);
        try {
          imageIds.push((await keepFieldPhoto(photo, areaId)).imageId);
        } finally {
          setUploadingPhoto(false);
        }
      }
      return createFinding({
        geometry: { type: 'Point', coordinates: point },
        crop: draft.crop,
        confidence: Number(draft.confidence),
        source: draft.source,
        ...(draft.areaId ? { areaId: Number(draft.areaId) } : {}),
        ...(draft.note.trim() ? { note: draft.note.trim() } : {}),
        ...(imageIds.length ? { evidence: imageIds.map((imageId) => ({ imageId })) } : {}),
      });
    });
    if (!outcome.sent) return;
    // A clean form for the next plot: nothing of this one carried over by mistake.
    setDraft(startingDraft);
    setEvidence([]);
    setPhoto(null);
    setFormKey((key) => key + 1);
    setSaved(t('fieldWork.saved', { id: outcome.value.id }));
    onSaved(outcome.value);
  };

  const refusal = form.refusal;
  return (
    <form
      key={formKey}
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
            name="lon"
            inputMode="decimal"
            value={draft.lon}
            onChange={(event) => setDraft({ ...draft, lon: event.target.value })}
          />
        </label>
        <label>
          {t('findings.lat')}
          <input
            required
            name="lat"
            inputMode="decimal"
            value={draft.lat}
            onChange={(event) => setDraft({ ...draft, lat: event.target.value })}
          />
        </label>
        {here && (
          <button type="button" className="button button--quiet finding-form__here" onClick={fillMyPosition}>
            {t('fieldWork.useMyPosition')}
          </button>
        )}
        <label>
          {t('findings.crop')}
          <select
            name="crop"
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
            name="confidence"
            min={0}
            max={1}
            step={0.05}
            value={draft.confidence}
            onChange={(event) => setDraft({ ...draft, confidence: event.target.value })}
          />
        </label>
        <label>
          {t('fieldWork.source')}
          <select
            name="source"
            value={draft.source}
            onChange={(event) => setDraft({ ...draft, source: event.target.value as FindingSource })}
          >
            {FINDING_SOURCES.map((source) => (
              <option key={source} value={source}>
                {t(`fieldWork.sources.${source}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('findings.area')}
          <select
            name="areaId"
            value={draft.areaId}
            onChange={(event) => setDraft({ ...draft, areaId: event.target.value })}
          >
            <option value="">{t('findings.areaAuto')}</option>
            {areas.map((area) => (
              <option key={area.id} value={String(area.id)}>
                {area.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label>
        {t('findings.note')}
        <textarea
          rows={2}
          name="note"
          value={draft.note}
          onChange={(event) => setDraft({ ...draft, note: event.target.value })}
        />
      </label>
      <EvidenceGallery
        flights={flights}
        nearImageIds={clicked?.nearImageIds ?? []}
        selected={evidence}
        onToggle={(imageId) =>
          setEvidence((current) =>
            current.includes(imageId) ? current.filter((id) => id !== imageId) : [...current, imageId],
          )
        }
      />
      <label className="photo-capture">
        {t('fieldWork.takePhoto')}
        {/* On a phone, `capture` opens the rear camera rather than the photo library. */}
        <input
          type="file"
          name="fieldPhoto"
          accept="image/*"
          capture="environment"
          onChange={(event) => setPhoto(event.target.files?.[0] ?? null)}
        />
      </label>
      {photo && <p className="page-note">{t('fieldWork.photoTaken', { name: photo.name })}</p>}
      <SubmitButton
        pending={form.pending}
        pendingLabel={uploadingPhoto ? t('fieldWork.photoUploading') : undefined}
      >
        {t('findings.record')}
      </SubmitButton>
      {saved && (
        <p className="form-saved" role="status">
          {saved}
        </p>
      )}
      {invalid && (
        <p className="form-problem" role="alert">
          {invalid}
        </p>
      )}
      {refusal instanceof FieldPhotoError ? (
        <p className="form-problem" role="alert">
          {refusal.reason === 'noFlight'
            ? t('fieldWork.noPhotoFlight')
            : t('fieldWork.photoRefused', { message: refusal.message })}
        </p>
      ) : (
        refusal !== null && <ApiProblem error={refusal} />
      )}
    </form>
  );
}
