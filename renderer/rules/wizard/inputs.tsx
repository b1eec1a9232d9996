import { useId, type ReactNode } from 'react';
import { labelledMessage } from '../../ui/field-error.tsx';

/**
 * Labelled inputs for the wizard, each with its hint and its inline error tied to it for
 * screen readers (aria-describedby), in the look of the lead box's dialogs.
 */

export interface Option {
  value: string;
  label: string;
}

/** The hint, or in its place the error, with the ids `described` points the input at. */
function FieldNotes(props: { id: string; label: string; hint?: string | null; error?: string | null }) {
  const { id, label, hint, error } = props;
  if (error) {
    return (
      <p className="field-error" id={`${id}-error`} role="alert">
        {labelledMessage(error, label)}
      </p>
    );
  }
  return hint ? (
    <p className="wizard-field__hint" id={`${id}-hint`}>
      {hint}
    </p>
  ) : null;
}

function Field(props: { id: string; label: string; hint?: string | null; error?: string | null; children: ReactNode; compact?: boolean }) {
  const { id, label, hint, error, children, compact } = props;
  return (
    <div className={`wizard-field${compact ? ' wizard-field--compact' : ''}`}>
      <label className="label" htmlFor={id}>
        {label}
      </label>
      {children}
      <FieldNotes id={id} label={label} hint={hint} error={error} />
    </div>
  );
}

const describedBy = (id: string, hint?: string | null, error?: string | null) => (error ? `${id}-error` : hint ? `${id}-hint` : undefined);

const described = (id: string, hint?: string | null, error?: string | null) => ({
  'aria-invalid': Boolean(error),
  'aria-describedby': describedBy(id, hint, error),
});

export function SelectField(props: { label: string; value: string; options: Option[]; onChange: (v: string) => void; error?: string | null; hint?: string | null; placeholder?: string; compact?: boolean }) {
  const id = useId();
  const { label, value, options, onChange, error, hint, placeholder = 'Choose…', compact } = props;
  return (
    <Field id={id} label={label} hint={hint} error={error} compact={compact}>
      <select id={id} className="select" value={value} onChange={(e) => onChange(e.target.value)} {...described(id, hint, error)}>
        {!options.some((o) => o.value === value) && <option value={value}>{value === '' ? placeholder : value}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function TextField(props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string | null;
  hint?: string | null;
  type?: 'text' | 'number' | 'date';
  min?: number;
  max?: number;
  placeholder?: string;
  compact?: boolean;
  autoFocus?: boolean;
}) {
  const id = useId();
  const { label, value, onChange, error, hint, type = 'text', min, max, placeholder, compact, autoFocus } = props;
  return (
    <Field id={id} label={label} hint={hint} error={error} compact={compact}>
      <input
        id={id}
        className="input"
        type={type}
        value={value}
        min={min}
        max={max}
        step={type === 'number' ? 'any' : undefined}
        placeholder={placeholder}
        data-autofocus={autoFocus ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
        {...described(id, hint, error)}
      />
    </Field>
  );
}

/** Several values from a known list, as toggle chips. */
export function ChipsField(props: { label: string; options: Option[]; selected: string[]; onChange: (v: string[]) => void; error?: string | null; hint?: string | null }) {
  const id = useId();
  const { label, options, selected, onChange, error, hint } = props;
  const toggle = (value: string) => onChange(selected.includes(value) ? selected.filter((v) => v !== value) : [...selected, value]);
  return (
    <fieldset className="wizard-field quick-picks" aria-describedby={describedBy(id, hint, error)}>
      <legend className="label">{label}</legend>
      {options.map((o) => (
        <button key={o.value} type="button" className={`chip${selected.includes(o.value) ? ' chip--active' : ''}`} aria-pressed={selected.includes(o.value)} onClick={() => toggle(o.value)}>
          {o.label}
        </button>
      ))}
      <FieldNotes id={id} label={label} hint={hint} error={error} />
    </fieldset>
  );
}

/** One of a few choices, each with a line of explanation. */
export function ChoiceCards<T extends string>(props: { legend: string; value: T | ''; options: Array<{ value: T; label: string; hint?: string }>; onChange: (v: T) => void; error?: string | null }) {
  const name = useId();
  const { legend, value, options, onChange, error } = props;
  return (
    <fieldset className="radio-group choice-cards">
      <legend className="label">{legend}</legend>
      {options.map((o) => (
        <label key={o.value} className={`radio${value === o.value ? ' radio--checked' : ''}`}>
          <input type="radio" name={name} value={o.value} checked={value === o.value} onChange={() => onChange(o.value)} />
          <span className="radio__text">
            <span className="radio__label">{o.label}</span>
            {o.hint && <span className="radio__hint">{o.hint}</span>}
          </span>
        </label>
      ))}
      {error && (
        <p className="field-error" role="alert">
          {labelledMessage(error, legend)}
        </p>
      )}
    </fieldset>
  );
}
