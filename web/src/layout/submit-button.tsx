import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A form's submit button: disabled and saying "working" (处理中…) while the form's send runs,
 * so the user sees the request is under way and cannot send it twice.
 */
export function SubmitButton({
  pending,
  pendingLabel,
  disabled = false,
  className = 'button button--primary',
  children,
}: {
  pending: boolean;
  /** What the send is doing, when "working" says too little (e.g. "uploading the photo"). */
  pendingLabel?: string;
  disabled?: boolean;
  className?: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <button
      type="submit"
      className={className}
      disabled={pending || disabled}
      aria-busy={pending || undefined}
    >
      {pending ? (pendingLabel ?? t('common.working')) : children}
    </button>
  );
}
