import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from './api-problem';
import { SubmitButton } from './submit-button';
import { useFormSubmit } from './use-form-submit';

export interface ReasonDialogProps {
  title: string;
  confirmLabel: string;
  /** Shown while open; null closes it. */
  open: boolean;
  onConfirm: (reason: string) => Promise<void>;
  onClose: () => void;
}

/**
 * A modal asking for a reason before an action (alerts, findings): the native <dialog> keeps
 * focus inside and closes on Escape; the reason is required and sent as typed.
 */
export function ReasonDialog({ title, confirmLabel, open, onConfirm, onClose }: ReasonDialogProps) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const reasonId = useId();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const form = useFormSubmit();
  const { clearRefusal } = form;

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      setReason('');
      setProblem(null);
      clearRefusal();
      element.showModal();
    }
    if (!open && element.open) element.close();
  }, [open, clearRefusal]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim() === '') {
      setProblem(t('common.reasonRequired'));
      return;
    }
    setProblem(null);
    // One confirmation at a time: a second click while the first is answered is dropped (it
    // would step the same alert or finding twice, the second refused).
    const outcome = await form.send(() => onConfirm(reason.trim()));
    if (outcome.sent) onClose();
  };

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby={titleId} onClose={onClose}>
      <form noValidate onSubmit={(event) => void submit(event)}>
        <h2 id={titleId}>{title}</h2>
        <label htmlFor={reasonId}>{t('common.reason')}</label>
        <textarea
          id={reasonId}
          rows={3}
          required
          maxLength={2000}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
        {problem && (
          <p className="form-problem" role="alert">
            {problem}
          </p>
        )}
        {form.refusal !== null && <ApiProblem error={form.refusal} />}
        <div className="dialog__actions">
          <button type="button" className="button button--quiet" onClick={onClose} disabled={form.pending}>
            {t('common.cancel')}
          </button>
          <SubmitButton pending={form.pending}>{confirmLabel}</SubmitButton>
        </div>
      </form>
    </dialog>
  );
}
