import { describe, expect, it } from 'vitest';
import { viridisAt, viridisExpression } from './colour-scales';

describe('viridisAt', () => {
  it('gives the published end colours of viridis', () => {
    expect(viridisAt(0)).toBe('#440154');
    expect(viridisAt(1)).toBe('#fde725');
    expect(viridisAt(0.5)).toBe('#21918c');
  });

  it('blends linearly between stops and clamps outside 0-1', () => {
    // Half-way between #21918c and #5ec962.
    expect(viridisAt(0.625)).toBe('#40ad77');
    expect(viridisAt(-3)).toBe('#440154');
    expect(viridisAt(7)).toBe('#fde725');
    expect(viridisAt(Number.NaN)).toBe('#440154');
  });
});

describe('viridisExpression', () => {
  it('spreads the five stops evenly over 0-100 %', () => {
    expect(viridisExpression('coveragePct', 0, 100)).toEqual([
      'case',
      ['has', 'coveragePct'],
      [
        'interpolate',
        ['linear'],
        ['to-number', ['get', 'coveragePct']],
        0,
        '#440154',
        25,
        '#3b528b',
        50,
        '#21918c',
        75,
        '#5ec962',
        100,
        '#fde725',
      ],
      '#bdbdbd',
    ]);
  });
});
