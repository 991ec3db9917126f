import { describe, expect, it } from 'vitest';
import type { Campaign } from '../api/campaigns-api';
import type { Round } from '../api/rounds-api';
import { campaignRounds, defaultCampaignId } from './campaign-rounds';

const round = (id: number, campaignId: number, endsOn: string): Round => ({
  id,
  name: `R${id}`,
  startsOn: endsOn,
  endsOn,
  campaignId,
  closedAt: null,
  officeId: 1,
});
const campaign = (id: number, name: string): Campaign => ({
  id,
  name,
  areaId: null,
  areaName: null,
  cadence: null,
  createdAt: '2025-01-01T00:00:00.000Z',
  officeId: 1,
});

describe('the map slider’s campaigns', () => {
  // Haikou (campaign 2) and Dongfang (3) bimonthly, Qionghai (4) quarterly: interleaved by date.
  const rounds = [
    round(1, 2, '2025-01-26'),
    round(2, 3, '2025-01-26'),
    round(3, 4, '2025-03-31'),
    round(4, 2, '2025-03-23'),
    round(5, 3, '2025-03-23'),
    round(6, 4, '2025-06-30'),
    round(7, 4, '2025-09-30'),
  ];
  const groups = campaignRounds(rounds, [campaign(2, '海口'), campaign(3, '东方')]);

  it('groups each campaign’s rounds in their order, naming an unreadable campaign by its id', () => {
    expect(groups.map((g) => [g.id, g.name, g.rounds.map((r) => r.id)])).toEqual([
      [2, '海口', [1, 4]],
      [3, '东方', [2, 5]],
      [4, '#4', [3, 6, 7]],
    ]);
  });

  it('opens on the campaign with the most rounds, then the latest, then the first made', () => {
    expect(defaultCampaignId(groups)).toBe(4);
    expect(defaultCampaignId(groups.slice(0, 2))).toBe(2);
    expect(defaultCampaignId([])).toBeNull();
  });
});
