import { describe, expect, it } from 'vitest';
import { resolveScreen, screensForRoles } from './screens';

describe('screensForRoles', () => {
  it('gives an analyst the map but not the pilots’ coverage screen', () => {
    expect(screensForRoles(['analyst']).map((screen) => screen.id)).toEqual(['map']);
  });

  it('gives a pilot the coverage screen only', () => {
    expect(screensForRoles(['pilot']).map((screen) => screen.id)).toEqual(['coverage']);
  });

  it('gives an admin every screen, and a user with two roles the union', () => {
    expect(screensForRoles(['admin']).map((screen) => screen.id)).toEqual(['map', 'coverage']);
    expect(screensForRoles(['pilot', 'analyst']).map((screen) => screen.id)).toEqual(['map', 'coverage']);
  });

  it('gives a lab user nothing until the lab upload screen exists', () => {
    expect(screensForRoles(['lab'])).toEqual([]);
  });
});

describe('resolveScreen', () => {
  it('opens the screen the path names when the role allows it', () => {
    expect(resolveScreen('/coverage', ['admin'])?.id).toBe('coverage');
  });

  it('falls back to the first allowed screen when the path is forbidden or unknown', () => {
    expect(resolveScreen('/coverage', ['analyst'])?.id).toBe('map');
    expect(resolveScreen('/nowhere', ['pilot'])?.id).toBe('coverage');
  });

  it('is null for a role with no screen', () => {
    expect(resolveScreen('/map', ['lab'])).toBeNull();
  });
});
