import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblems, verifyPassword } from './password';

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('Correct horse 42');
    expect(stored.startsWith('scrypt$32768$8$4$')).toBe(true);
    expect(await verifyPassword('Correct horse 42', stored)).toBe(true);
    expect(await verifyPassword('correct horse 42', stored)).toBe(false);
  });

  it('salts each hash', async () => {
    expect(await hashPassword('same-Password1')).not.toBe(await hashPassword('same-Password1'));
  });

  it('refuses a malformed stored hash', async () => {
    expect(await verifyPassword('x', 'plain')).toBe(false);
  });
});

describe('password rules', () => {
  it('names what a weak password lacks', () => {
    expect(passwordProblems('short', 'lab')).toContain('at least 10 characters');
    expect(passwordProblems('alllowercaseletters', 'lab')).toContain(
      'at least two of: lower case, upper case, digits, symbols',
    );
    expect(passwordProblems('analyst-2025-x', 'analyst')).toContain('must not contain the username');
    expect(passwordProblems('Tropical-Storm-2025', 'lab')).toEqual([]);
  });
});
