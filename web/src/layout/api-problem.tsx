import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import { textIfKnown } from '../i18n/text-if-known';

/** The reason a refusal gives in `details.reason` (e.g. `last_admin`), when it gives one. */
function reasonOf(error: ApiError): string | null {
  const details = error.details as { reason?: unknown } | undefined;
  return details && typeof details.reason === 'string' ? details.reason : null;
}

/** The field problems of a 400 (`details: [{ path, message }]`), as "field: message". */
function fieldProblems(error: ApiError): string[] {
  if (!Array.isArray(error.details)) return [];
  return error.details
    .filter(
      (detail): detail is { path?: unknown; message?: unknown } =>
        typeof detail === 'object' && detail !== null,
    )
    .map((detail) =>
      [detail.path, detail.message]
        .filter((part) => typeof part === 'string' || Array.isArray(part))
        .join(': '),
    )
    .filter(Boolean);
}

/**
 * A refused request said in the interface language: the refusal's reason or code translated
 * (`apiError.*`), the server's own words after it, so nothing it said is hidden.
 */
export function ApiProblem({ error }: { error: unknown }) {
  const { t, i18n } = useTranslation();
  if (!(error instanceof ApiError)) {
    return (
      <p className="form-problem" role="alert">
        {t('apiError.unknown')} {error instanceof Error ? error.message : String(error)}
      </p>
    );
  }
  const reason = reasonOf(error);
  const headline =
    (reason && textIfKnown(i18n, `apiError.reason.${reason}`, '')) ||
    textIfKnown(i18n, `apiError.code.${error.code}`, '') ||
    t('apiError.unknown');
  const fields = fieldProblems(error);
  return (
    <div className="form-problem" role="alert" data-testid="api-problem" data-code={reason ?? error.code}>
      <p>{headline}</p>
      <p className="form-problem__detail" lang="en">
        {error.message}
        {fields.length > 0 && ` (${fields.join('; ')})`}
      </p>
    </div>
  );
}
