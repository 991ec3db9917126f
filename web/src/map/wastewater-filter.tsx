import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { type Analyte, analyteLabel } from '../api/analytes-api';
import type { Round } from '../api/rounds-api';
import type { CampaignRounds } from './campaign-rounds';
import { formatDate } from '../i18n/format-units';
import { useLanguage } from '../i18n/use-language';

export interface WastewaterFilterProps {
  /** The campaigns with rounds; the slider steps through the chosen one's. */
  campaigns: readonly CampaignRounds[];
  campaignId: number | null;
  onCampaign: (id: number) => void;
  rounds: readonly Round[];
  analytes: readonly Analyte[];
  roundIndex: number;
  analyte: string;
  onRoundIndex: (index: number) => void;
  onAnalyte: (code: string) => void;
}

/**
 * The campaign, the round (time) slider and the analyte picker that filter every wastewater
 * layer. The slider is a native range input over the chosen campaign's rounds: arrow keys step
 * through them, its value text names the round.
 */
export function WastewaterFilter({
  campaigns,
  campaignId,
  onCampaign,
  rounds,
  analytes,
  roundIndex,
  analyte,
  onRoundIndex,
  onAnalyte,
}: WastewaterFilterProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const sliderId = useId();
  const analyteId = useId();
  const campaignSelectId = useId();
  const round = rounds[roundIndex];
  const analyteCodes = analytes.length > 0 ? analytes.map((entry) => entry.code) : ['METH'];
  return (
    <fieldset className="wastewater-filter">
      <legend>{t('map.filter.title')}</legend>
      <label htmlFor={analyteId}>{t('map.filter.analyte')}</label>
      <select
        id={analyteId}
        value={analyte}
        onChange={(event) => onAnalyte(event.target.value)}
        data-testid="analyte-picker"
      >
        {analyteCodes.map((code) => (
          <option key={code} value={code}>
            {analyteLabel(code, analytes, language)}
          </option>
        ))}
      </select>
      {campaigns.length > 1 && (
        <>
          <label htmlFor={campaignSelectId}>{t('map.filter.campaign')}</label>
          <select
            id={campaignSelectId}
            value={campaignId ?? ''}
            onChange={(event) => onCampaign(Number(event.target.value))}
            data-testid="campaign-picker"
          >
            {campaigns.map((campaign) => (
              <option key={campaign.id} value={campaign.id}>
                {campaign.name} ({t('map.filter.roundCount', { count: campaign.rounds.length })})
              </option>
            ))}
          </select>
        </>
      )}
      <label htmlFor={sliderId}>{t('map.filter.round')}</label>
      {rounds.length > 0 ? (
        <>
          <input
            id={sliderId}
            type="range"
            min={0}
            max={rounds.length - 1}
            step={1}
            value={roundIndex}
            onChange={(event) => onRoundIndex(Number(event.target.value))}
            aria-valuetext={round?.name}
            data-testid="round-slider"
          />
          {round && (
            <p className="wastewater-filter__round">
              <strong>{round.name}</strong>
              <br />
              {formatDate(round.startsOn)} – {formatDate(round.endsOn)}
            </p>
          )}
        </>
      ) : (
        <p className="page-note">{t('map.filter.noRounds')}</p>
      )}
    </fieldset>
  );
}
