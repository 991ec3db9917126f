import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../api/audit-api';
import { changeLines } from './audit-change';

const byKey = (key: string, fallback: string) => (key === 'audit.result' ? '结果' : fallback);

function entry(entity: string, before: unknown, after: unknown): AuditEntry {
  return {
    id: 1,
    at: '2026-03-10T08:00:00Z',
    actor: 'lab',
    action: 'correct',
    entity,
    entityId: '42',
    before,
    after,
    requestId: null,
  } as unknown as AuditEntry;
}

describe('changeLines', () => {
  it('shows the new LOQ of a "<LOQ" correction that changed only the limit', () => {
    const lines = changeLines(
      entry(
        'measurement',
        { qualifier: '<LOQ', valueNgL: null, loqNgL: 2, uloqNgL: null },
        {
          qualifier: '<LOQ',
          valueNgL: null,
          loqNgL: 5,
          uloqNgL: null,
          reason: 'LOQ re-validated',
          revisionId: 7,
        },
      ),
      byKey,
      'en',
    );
    expect(lines[0]).toBe('结果: <LOQ (2 ng/L) → <LOQ (5 ng/L)');
    expect(lines).toContain('reason: "LOQ re-validated"');
  });

  it('reads a value corrected to below the LOQ as one result, the LOQ as text the server may send', () => {
    const lines = changeLines(
      entry(
        'measurement',
        { qualifier: '=', valueNgL: 12.5, loqNgL: '2', uloqNgL: null },
        { qualifier: '<LOQ', valueNgL: null, loqNgL: '5', uloqNgL: null, reason: 'x' },
      ),
      byKey,
      'en',
    );
    expect(lines[0]).toBe('结果: 12.5 ng/L → <LOQ (5 ng/L)');
    expect(lines.some((line) => line.startsWith('loqNgL'))).toBe(false);
  });

  it('lists other entities field by field, only what changed', () => {
    expect(
      changeLines(
        entry('user', { roles: ['lab'], name: 'a' }, { roles: ['lab', 'analyst'], name: 'a' }),
        byKey,
        'en',
      ),
    ).toEqual(['roles: ["lab"] → ["lab","analyst"]']);
  });
});
