import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Campaign } from '../api/campaigns-api';
import { createRound, type Round } from '../api/rounds-api';
import { ApiProblem } from '../layout/api-problem';
import { DateInput } from '../layout/date-input';
import { OfficeSelect } from '../layout/office-select';
import { SubmitButton } from '../layout/submit-button';
import { useFormSubmit } from '../layout/use-form-submit';

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Creates a sampling round: name and dates, checked here in the interface language (no
 * browser bubbles), then by the server. `initial` fills it in (a round a file names).
 */
export function RoundForm({
  initial,
  onCreated,
  compact = false,
  campaigns,
}: {
  initial?: Partial<Omit<Round, 'id'>>;
  onCreated: (round: Round) => void;
  compact?: boolean;
  /** Campaigns to choose from; without them the round joins the default campaign. */
  campaigns?: readonly Campaign[];
}) {
  const { t } = useTranslation();
  const id = useId();
  const [name, setName] = useState(initial?.name ?? '');
  const [startsOn, setStartsOn] = useState(initial?.startsOn ?? '');
  const [endsOn, setEndsOn] = useState(initial?.endsOn ?? '');
  const [campaignId, setCampaignId] = useState('');
  const [officeId, setOfficeId] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const form = useFormSubmit();

  useEffect(() => {
    if (initial?.name !== undefined) setName(initial.name);
    if (initial?.startsOn !== undefined) setStartsOn(initial.startsOn);
    if (initial?.endsOn !== undefined) setEndsOn(initial.endsOn);
  }, [initial?.name, initial?.startsOn, initial?.endsOn]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (name.trim() === '') found.name = t('forms.required');
    if (!isoDate.test(startsOn)) found.startsOn = t('forms.dateRequired');
    if (!isoDate.test(endsOn)) found.endsOn = t('forms.dateRequired');
    else if (isoDate.test(startsOn) && endsOn < startsOn) found.endsOn = t('rounds.endsBeforeStarts');
    setProblems(found);
    form.clearRefusal();
    if (Object.keys(found).length > 0) return;
    const outcome = await form.send(() =>
      createRound({
        name: name.trim(),
        startsOn,
        endsOn,
        ...(campaignId ? { campaignId: Number(campaignId) } : {}),
        ...(officeId ? { officeId: Number(officeId) } : {}),
      }),
    );
    if (!outcome.sent) return;
    onCreated(outcome.value);
    if (!initial) {
      setName('');
      setStartsOn('');
      setEndsOn('');
    }
  };

  const field = (key: 'name' | 'startsOn' | 'endsOn', input: React.ReactNode) => (
    <label htmlFor={`${id}-${key}`}>
      {t(`rounds.${key}`)}
      {input}
      {problems[key] && (
        <span className="field-problem" id={`${id}-${key}-problem`}>
          {problems[key]}
        </span>
      )}
    </label>
  );

  return (
    <form
      className={compact ? 'round-form round-form--compact' : 'round-form'}
      noValidate
      onSubmit={(event) => void submit(event)}
      data-testid="round-form"
    >
      <div className="form-grid">
        {field(
          'name',
          <input
            id={`${id}-name`}
            name="name"
            value={name}
            maxLength={100}
            aria-invalid={Boolean(problems.name)}
            onChange={(event) => setName(event.target.value)}
          />,
        )}
        {field(
          'startsOn',
          <DateInput
            id={`${id}-startsOn`}
            name="startsOn"
            value={startsOn}
            aria-invalid={Boolean(problems.startsOn)}
            onChange={setStartsOn}
          />,
        )}
        {field(
          'endsOn',
          <DateInput
            id={`${id}-endsOn`}
            name="endsOn"
            value={endsOn}
            aria-invalid={Boolean(problems.endsOn)}
            onChange={setEndsOn}
          />,
        )}
        {campaigns && (
          <OfficeSelect
            value={officeId}
            onChange={(chosen) => {
              setOfficeId(chosen);
              setCampaignId('');
            }}
          />
        )}
        {campaigns && campaigns.length > 0 && (
          <label htmlFor={`${id}-campaign`}>
            {t('campaigns.campaign')}
            <select
              id={`${id}-campaign`}
              name="campaignId"
              value={campaignId}
              onChange={(event) => setCampaignId(event.target.value)}
            >
              <option value="">{t('campaigns.defaultCampaign')}</option>
              {campaigns
                .filter((campaign) => !officeId || String(campaign.officeId) === officeId)
                .map((campaign) => (
                  <option key={campaign.id} value={String(campaign.id)}>
                    {campaign.name}
                  </option>
                ))}
            </select>
          </label>
        )}
      </div>
      {form.refusal !== null && <ApiProblem error={form.refusal} />}
      <SubmitButton pending={form.pending}>{t('rounds.create')}</SubmitButton>
    </form>
  );
}
