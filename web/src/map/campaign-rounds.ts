import type { Campaign } from '../api/campaigns-api';
import type { Round } from '../api/rounds-api';

/** A sampling campaign with its rounds, oldest first: what the map's round slider steps through. */
export interface CampaignRounds {
  id: number;
  name: string;
  rounds: Round[];
}

/**
 * The campaigns that have rounds, each with its rounds oldest first (the order of `rounds`), in
 * the order of their first round; a campaign the user cannot read by name is named by its id.
 * One slider over every office's rounds would step from Haikou's second round to Qionghai's
 * quarter: rounds of different campaigns are not one series.
 */
export function campaignRounds(rounds: readonly Round[], campaigns: readonly Campaign[]): CampaignRounds[] {
  const names = new Map(campaigns.map((campaign) => [campaign.id, campaign.name]));
  const groups = new Map<number, CampaignRounds>();
  for (const round of rounds) {
    const group = groups.get(round.campaignId);
    if (group) group.rounds.push(round);
    else
      groups.set(round.campaignId, {
        id: round.campaignId,
        name: names.get(round.campaignId) ?? `#${round.campaignId}`,
        rounds: [round],
      });
  }
  return [...groups.values()];
}

/**
 * The campaign the map opens on: the one with the most rounds (the longest series to read),
 * then the latest last round, then the first made.
 */
export function defaultCampaignId(groups: readonly CampaignRounds[]): number | null {
  let best: CampaignRounds | null = null;
  for (const group of groups) {
    if (!best) best = group;
    else if (group.rounds.length !== best.rounds.length) {
      if (group.rounds.length > best.rounds.length) best = group;
    } else {
      const last = group.rounds.at(-1)!.endsOn;
      const bestLast = best.rounds.at(-1)!.endsOn;
      if (last > bestLast || (last === bestLast && group.id < best.id)) best = group;
    }
  }
  return best?.id ?? null;
}
