import { describe, expect, it } from 'vitest';
import {
  alertQueryOf,
  defaultInboxFilter,
  inboxFilterFromParams,
  inboxFilterParams,
  inboxFilterStorageKey,
  initialInboxFilter,
} from './inbox-filter';

const storageWith = (value: string | null) => ({
  getItem: (key: string) => (key === inboxFilterStorageKey ? value : null),
});

describe('inbox filter', () => {
  it('reads back what it writes', () => {
    const filter = {
      status: '',
      areaId: '3',
      roundId: '12',
      kind: 'spike',
      severity: 'high',
      view: 'list',
    } as const;
    expect(inboxFilterFromParams(inboxFilterParams(filter))).toEqual(filter);
    expect(inboxFilterParams(filter).toString()).toBe(
      'status=&areaId=3&roundId=12&kind=spike&severity=high&view=list',
    );
  });

  it('leaves values it does not know at their default', () => {
    expect(
      inboxFilterFromParams(
        new URLSearchParams('status=gone&areaId=1;drop&kind=<b>&severity=extreme&view=x'),
      ),
    ).toEqual({ ...defaultInboxFilter, status: '' });
  });

  it('starts from the address when it has a filter, else from the browser, else the default', () => {
    const kept = storageWith('status=acknowledged&view=list');
    expect(initialInboxFilter('#/alerts?status=open&kind=spike', kept)).toMatchObject({
      status: 'open',
      kind: 'spike',
      view: 'sites',
    });
    expect(initialInboxFilter('#/alerts', kept)).toMatchObject({ status: 'acknowledged', view: 'list' });
    expect(initialInboxFilter('#/alerts', storageWith(null))).toEqual(defaultInboxFilter);
    const refusing = {
      getItem: () => {
        throw new Error('denied');
      },
    };
    expect(initialInboxFilter('#/alerts', refusing)).toEqual(defaultInboxFilter);
  });

  it('asks the API without the view', () => {
    expect(alertQueryOf({ ...defaultInboxFilter, view: 'list', kind: 'spike' })).toEqual({
      status: 'open',
      areaId: '',
      roundId: '',
      kind: 'spike',
      severity: '',
    });
  });
});
