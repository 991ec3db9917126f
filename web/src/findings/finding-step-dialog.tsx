import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../layout/api-problem';
import { DateTimeInput } from '../layout/date-time-input';
import { firstInvalidField } from '../layout/form-validity';
import { useFormSubmit } from '../layout/use-form-submit';
import type { FindingStepBody } from '../api/findings-api';

export type StepId = 'verifyConfirmed' | 'verifyNotFound' | 'eradicate' | 'reject';

/** The time field takes local time without offset (`2026-03-10T14:30`); the API wants ISO 8601 with one. */
function localInputValue(date: Date): string {
  const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return shifted.toISOString().slice(0, 16);
}

/** The step's body from the form: the time as ISO 8601 with the browser's offset. */
export function stepBody(
  step: StepId,
  form: { team: string; at: string; note: string; areaM2: string; plants: string },
  photos: readonly { imageId: number; name: string }[] = [],
): FindingStepBody {
  const at = new Date(form.at).toISOString();
  const note = form.note.trim() || undefined;
  if (step === 'reject') return { action: 'reject', reason: form.note.trim(), at };
  if (step === 'eradicate')
    return {
      action: 'eradicate',
      team: form.team.trim(),
      at,
      areaM2: Number(form.areaM2),
      plants: Number(form.plants),
      note,
      photos: [...photos],
    };
  return {
    action: 'verify',
    team: form.team.trim(),
    at,
    outcome: step === 'verifyConfirmed' ? 'confirmed' : 'not_found',
    plants: form.plants ? Number(form.plants) : undefined,
    note,
    photos: [...photos],
  };
}

/**
 * One step of a finding's chain in a modal: the ground team and time for a verification or an
 * eradication (with the area and plants destroyed), a reason for a rejection.
 */
export function FindingStepDialog({
  step,
  onConfirm,
  onClose,
  onPhoto,
}: {
  step: StepId | null;
  onConfirm: (body: FindingStepBody) => Promise<void>;
  onClose: () => void;
  /** Keeps a photo taken on the spot (verification, eradication) and gives its image id. */
  onPhoto?: (file: File) => Promise<{ imageId: number; name: string }>;
}) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [form, setForm] = useState({
    team: '',
    at: localInputValue(new Date()),
    note: '',
    areaM2: '',
    plants: '',
  });
  // One request at a time (the step or a photo), its refusal said in the interface language.
  const send = useFormSubmit();
  const { clearRefusal } = send;
  const busy = send.pending;
  const [problem, setProblem] = useState<string | null>(null);
  const [photos, setPhotos] = useState<{ imageId: number; name: string }[]>([]);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (step && !element.open) {
      setForm((current) => ({ ...current, at: localInputValue(new Date()), note: '' }));
      setProblem(null);
      clearRefusal();
      setPhotos([]);
      element.showModal();
    }
    if (!step && element.open) element.close();
  }, [step, clearRefusal]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!step) return;
    const invalid = firstInvalidField(event.currentTarget as HTMLFormElement, t);
    if (invalid) {
      setProblem(invalid);
      return;
    }
    // A day that matches the pattern but is not in the calendar (2026-02-30) leaves no time.
    if (!form.at) {
      setProblem(t('forms.fieldProblem', { label: t('findings.at'), problem: t('forms.badInput') }));
      return;
    }
    setProblem(null);
    const outcome = await send.send(() => onConfirm(stepBody(step, form, photos)));
    if (outcome.sent) onClose();
  };

  const takePhoto = async (file: File | undefined) => {
    if (!file || !onPhoto) return;
    setProblem(null);
    const outcome = await send.send(() => onPhoto(file));
    if (outcome.sent) setPhotos((current) => [...current, outcome.value]);
  };

  const field = (name: keyof typeof form) => ({
    value: form[name],
    onChange: (event: { target: { value: string } }) =>
      setForm((current) => ({ ...current, [name]: event.target.value })),
  });
  return (
    <dialog ref={dialog} className="dialog" aria-labelledby={titleId} onClose={onClose}>
      {step && (
        <form noValidate onSubmit={(event) => void submit(event)} className="form-grid--single">
          <h2 id={titleId}>{t(`findings.step.${step}`)}</h2>
          {step !== 'reject' && (
            <label>
              {t('findings.team')}
              <input required maxLength={200} {...field('team')} />
            </label>
          )}
          <label>
            {t('findings.at')}
            <DateTimeInput
              name="at"
              required
              value={form.at}
              onChange={(at) => setForm((current) => ({ ...current, at }))}
            />
          </label>
          {step === 'eradicate' && (
            <label>
              {t('findings.areaM2')}
              <input type="number" min={0} step="any" required {...field('areaM2')} />
            </label>
          )}
          {(step === 'eradicate' || step === 'verifyConfirmed') && (
            <label>
              {t('findings.plants')}
              <input type="number" min={0} step={1} required={step === 'eradicate'} {...field('plants')} />
            </label>
          )}
          <label>
            {step === 'reject' ? t('common.reason') : t('findings.note')}
            <textarea rows={3} maxLength={2000} required={step === 'reject'} {...field('note')} />
          </label>
          {step !== 'reject' && onPhoto && (
            <label className="photo-capture">
              {t('fieldWork.takePhoto')}
              {/* On a phone, `capture` opens the rear camera rather than the photo library. */}
              <input
                type="file"
                accept="image/*"
                capture="environment"
                name="stepPhoto"
                onChange={(event) => {
                  void takePhoto(event.target.files?.[0]);
                  event.target.value = '';
                }}
              />
            </label>
          )}
          {photos.length > 0 && (
            <ul className="step-photos">
              {photos.map((photo) => (
                <li key={photo.imageId}>
                  {t('fieldWork.photoTaken', { name: `${photo.name} #${photo.imageId}` })}
                </li>
              ))}
            </ul>
          )}
          {problem && (
            <p className="form-problem" role="alert">
              {problem}
            </p>
          )}
          {send.refusal !== null && <ApiProblem error={send.refusal} />}
          <div className="dialog__actions">
            <button type="button" className="button button--quiet" onClick={onClose} disabled={busy}>
              {t('common.cancel')}
            </button>
            <button type="submit" className="button button--primary" disabled={busy}>
              {busy ? t('common.working') : t(`findings.step.${step}`)}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
