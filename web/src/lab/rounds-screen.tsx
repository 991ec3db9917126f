import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchAreas } from '../api/areas-api';
import { type Campaign, fetchCampaigns } from '../api/campaigns-api';
import { closeRound, fetchRounds, type Round } from '../api/rounds-api';
import { loadedOr, useLoadable } from '../app/use-loadable';
import { useSessionUser } from '../auth/session-context';
import { formatDate, formatDateTime } from '../i18n/format-units';
import { ReasonDialog } from '../layout/reason-dialog';
import { CampaignForm } from './campaign-form';
import { RoundForm } from './round-form';

/**
 * Sampling campaigns and their rounds: the campaigns of an area (or all), a form for a new
 * campaign (analysts and admins, as the API allows), the rounds of the chosen campaign with a
 * form for the next one, and closing a round with a reason (it then takes no more results).
 */
export default function RoundsScreen() {
  const { t } = useTranslation();
  const user = useSessionUser();
  const mayCreateCampaign = user.roles.some((role) => role === 'analyst' || role === 'admin');
  const rounds = useLoadable(fetchRounds);
  const campaigns = useLoadable(fetchCampaigns);
  const areas = useLoadable(fetchAreas);
  const [areaId, setAreaId] = useState('');
  const [campaignId, setCampaignId] = useState('');
  const [created, setCreated] = useState<Round | null>(null);
  const [closing, setClosing] = useState<Round | null>(null);
  const areaList = loadedOr(areas.state, []);
  const campaignList = loadedOr(campaigns.state, []);
  const areaName = (campaign: Campaign) =>
    campaign.areaId === null ? t('campaigns.noArea') : (campaign.areaName ?? `#${campaign.areaId}`);
  const shownCampaigns = campaignList.filter(
    (campaign) => !areaId || String(campaign.areaId ?? 'none') === areaId,
  );
  const roundList = loadedOr(rounds.state, []);
  const roundsOf = (campaign: Campaign) =>
    roundList.filter((round) => String(round.campaignId) === String(campaign.id));
  const shownRounds = [...roundList]
    .filter((round) => !campaignId || String(round.campaignId) === campaignId)
    .filter(
      (round) =>
        !areaId || shownCampaigns.some((campaign) => String(campaign.id) === String(round.campaignId)),
    )
    .reverse();
  const campaignName = (round: Round) =>
    campaignList.find((campaign) => String(campaign.id) === String(round.campaignId))?.name ?? '—';

  return (
    <div className="page rounds-screen">
      <h1>{t('rounds.title')}</h1>
      <p className="page__intro">{t('rounds.intro')}</p>
      <section aria-labelledby="campaign-list">
        <h2 id="campaign-list">{t('campaigns.list')}</h2>
        <form className="filters" noValidate onSubmit={(event) => event.preventDefault()}>
          <label>
            {t('campaigns.area')}
            <select name="areaFilter" value={areaId} onChange={(event) => setAreaId(event.target.value)}>
              <option value="">{t('common.all')}</option>
              <option value="none">{t('campaigns.noArea')}</option>
              {areaList.map((area) => (
                <option key={area.id} value={String(area.id)}>
                  {area.name}
                </option>
              ))}
            </select>
          </label>
        </form>
        {campaigns.state.status === 'failed' && (
          <p className="page-problem">{t('common.failed', { message: campaigns.state.error.message })}</p>
        )}
        <div className="table-scroll">
          <table className="data-table data-table--compact" data-testid="campaigns-table">
            <thead>
              <tr>
                <th scope="col">{t('campaigns.name')}</th>
                <th scope="col">{t('campaigns.area')}</th>
                <th scope="col">{t('campaigns.cadence')}</th>
                <th scope="col">{t('campaigns.rounds')}</th>
                <th scope="col">{t('users.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {shownCampaigns.map((campaign) => (
                <tr
                  key={campaign.id}
                  data-campaign={campaign.name}
                  className={String(campaign.id) === campaignId ? 'row--selected' : undefined}
                >
                  <th scope="row">{campaign.name}</th>
                  <td>{areaName(campaign)}</td>
                  <td>{campaign.cadence ? t(`campaigns.cadenceName.${campaign.cadence}`) : '—'}</td>
                  <td>{roundsOf(campaign).length}</td>
                  <td>
                    <button
                      type="button"
                      className="button button--small"
                      aria-pressed={String(campaign.id) === campaignId}
                      onClick={() =>
                        setCampaignId(String(campaign.id) === campaignId ? '' : String(campaign.id))
                      }
                    >
                      {t('campaigns.showRounds')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {campaigns.state.status === 'loaded' && shownCampaigns.length === 0 && (
          <p className="hint">{t('campaigns.empty')}</p>
        )}
        {mayCreateCampaign && (
          <details className="rounds-screen__new-campaign">
            <summary>{t('campaigns.new')}</summary>
            <CampaignForm
              areas={areaList}
              onCreated={(campaign) => {
                campaigns.reload();
                setCampaignId(String(campaign.id));
              }}
            />
          </details>
        )}
      </section>
      <section aria-labelledby="round-new">
        <h2 id="round-new">{t('rounds.new')}</h2>
        <RoundForm
          campaigns={campaignList}
          onCreated={(round) => {
            setCreated(round);
            rounds.reload();
          }}
        />
        {created && (
          <p className="form-done" role="status">
            {t('rounds.created', { name: created.name })}
          </p>
        )}
      </section>
      <section aria-labelledby="round-list">
        <h2 id="round-list">
          {campaignId
            ? t('rounds.listOf', {
                campaign: campaignList.find((c) => String(c.id) === campaignId)?.name ?? '',
              })
            : t('rounds.list')}
        </h2>
        {rounds.state.status === 'failed' && (
          <p className="page-problem">{t('common.failed', { message: rounds.state.error.message })}</p>
        )}
        {rounds.state.status === 'loaded' && (
          <div className="table-scroll">
            <table className="data-table" data-testid="rounds-table">
              <thead>
                <tr>
                  <th scope="col">{t('rounds.name')}</th>
                  <th scope="col">{t('campaigns.campaign')}</th>
                  <th scope="col">{t('rounds.startsOn')}</th>
                  <th scope="col">{t('rounds.endsOn')}</th>
                  <th scope="col">{t('rounds.state')}</th>
                  <th scope="col">{t('users.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {shownRounds.map((round) => (
                  <tr
                    key={round.id}
                    data-round={round.name}
                    className={round.id === created?.id ? 'row--selected' : undefined}
                  >
                    <th scope="row">{round.name}</th>
                    <td>{campaignName(round)}</td>
                    <td>{formatDate(round.startsOn)}</td>
                    <td>{formatDate(round.endsOn)}</td>
                    <td>
                      {round.closedAt
                        ? t('rounds.closedAt', { at: formatDateTime(round.closedAt) })
                        : t('rounds.open')}
                    </td>
                    <td>
                      {!round.closedAt && (
                        <button
                          type="button"
                          className="button button--small"
                          onClick={() => setClosing(round)}
                        >
                          {t('rounds.close')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {rounds.state.status === 'loaded' && shownRounds.length === 0 && (
          <p className="hint">{t('rounds.empty')}</p>
        )}
      </section>
      <ReasonDialog
        open={closing !== null}
        title={t('rounds.closeTitle', { name: closing?.name ?? '' })}
        confirmLabel={t('rounds.close')}
        onClose={() => setClosing(null)}
        onConfirm={async (reason) => {
          if (!closing) return;
          await closeRound(closing.id, reason);
          rounds.reload();
        }}
      />
    </div>
  );
}
