import { describe, expect, it } from 'vitest';
import { UnprocessableError } from '../errors/app-error';
import { nextAlertStatus } from './alert-lifecycle';

describe('alert lifecycle', () => {
  it('goes open → acknowledged → escalated → dismissed', () => {
    expect(nextAlertStatus('open', 'acknowledge')).toBe('acknowledged');
    expect(nextAlertStatus('acknowledged', 'escalate')).toBe('escalated');
    expect(nextAlertStatus('escalated', 'dismiss')).toBe('dismissed');
    expect(nextAlertStatus('open', 'dismiss')).toBe('dismissed');
  });

  it('refuses impossible steps with a 422 naming them', () => {
    expect(() => nextAlertStatus('dismissed', 'acknowledge')).toThrow(UnprocessableError);
    expect(() => nextAlertStatus('escalated', 'escalate')).toThrow(/cannot be escalated/);
    expect(() => nextAlertStatus('acknowledged', 'acknowledge')).toThrow(/allowed from: open/);
  });
});
