import { useState, type FormEvent } from 'react';
import { friendlyError, type FriendlyError } from './errors';

/**
 * A form's submission as every Flare form does it: nothing is sent while a rule is broken
 * (the fields then show it), the button spins while the request runs, and a failure is
 * handed to `onError` in words; the form's values are kept for another try.
 * @example
 * const { tried, busy, submit } = useSubmission(setError);
 * <form onSubmit={submit(problem, async () => { unwrap(await client.mutations.addNote(...)); setMessage(''); })}>
 */
export function useSubmission(onError: (error: FriendlyError) => void) {
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = (problem: string | null, action: () => Promise<void>) => async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (problem) return;
    setBusy(true);
    try {
      await action();
      setTried(false);
    } catch (e) {
      onError(friendlyError(e));
    } finally {
      setBusy(false);
    }
  };
  return { tried, busy, submit };
}
