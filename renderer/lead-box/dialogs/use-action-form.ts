import { useState } from 'react';
import { CallError } from '../../../core/contract/errors.ts';
import { performAction, type ActionInput } from '../actions.ts';
import { useUi } from '../ui-store.ts';

/** Shared life of an action dialog: busy while saving, the error inline, close on success. */
export function useActionForm() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CallError | null>(null);
  const close = useUi((s) => s.close);
  const setNotice = useUi((s) => s.setNotice);

  const run = async (input: ActionInput, successText: string) => {
    setBusy(true);
    setError(null);
    try {
      await performAction(input);
      setNotice({ tone: 'success', text: successText, leadId: input.leadId });
      close();
    } catch (caught) {
      setError(caught as CallError);
      setBusy(false);
    }
  };

  /** For input the form cannot even turn into an action, such as an unreadable number. */
  const fail = (field: string, message: string) => setError(new CallError('invalid_input', message, field));

  return { busy, error, run, fail, close };
}
