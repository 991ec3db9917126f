import { AppError } from '@skywater/core/errors/app-error';
import { labErrorMessage } from '@skywater/core/wastewater/lab-error-messages';
import { LabFileError } from '@skywater/core/wastewater/lab-file-error';

/**
 * A whole-file refusal (empty, not a table, bad encoding, missing columns, too large) as the
 * API answers it: English `message`, Chinese in `details.messageZh`, the lab code as `code`
 * and the status core chose (400, 413 or 415).
 */
export function bilingualFileError(error: unknown): unknown {
  if (!(error instanceof LabFileError)) return error;
  const details = (error.details ?? {}) as { row?: number; found?: string };
  return new AppError(error.status, error.labCode, labErrorMessage(error.labCode, 'en', details.found), {
    ...details,
    messageZh: labErrorMessage(error.labCode, 'zh-CN', details.found),
  });
}
