import { useTranslation } from 'react-i18next';
import type { ShownLabReport } from '../api/lab-imports-api';
import type { Round } from '../api/rounds-api';
import { formatNumber } from '../i18n/format-units';
import { textIfKnown } from '../i18n/text-if-known';
import { useLanguage } from '../i18n/use-language';
import { labErrorText } from './lab-error-text';
import { groupReportErrors, missingRounds, roundDatesFromRows, rowRanges } from './report-groups';
import { RoundForm } from './round-form';

/** How a report reads: passed, has problems, imported, partly imported, refused, already there. */
export type ReportTone = 'ok' | 'problems' | 'refused' | 'duplicate';

/** The wording of a report that matches what happened or what an import would do. */
export function reportVerdict(report: ShownLabReport): { key: string; tone: ReportTone } {
  const errors = report.errors?.length ?? 0;
  switch (report.status) {
    case 'checked':
      return errors > 0
        ? { key: 'labReport.checkedProblems', tone: 'problems' }
        : { key: 'labReport.checkedOk', tone: 'ok' };
    case 'imported':
      return errors > 0
        ? { key: 'labReport.importedPart', tone: 'problems' }
        : { key: 'labReport.importedAll', tone: 'ok' };
    case 'duplicate':
      return { key: 'labReport.duplicate', tone: 'duplicate' };
    default:
      return { key: 'labReport.rejected', tone: 'refused' };
  }
}

/**
 * The head of a report: the verdict in words, the row counts, and the problems grouped (41 rows
 * naming one missing round are one line, with the offer to create that round).
 */
export function LabReportSummary({
  report,
  fileRows = [],
  onRoundCreated,
}: {
  report: ShownLabReport;
  /** The file as previewed, to propose a missing round's dates. */
  fileRows?: readonly string[][];
  /** Offered only where creating a round can help (a file being checked). */
  onRoundCreated?: (round: Round) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = useLanguage();
  const errors = report.errors ?? [];
  const groups = groupReportErrors(errors);
  const verdict = reportVerdict(report);
  const valid = report.rowsValid ?? Math.max(0, (report.rowsTotal ?? 0) - (report.rowsRejected ?? 0));
  const count = (value: number | undefined) => formatNumber(value ?? 0, language, 0);
  // Past the listed maximum the counts of problems are lower bounds.
  const atLeast = report.errorsTruncated ? '≥ ' : '';
  return (
    <div className="lab-report-summary">
      <p
        className={`lab-verdict lab-verdict--${verdict.tone}`}
        role="status"
        data-testid="lab-verdict"
        data-tone={verdict.tone}
      >
        {t(verdict.key as 'labReport.checkedOk', {
          total: count(report.rowsTotal),
          valid: count(valid),
          imported: count(report.rowsImported),
          problems: atLeast + count(errors.length),
        })}
      </p>
      <ul className="lab-counts">
        <li>{t('labReport.rowsTotal', { count: report.rowsTotal ?? 0, shown: count(report.rowsTotal) })}</li>
        <li>{t('labReport.rowsValid', { count: valid, shown: count(valid) })}</li>
        {(report.rowsRejected ?? 0) > 0 && (
          <li>
            {t('labReport.rowsRejected', { count: report.rowsRejected, shown: count(report.rowsRejected) })}
          </li>
        )}
        {(report.rowsUnchanged ?? 0) > 0 && (
          <li>
            {t('labReport.rowsUnchanged', {
              count: report.rowsUnchanged,
              shown: count(report.rowsUnchanged),
            })}
          </li>
        )}
        {report.status !== 'checked' && (
          <li>
            {t('labReport.rowsWritten', {
              count: report.rowsImported ?? 0,
              shown: count(report.rowsImported),
            })}
          </li>
        )}
      </ul>
      {groups.length > 0 && (
        <ul className="lab-groups" data-testid="lab-groups">
          {groups.map((group) => {
            const missing =
              group.code === 'unknown_round' && group.found ? missingRounds([group])[0] : undefined;
            return (
              <li key={`${group.code}-${group.column}-${group.found}`} data-code={group.code}>
                <strong>
                  {group.rows.length === 0
                    ? t('lab.report.wholeFile')
                    : t('labReport.groupRows', {
                        count: group.rows.length,
                        shown: atLeast + count(group.rows.length),
                      })}
                </strong>
                {' · '}
                {group.found === null && group.rows.length > 1
                  ? textIfKnown(i18n, `labCode.${group.code}`, labErrorText(i18n, group.first))
                  : labErrorText(i18n, group.first)}
                {group.column && (
                  <span className="lab-groups__column">
                    {' '}
                    · {t('lab.report.column')} {group.column}
                  </span>
                )}
                {group.rows.length > 0 && (
                  <span className="lab-groups__rows">
                    {' '}
                    · {t('labReport.rowsList', { rows: rowRanges(group.rows) })}
                  </span>
                )}
                {missing && onRoundCreated && (
                  <div className="lab-groups__offer" data-testid="create-round-offer">
                    <p>
                      {t('labReport.createRoundOffer', {
                        count: missing.rows.length,
                        shown: atLeast + count(missing.rows.length),
                        name: missing.name,
                      })}
                    </p>
                    <RoundForm
                      compact
                      initial={{ name: missing.name, ...(roundDatesFromRows(fileRows, missing.rows) ?? {}) }}
                      onCreated={onRoundCreated}
                    />
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {report.errorsTruncated && <p className="form-problem">{t('lab.errorsTruncated')}</p>}
    </div>
  );
}
