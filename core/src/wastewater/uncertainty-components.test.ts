import { describe, expect, it } from 'vitest';
import { componentResolver, settingProblem } from './uncertainty-components';

const METH_AT_1 = {
  analyteCode: 'METH',
  siteId: 1,
  collectionType: 'composite_flow',
  provisional: false,
} as const;

describe('componentResolver', () => {
  it('takes the shipped defaults, each with its source, when nothing is stored', () => {
    const c = componentResolver([])(METH_AT_1);
    expect(c.analytical).toMatchObject({ rsd: 0.1, scope: 'default', stored: false });
    expect(c.sampling).toMatchObject({ rsd: 0.1, scope: 'collection_type', key: 'composite_flow' });
    expect(c.stability).toMatchObject({ rsd: 0.05, scope: 'analyte', key: 'METH' });
    expect(c.excretion).toMatchObject({ rsd: 0.25, scope: 'factor', key: 'established' });
    for (const component of Object.values(c)) expect(component.source).toContain('Castiglioni');
  });

  it('judges a sample of unknown collection type as a grab, and a provisional factor as wide', () => {
    const c = componentResolver([])({ ...METH_AT_1, collectionType: null, provisional: true });
    expect(c.sampling.rsd).toBe(0.5);
    expect(c.excretion.rsd).toBe(0.5);
  });

  it('prefers a stored setting at the most specific scope, and only for its own site', () => {
    const resolve = componentResolver([
      { component: 'flow', scope: 'default', key: '', rsd: 0.15, source: 'city default' },
      { component: 'flow', scope: 'site', key: '1', rsd: 0.3, source: 'meter not calibrated' },
      { component: 'analytical', scope: 'analyte', key: 'METH', rsd: 0.2, source: 'lab QC' },
    ]);
    expect(resolve(METH_AT_1).flow).toMatchObject({ rsd: 0.3, scope: 'site', stored: true });
    expect(resolve({ ...METH_AT_1, siteId: 2 }).flow).toMatchObject({
      rsd: 0.15,
      scope: 'default',
      stored: true,
    });
    expect(resolve(METH_AT_1).analytical.rsd).toBe(0.2);
    expect(resolve({ ...METH_AT_1, analyteCode: 'AMP' }).analytical.rsd).toBe(0.1);
    // Equal inputs, the same object: the quantiles are cached by identity.
    expect(resolve(METH_AT_1)).toBe(resolve({ ...METH_AT_1 }));
  });
});

describe('settingProblem', () => {
  it('refuses a scope the component is not set at, a bad key and a non-finite or negative RSD', () => {
    expect(settingProblem({ component: 'flow', scope: 'analyte', key: 'METH', rsd: 0.1 })).toMatch(
      /per site or default/,
    );
    expect(
      settingProblem({ component: 'sampling', scope: 'collection_type', key: 'bucket', rsd: 0.1 }),
    ).toMatch(/collection type/);
    expect(settingProblem({ component: 'flow', scope: 'default', key: 'x', rsd: 0.1 })).toMatch(/no key/);
    for (const rsd of [Number.NaN, Infinity, -0.1, 2.5])
      expect(settingProblem({ component: 'flow', scope: 'default', key: '', rsd })).toMatch(/rsd/);
    expect(
      settingProblem({ component: 'excretion', scope: 'factor', key: 'provisional', rsd: 0.8 }),
    ).toBeNull();
  });
});
