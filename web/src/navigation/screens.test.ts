import { describe, expect, it } from 'vitest';
import { resolveScreen, screensForRoles } from './screens';

const ids = (roles: Parameters<typeof screensForRoles>[0]) =>
  screensForRoles(roles).map((screen) => screen.id);

describe('screensForRoles', () => {
  it('gives an analyst the map, alerts, reports, coverage and findings, but no upload screen', () => {
    expect(ids(['analyst'])).toEqual(['map', 'alerts', 'reports', 'coverage', 'findings']);
  });

  it('gives a pilot the flight upload, coverage, findings and the survey map', () => {
    expect(ids(['pilot'])).toEqual(['flights', 'coverage', 'findings', 'surveyMap']);
  });

  it('gives a lab user the lab upload only', () => {
    expect(ids(['lab'])).toEqual(['labUpload']);
  });

  it('gives an admin every screen, and a user with two roles the union', () => {
    expect(ids(['admin'])).toEqual([
      'map',
      'alerts',
      'reports',
      'labUpload',
      'flights',
      'coverage',
      'findings',
      'surveyMap',
    ]);
    expect(ids(['lab', 'pilot'])).toEqual(['labUpload', 'flights', 'coverage', 'findings', 'surveyMap']);
  });
});

describe('resolveScreen', () => {
  it('opens the screen the path names when the role allows it', () => {
    expect(resolveScreen('/coverage', ['admin'])?.id).toBe('coverage');
    expect(resolveScreen('/lab', ['lab'])?.id).toBe('labUpload');
  });

  it('falls back to the first allowed screen when the path is forbidden or unknown', () => {
    expect(resolveScreen('/alerts', ['lab'])?.id).toBe('labUpload');
    expect(resolveScreen('/map', ['pilot'])?.id).toBe('flights');
    expect(resolveScreen('/nowhere', ['analyst'])?.id).toBe('map');
  });

  it('is null for a user without any known role', () => {
    expect(resolveScreen('/map', [])).toBeNull();
  });
});
