import { useState } from 'react';
import type { Lead } from '../../../core/lead/lead.ts';
import { Dialog } from '../../ui/dialog.tsx';
import { FieldError, fieldProps, FormError } from '../../ui/field-error.tsx';
import { dateInputToEpoch, epochToDateInput, formatDate } from '../format.ts';
import { useActionForm } from './use-action-form.ts';

const DAY = 24 * 60 * 60 * 1000;
const QUICK = [
  { label: 'In 2 weeks', days: 14 },
  { label: 'In 1 month', days: 30 },
  { label: 'In 3 months', days: 91 },
  { label: 'In 6 months', days: 182 },
];

export function IncubateDialog({ lead }: { lead: Lead }) {
  const { busy, error, run, fail, close } = useActionForm();
  const [today] = useState(() => Date.now());
  const [date, setDate] = useState(() => epochToDateInput(today + 30 * DAY));

  const submit = () => {
    const until = dateInputToEpoch(date);
    if (until === null) fail('until', 'is required');
    else void run({ type: 'incubate', leadId: lead.id, until }, `Incubating until ${formatDate(until)}.`);
  };

  return (
    <Dialog
      title="Incubate lead"
      description="Put the lead to sleep. On the date you choose it is routed again as new."
      submitLabel="Incubate"
      busy={busy}
      onClose={close}
      onSubmit={submit}
    >
      <fieldset className="quick-picks">
        <legend className="label">Quick picks</legend>
        {QUICK.map(({ label, days }) => {
          const value = epochToDateInput(today + days * DAY);
          return (
            <button key={label} type="button" className={`chip${date === value ? ' chip--active' : ''}`} aria-pressed={date === value} onClick={() => setDate(value)}>
              {label}
            </button>
          );
        })}
      </fieldset>
      <label className="label" htmlFor="incubate-until">
        Reactivate on
      </label>
      <input
        {...fieldProps(error, 'until', 'incubate-until')}
        className="input"
        type="date"
        min={epochToDateInput(today + DAY)}
        data-autofocus
        value={date}
        onChange={(event) => setDate(event.target.value)}
      />
      <FieldError error={error} field="until" id="incubate-until" label="The date" />
      <FormError error={error} fields={['until']} />
    </Dialog>
  );
}
