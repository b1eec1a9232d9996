import { useState } from 'react';
import { WORK_STATUSES, type Lead, type WorkStatus } from '../../../core/lead/lead.ts';
import { statusLabel } from '../../../core/lead/lifecycle.ts';
import { Dialog } from '../../ui/dialog.tsx';
import { FieldError, fieldProps, FormError } from '../../ui/field-error.tsx';
import { capitalize } from '../format.ts';
import { useActionForm } from './use-action-form.ts';

const HINTS: Record<WorkStatus, string> = {
  contacted: 'You have reached the prospect.',
  qualified: 'There is a real need, budget and timeframe.',
  won: 'The deal is signed. Enter the amount.',
  lost: 'The deal will not happen. Say why.',
};

export function StatusDialog({ lead }: { lead: Lead }) {
  const { busy, error, run, fail, close } = useActionForm();
  const [status, setStatus] = useState<WorkStatus>(WORK_STATUSES.find((s) => s !== lead.status) ?? 'contacted');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');

  const submit = () => {
    const parsedAmount = amount.trim() === '' ? null : Number(amount.replace(/[\s,]/g, ''));
    if (status === 'won' && parsedAmount !== null && !Number.isFinite(parsedAmount)) {
      fail('amount', 'must be a number, such as 12500');
      return;
    }
    void run(
      { type: 'setStatus', leadId: lead.id, status, amount: status === 'won' ? parsedAmount : null, reason: reason.trim() || null },
      `Status set to ${statusLabel(status)}.`,
    );
  };

  return (
    <Dialog title="Set status" submitLabel="Set status" busy={busy} onClose={close} onSubmit={submit}>
      <fieldset className="radio-group" aria-invalid={error?.field === 'status'}>
        <legend className="label">Status</legend>
        {WORK_STATUSES.map((option) => (
          <label key={option} className={`radio${option === status ? ' radio--checked' : ''}`}>
            <input
              type="radio"
              name="status"
              value={option}
              checked={option === status}
              disabled={option === lead.status}
              onChange={() => setStatus(option)}
            />
            <span className="radio__text">
              <span className="radio__label">
                {capitalize(statusLabel(option))}
                {option === lead.status && <span className="muted"> (current)</span>}
              </span>
              <span className="radio__hint">{HINTS[option]}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <FieldError error={error} field="status" id="status-choice" label="Status" />
      {status === 'won' && (
        <>
          <label className="label" htmlFor="status-amount">
            Amount won
          </label>
          <input
            {...fieldProps(error, 'amount', 'status-amount')}
            className="input"
            inputMode="decimal"
            autoComplete="off"
            placeholder="e.g. 12500"
            value={amount}
            onChange={(event) => setAmount(event.target.value)}
          />
          <FieldError error={error} field="amount" id="status-amount" label="Amount" />
        </>
      )}
      {status === 'lost' && (
        <>
          <label className="label" htmlFor="status-reason">
            Why was it lost?
          </label>
          <textarea
            {...fieldProps(error, 'reason', 'status-reason')}
            className="textarea"
            rows={3}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
          <FieldError error={error} field="reason" id="status-reason" label="Reason" />
        </>
      )}
      <FormError error={error} fields={['status', 'amount', 'reason']} />
    </Dialog>
  );
}
