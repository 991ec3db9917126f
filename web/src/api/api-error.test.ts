import { describe, expect, it } from 'vitest';
import { apiErrorFromReply } from './api-error';

describe('apiErrorFromReply', () => {
  it('keeps the code, message and details of an API error body', () => {
    const details = [{ row: 3, column: 'value', code: 'not_a_number', message: 'x' }];
    const error = apiErrorFromReply(400, 'Bad Request', {
      error: { code: 'validation_failed', message: 'Row 3 is wrong', details },
    });
    expect(error.status).toBe(400);
    expect(error.code).toBe('validation_failed');
    expect(error.message).toBe('Row 3 is wrong');
    expect(error.details).toEqual(details);
  });

  it('derives a code from the status when the body is not in the API error shape', () => {
    const error = apiErrorFromReply(502, 'Bad Gateway', '<html>proxy</html>');
    expect(error.code).toBe('http_502');
    expect(error.message).toBe('Bad Gateway');
  });

  it('tells an expired session from a missing role', () => {
    expect(
      apiErrorFromReply(401, '', { error: { code: 'unauthenticated', message: '' } }).isUnauthenticated,
    ).toBe(true);
    expect(apiErrorFromReply(403, '', { error: { code: 'forbidden', message: '' } }).isForbidden).toBe(true);
  });
});
