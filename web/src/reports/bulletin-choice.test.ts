import { describe, expect, it } from 'vitest';
import { areaForRound, defaultBulletinChoice } from './bulletin-choice';

const haikou = 1;
const qionghai = 3;
const rounds = [
  { id: 10, officeId: haikou },
  { id: 11, officeId: haikou },
  { id: 20, officeId: qionghai },
];
const areas = [
  { id: 100, officeId: 2 },
  { id: 101, officeId: haikou },
];

describe('defaultBulletinChoice', () => {
  it('opens on the latest round of an office with an area, with that office’s area', () => {
    // Qionghai's round is the latest but Qionghai has no survey area: Haikou's latest it is.
    expect(defaultBulletinChoice(rounds, areas)).toEqual({ round: rounds[1], area: areas[1] });
  });

  it('falls back to the latest round and the first area when no office has both', () => {
    expect(defaultBulletinChoice([{ id: 20, officeId: qionghai }], areas)).toEqual({
      round: { id: 20, officeId: qionghai },
      area: areas[0],
    });
    expect(defaultBulletinChoice([], [])).toEqual({ round: null, area: null });
  });
});

describe('areaForRound', () => {
  it('keeps the area of the round’s office, else moves to that office’s first area', () => {
    expect(areaForRound(rounds[0]!, areas, 101)).toBe(areas[1]);
    expect(areaForRound(rounds[0]!, areas, 100)).toBe(areas[1]);
  });

  it('keeps the current area when the round’s office has none', () => {
    expect(areaForRound(rounds[2]!, areas, 100)).toBe(areas[0]);
  });
});
