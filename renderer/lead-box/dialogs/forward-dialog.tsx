import { useEffect, useState } from 'react';
import type { Lead } from '../../../core/lead/lead.ts';
import { Dialog } from '../../ui/dialog.tsx';
import { FieldError, fieldProps, FormError, readableMessage } from '../../ui/field-error.tsx';
import { useWorkspace } from '../../state/workspace-store.ts';
import { useColleagues } from '../colleagues-store.ts';
import { useActionForm } from './use-action-form.ts';

export function ForwardDialog({ lead }: { lead: Lead }) {
  const { busy, error, run, close } = useActionForm();
  const colleagues = useColleagues((s) => s.colleagues);
  const loadError = useColleagues((s) => s.error);
  const load = useColleagues((s) => s.load);
  const me = useWorkspace((s) => s.info?.user.id);
  const [toUserId, setToUserId] = useState('');
  const [note, setNote] = useState('');

  useEffect(() => {
    void load();
  }, [load]);

  const others = (colleagues ?? []).filter((c) => c.id !== me);
  const chosen = others.find((c) => c.id === toUserId);

  return (
    <Dialog
      title="Forward lead"
      description="Hand the lead to a colleague. They see your note in the lead's history."
      submitLabel="Forward"
      busy={busy}
      onClose={close}
      onSubmit={() =>
        void run({ type: 'forward', leadId: lead.id, toUserId, note }, `Forwarded to ${chosen?.name ?? 'your colleague'}.`)
      }
    >
      <label className="label" htmlFor="forward-to">
        Colleague
      </label>
      <select
        {...fieldProps(error, 'toUserId', 'forward-to')}
        className="select"
        data-autofocus
        value={toUserId}
        onChange={(event) => setToUserId(event.target.value)}
      >
        <option value="">{colleagues === null && !loadError ? 'Loading colleagues…' : 'Choose a colleague'}</option>
        {others.map((colleague) => (
          <option key={colleague.id} value={colleague.id}>
            {colleague.email ? `${colleague.name} <${colleague.email}>` : colleague.name}
          </option>
        ))}
      </select>
      {loadError && <p className="field-error">Colleagues could not be loaded: {readableMessage(loadError)}</p>}
      <FieldError error={error} field="toUserId" id="forward-to" label="Colleague" />
      <label className="label" htmlFor="forward-note">
        Note <span className="muted">(optional)</span>
      </label>
      <textarea
        {...fieldProps(error, 'note', 'forward-note')}
        className="textarea"
        rows={3}
        value={note}
        onChange={(event) => setNote(event.target.value)}
      />
      <FieldError error={error} field="note" id="forward-note" label="Note" />
      <FormError error={error} fields={['toUserId', 'note']} />
    </Dialog>
  );
}
