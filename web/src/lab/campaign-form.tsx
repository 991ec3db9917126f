import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SurveyArea } from '../api/areas-api';
import { CADENCES, type Cadence, type Campaign, createCampaign } from '../api/campaigns-api';
import { ApiProblem } from '../layout/api-problem';
import { OfficeSelect } from '../layout/office-select';

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
  const [refusal, setRefusal] = useState<unknown>(null);
  const [created, setCreated] = useState<Campaign | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setRefusal(null);
    setCreated(null);
    if (name.trim() === '') {
      setProblem(t('forms.required'));
      return;
    }
    setProblem(null);
    setBusy(true);
    try {
      const campaign = await createCampaign({
        name: name.trim(),
        cadence,
        ...(areaId ? { areaId: Number(areaId) } : {}),
        ...(officeId ? { officeId: Number(officeId) } : {}),
      });
      setCreated(campaign);
      setName('');
      onCreated(campaign);
    } catch (error) {
      setRefusal(error);
    } finally {
      setBusy(false);
    }
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
      {refusal !== null && <ApiProblem error={refusal} />}
      {created && (
        <p className="form-done" role="status">
          {t('campaigns.created', { name: created.name })}
        </p>
      )}
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? t('common.working') : t('campaigns.create')}
      </button>
    </form>
  );
}
