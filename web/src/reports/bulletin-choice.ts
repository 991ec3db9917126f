/** What the round bulletin's pickers need of a round and of an area: whose they are. */
interface OfficeOwned {
  id: number;
  officeId: number;
}

/**
 * The round and area the reports screen opens on: the latest round (rounds oldest first) of an
 * office that has a survey area, with that office's first area. The latest round of all with
 * the first area of the list paired one office's round with another's area, an empty bulletin
 * ("0 sites sampled") as the first thing an analyst saw.
 */
export function defaultBulletinChoice<R extends OfficeOwned, A extends OfficeOwned>(
  rounds: readonly R[],
  areas: readonly A[],
): { round: R | null; area: A | null } {
  for (let index = rounds.length - 1; index >= 0; index--) {
    const round = rounds[index]!;
    const area = areas.find((candidate) => candidate.officeId === round.officeId);
    if (area) return { round, area };
  }
  return { round: rounds.at(-1) ?? null, area: areas[0] ?? null };
}

/**
 * The area to show once another round is picked: the current one when it is the round's
 * office's, else that office's first area, else (an office without areas) the current one.
 */
export function areaForRound<A extends OfficeOwned>(
  round: OfficeOwned,
  areas: readonly A[],
  currentAreaId: number | null,
): A | null {
  const current = areas.find((area) => area.id === currentAreaId) ?? null;
  if (current?.officeId === round.officeId) return current;
  return areas.find((area) => area.officeId === round.officeId) ?? current;
}
