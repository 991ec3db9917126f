import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SurveyArea } from '../api/areas-api';
import { CADENCES, type Cadence, type Campaign, createCampaign } from '../api/campaigns-api';
import { ApiProblem } from '../layout/api-problem';
import { OfficeSelect } from '../layout/office-select';
import { SubmitButton } from '../layout/submit-button';
import { useFormSubmit } from '../layout/use-form-submit';

/**
 * A new sampling campaign: its name, the area it belongs to (or none) and how often its rounds
 * come (a plant campaign quarterly, a venue campaign monthly…). Checked here, then by the server.
 */
export function CampaignForm({
  areas,
  onCreated,
}: {
  areas: readonly SurveyArea[];
  onCreated: (campaign: Campaign) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [name, setName] = useState('');
  const [areaId, setAreaId] = useState('');
  const [officeId, setOfficeId] = useState('');
  const [cadence, setCadence] = useState<Cadence>('quarterly');
  const [problem, setProblem] = useState<string | null>(null);
  const [created, setCreated] = useState<Campaign | null>(null);
  const form = useFormSubmit();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    form.clearRefusal();
    setCreated(null);
    if (name.trim() === '') {
      setProblem(t('forms.required'));
      return;
    }
    setProblem(null);
    const outcome = await form.send(() =>
      createCampaign({
        name: name.trim(),
        cadence,
        ...(areaId ? { areaId: Number(areaId) } : {}),
        ...(officeId ? { officeId: Number(officeId) } : {}),
      }),
    );
    if (!outcome.sent) return;
    setCreated(outcome.value);
    setName('');
    onCreated(outcome.value);
  };

  return (
    <form noValidate onSubmit={(event) => void submit(event)} data-testid="campaign-form">
      <div className="form-grid">
        <label htmlFor={`${id}-name`}>
          {t('campaigns.name')}
          <input
            id={`${id}-name`}
            name="campaignName"
            value={name}
            maxLength={200}
            aria-invalid={Boolean(problem)}
            onChange={(event) => setName(event.target.value)}
          />
          {problem && <span className="field-problem">{problem}</span>}
        </label>
        <OfficeSelect
          value={officeId}
          onChange={(chosen) => {
            setOfficeId(chosen);
            setAreaId('');
          }}
        />
        <label htmlFor={`${id}-area`}>
          {t('campaigns.area')}
          <select
            id={`${id}-area`}
            name="areaId"
            value={areaId}
            onChange={(event) => setAreaId(event.target.value)}
          >
            <option value="">{t('campaigns.noArea')}</option>
            {areas
              .filter((area) => !officeId || String(area.officeId) === officeId)
              .map((area) => (
                <option key={area.id} value={String(area.id)}>
                  {area.name}
                </option>
              ))}
          </select>
        </label>
        <label htmlFor={`${id}-cadence`}>
          {t('campaigns.cadence')}
          <select
            id={`${id}-cadence`}
            name="cadence"
            value={cadence}
            onChange={(event) => setCadence(event.target.value as Cadence)}
          >
            {CADENCES.map((option) => (
              <option key={option} value={option}>
                {t(`campaigns.cadenceName.${option}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {form.refusal !== null && <ApiProblem error={form.refusal} />}
      {created && (
        <p className="form-done" role="status">
          {t('campaigns.created', { name: created.name })}
        </p>
      )}
      <SubmitButton pending={form.pending}>{t('campaigns.create')}</SubmitButton>
    </form>
  );
}
