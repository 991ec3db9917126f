import { describe, expect, it } from 'vitest';
import { hoverRelations, type HoverCandidate } from './hovering-duplicate';
import { offsetToLonLat } from './local-tangent-plane';

const origin = { lon: 110.42, lat: 19.82 };
function shot(
  id: number,
  seconds: number,
  eastM = 0,
  overrides: Partial<HoverCandidate> = {},
): HoverCandidate {
  const [lon, lat] = offsetToLonLat(origin, eastM, 0);
  return {
    id,
    capturedAt: new Date(Date.UTC(2025, 2, 10, 1, 30, seconds)),
    lon,
    lat,
    heightM: 100,
    gimbalPitchDeg: -90,
    gimbalYawDeg: 0,
    ...overrides,
  };
}

describe('hoverRelations', () => {
  it('makes the later of two shots at the same spot within 10 s the duplicate, whichever is stored first', () => {
    const first = shot(1, 0);
    const second = shot(2, 4, 1.5);
    expect(hoverRelations(second, [first])).toEqual({ duplicateOfEarlier: true, laterDuplicateIds: [] });
    expect(hoverRelations(first, [second])).toEqual({ duplicateOfEarlier: false, laterDuplicateIds: [2] });
  });

  it('leaves alone the next shot of a mapping flight (20 m on) and a shot 11 s later', () => {
    expect(hoverRelations(shot(2, 2, 20), [shot(1, 0)]).duplicateOfEarlier).toBe(false);
    expect(hoverRelations(shot(2, 11), [shot(1, 0)]).duplicateOfEarlier).toBe(false);
  });

  it('keeps an oblique shot turned 90° (a panorama) but ignores yaw for nadir shots', () => {
    const oblique = { gimbalPitchDeg: -45 };
    expect(
      hoverRelations(shot(2, 3, 0, { ...oblique, gimbalYawDeg: 90 }), [shot(1, 0, 0, oblique)])
        .duplicateOfEarlier,
    ).toBe(false);
    expect(hoverRelations(shot(2, 3, 0, { gimbalYawDeg: 90 }), [shot(1, 0)]).duplicateOfEarlier).toBe(true);
  });

  it('keeps a shot taken 10 m higher (the pilot climbed)', () => {
    expect(hoverRelations(shot(2, 3, 0, { heightM: 110 }), [shot(1, 0)]).duplicateOfEarlier).toBe(false);
  });

  it('breaks a tie of capture times by id', () => {
    expect(hoverRelations(shot(5, 0), [shot(4, 0)]).duplicateOfEarlier).toBe(true);
    expect(hoverRelations(shot(4, 0), [shot(5, 0)]).laterDuplicateIds).toEqual([5]);
  });
});
