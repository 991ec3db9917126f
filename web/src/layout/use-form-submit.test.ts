import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error';
import { createSubmitGate } from './use-form-submit';

function recorder() {
  const events: string[] = [];
  let refusal: unknown = null;
  const gate = createSubmitGate({
    pending: (pending) => events.push(pending ? 'pending' : 'idle'),
    refusal: (error) => {
      refusal = error;
    },
  });
  return { gate, events, refusal: () => refusal };
}

describe('createSubmitGate', () => {
  it('sends once while a send runs: a second submit before the first answers is dropped', async () => {
    const { gate, events } = recorder();
    let answer!: (value: string) => void;
    let calls = 0;
    const request = () => {
      calls++;
      return new Promise<string>((resolve) => {
        answer = resolve;
      });
    };
    const first = gate.send(request);
    const second = await gate.send(request);
    expect(second).toEqual({ sent: false, refused: false });
    expect(gate.running).toBe(true);
    answer('created');
    expect(await first).toEqual({ sent: true, value: 'created' });
    expect(calls).toBe(1);
    expect(events).toEqual(['pending', 'idle']);
    expect(gate.running).toBe(false);
    // Free again once answered.
    const third = gate.send(() => Promise.resolve('again'));
    expect(await third).toEqual({ sent: true, value: 'again' });
    expect(calls).toBe(1);
  });

  it('keeps a refusal as it came (for ApiProblem) and forgets it on the next send', async () => {
    const { gate, refusal } = recorder();
    const refused = new ApiError(409, 'conflict', 'username taken');
    expect(await gate.send(() => Promise.reject(refused))).toEqual({ sent: false, refused: true });
    expect(refusal()).toBe(refused);
    expect(gate.running).toBe(false);
    expect(await gate.send(() => Promise.resolve(1))).toEqual({ sent: true, value: 1 });
    expect(refusal()).toBeNull();
  });
});
