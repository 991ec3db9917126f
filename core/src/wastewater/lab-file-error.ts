import { AppError } from '../errors/app-error';
import { labErrorMessage, type LabErrorCode, type LabLocale } from './lab-error-messages';

const STATUS: Partial<Record<LabErrorCode, number>> = {
  not_a_table: 415,
  legacy_xls: 415,
  file_too_large: 413,
};

/**
 * A whole upload refused before its rows are checked: empty, not a table, unreadable encoding,
 * malformed CSV, too large. `code` is the lab error code; `details` says where, when known.
 */
export class LabFileError extends AppError {
  constructor(
    readonly labCode: LabErrorCode,
    details?: { row?: number; found?: string },
    locale: LabLocale = 'zh-CN',
  ) {
    super(STATUS[labCode] ?? 400, labCode, labErrorMessage(labCode, locale, details?.found), details);
  }
}
