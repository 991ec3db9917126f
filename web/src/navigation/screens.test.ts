import { describe, expect, it } from 'vitest';
import { menuEntries, resolveScreen, screensForRoles } from './screens';

const ids = (roles: Parameters<typeof screensForRoles>[0]) =>
  screensForRoles(roles).map((screen) => screen.id);

describe('screensForRoles', () => {
  it('gives an analyst the map, alerts, reports, coverage and findings, but no upload screen', () => {
    expect(ids(['analyst'])).toEqual(['map', 'alerts', 'reports', 'province', 'rounds', 'coverage', 'findings']);
  });

  it('gives a pilot the flight upload, coverage, findings and the survey map', () => {
    expect(ids(['pilot'])).toEqual(['flights', 'coverage', 'findings', 'surveyMap']);
  });

  it('gives a lab user the upload, the import history, the results to correct and the rounds', () => {
    expect(ids(['lab'])).toEqual(['labUpload', 'labImports', 'labResults', 'rounds']);
  });

  it('gives an admin every screen, and a user with two roles the union', () => {
    expect(ids(['admin'])).toEqual([
      'map',
      'alerts',
      'reports',
      'province',
      'labUpload',
      'labImports',
      'labResults',
      'rounds',
      'flights',
      'coverage',
      'findings',
      'surveyMap',
      'users',
      'analytes',
      'areas',
      'plausibility',
      'terrain',
      'audit',
      'uncertainty',
      'basemaps',
    ]);
    expect(ids(['lab', 'pilot'])).toEqual([
      'labUpload',
      'labImports',
      'labResults',
      'rounds',
      'flights',
      'coverage',
      'findings',
      'surveyMap',
    ]);
  });

  it('shows the admin screens to admins only', () => {
    for (const roles of [['lab'], ['analyst'], ['pilot'], ['lab', 'analyst', 'pilot']] as const)
      expect(
        ids(roles).filter((id) =>
          ['users', 'analytes', 'areas', 'plausibility', 'terrain', 'audit', 'uncertainty', 'basemaps'].includes(id),
        ),
      ).toEqual([]);
  });
});

describe('menuEntries', () => {
  it('keeps a lab user’s menu flat and folds an admin’s groups into drop-downs', () => {
    expect(menuEntries(screensForRoles(['lab'])).every((entry) => entry.kind === 'screen')).toBe(true);
    const admin = menuEntries(screensForRoles(['admin']));
    expect(admin.length).toBeLessThanOrEqual(8);
    expect(
      admin.map((entry) =>
        entry.kind === 'screen'
          ? entry.screen.id
          : `${entry.group}:${entry.screens.map((s) => s.id).join('+')}`,
      ),
    ).toEqual([
      'map',
      'alerts',
      'reports',
      'province',
      'lab:labUpload+labImports+labResults+rounds',
      'survey:flights+coverage+surveyMap',
      'findings',
      'admin:users+analytes+areas+plausibility+terrain+audit+uncertainty+basemaps',
    ]);
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
