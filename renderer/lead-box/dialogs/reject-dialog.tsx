import { useState } from 'react';
import type { Lead } from '../../../core/lead/lead.ts';
import { Dialog } from '../../ui/dialog.tsx';
import { FieldError, fieldProps, FormError } from '../../ui/field-error.tsx';
import { useActionForm } from './use-action-form.ts';

export const COMMON_REJECT_REASONS = [
  'Not my territory',
  'Duplicate of an existing lead',
  'No capacity right now',
  'Not a fit for our products',
  'Spam or junk',
];

export function RejectDialog({ lead }: { lead: Lead }) {
  const { busy, error, run, close } = useActionForm();
  const [reason, setReason] = useState('');
  return (
    <Dialog
      title="Reject lead"
      description="The lead goes back to routing and someone else is offered it. Say why, so the rules can learn."
      submitLabel="Reject lead"
      submitTone="danger"
      busy={busy}
      onClose={close}
      onSubmit={() => void run({ type: 'reject', leadId: lead.id, reason }, 'Rejected. The lead returns to routing.')}
    >
      <fieldset className="quick-picks">
        <legend className="label">Common reasons</legend>
        {COMMON_REJECT_REASONS.map((common) => (
          <button
            key={common}
            type="button"
            className={`chip${reason === common ? ' chip--active' : ''}`}
            aria-pressed={reason === common}
            onClick={() => setReason(common)}
          >
            {common}
          </button>
        ))}
      </fieldset>
      <label className="label" htmlFor="reject-reason">
        Reason
      </label>
      <textarea
        {...fieldProps(error, 'reason', 'reject-reason')}
        className="textarea"
        rows={3}
        data-autofocus
        value={reason}
        onChange={(event) => setReason(event.target.value)}
      />
      <FieldError error={error} field="reason" id="reject-reason" label="Reason" />
      <FormError error={error} fields={['reason']} />
    </Dialog>
  );
}
