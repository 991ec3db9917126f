import { useCallback, useRef, useState } from 'react';

/** How one send ended: its value, refused (the error kept for the form), or not sent (one was running). */
export type SendOutcome<T> = { sent: true; value: T } | { sent: false; refused: boolean };

/** What a gate tells its form while a send runs and when it ends. */
export interface SubmitGateListener {
  pending: (pending: boolean) => void;
  refusal: (error: unknown) => void;
}

/**
 * One send at a time, decided synchronously (a double click or a second Enter arrives before
 * React has re-rendered the disabled button, so the button alone does not stop it). A refusal
 * is handed over as it came (an ApiError for `ApiProblem` to say in the interface language);
 * the form itself decides what to clear on success.
 */
export function createSubmitGate(listener: SubmitGateListener) {
  let running = false;
  return {
    get running() {
      return running;
    },
    async send<T>(request: () => Promise<T>): Promise<SendOutcome<T>> {
      if (running) return { sent: false, refused: false };
      running = true;
      listener.refusal(null);
      listener.pending(true);
      try {
        return { sent: true, value: await request() };
      } catch (error) {
        listener.refusal(error);
        return { sent: false, refused: true };
      } finally {
        running = false;
        listener.pending(false);
      }
    },
  };
}

export interface FormSubmit {
  /** A send is running: the submit button shows "working" and is disabled. */
  pending: boolean;
  /** The last send's refusal (show it with `ApiProblem`), null when there is none. */
  refusal: unknown;
  /** Sends once (a second call while one runs is dropped); the form clears or keeps its fields on `sent`. */
  send: <T>(request: () => Promise<T>) => Promise<SendOutcome<T>>;
  /** Forgets the last refusal (the form was changed or checked again). */
  clearRefusal: () => void;
}

/**
 * The submit state every form shares: pending while its request runs, the
 * server's refusal kept for `ApiProblem`, one request at a time.
 * @example const form = useFormSubmit(); const outcome = await form.send(() => createRound(draft));
 */
export function useFormSubmit(): FormSubmit {
  const [pending, setPending] = useState(false);
  const [refusal, setRefusal] = useState<unknown>(null);
  const gate = useRef<ReturnType<typeof createSubmitGate> | null>(null);
  gate.current ??= createSubmitGate({ pending: setPending, refusal: setRefusal });
  const send = useCallback(<T>(request: () => Promise<T>) => gate.current!.send(request), []);
  const clearRefusal = useCallback(() => setRefusal(null), []);
  return { pending, refusal, send, clearRefusal };
}
