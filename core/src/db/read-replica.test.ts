import { describe, expect, it } from 'vitest';
import type { Db } from './db';
import { parseLsn, primaryOnly } from './read-replica';

describe('parseLsn', () => {
  it('reads a WAL position as bytes: the high half times 2³², plus the low half', () => {
    expect(parseLsn('0/0')).toBe(0n);
    expect(parseLsn('0/4D069110')).toBe(0x4d069110n);
    expect(parseLsn('1/0')).toBe(4294967296n);
    expect(parseLsn('16/B374D848') > parseLsn('16/B374D847')).toBe(true);
    expect(parseLsn('17/0') > parseLsn('16/FFFFFFFF')).toBe(true);
  });
});

describe('primaryOnly', () => {
  it('sends every read to the one database and reports no replica', async () => {
    const db = { backend: 'embedded' } as Db;
    const routing = primaryOnly(db);
    routing.writeStarted(7);
    await routing.writeFinished(7);
    expect(routing.forRead(7)).toBe(db);
    expect(routing.forRead(undefined)).toBe(db);
    expect(routing.status()).toBeNull();
  });
});
