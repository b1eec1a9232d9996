import type { CallError } from '../../core/contract/errors.ts';

/** Props that tie an input to the error shown beside it, for screen readers too. */
export function fieldProps(error: CallError | null, field: string, id: string) {
  const invalid = error?.field === field;
  return { id, 'aria-invalid': invalid, 'aria-describedby': invalid ? `${id}-error` : undefined };
}

/**
 * CallError messages read "amount: is required when the lead is won"; beside the input the
 * field's own label reads better: "Amount is required when the lead is won".
 */
export function readableMessage(error: CallError, label?: string): string {
  const bare = error.field && error.message.startsWith(`${error.field}: `) ? error.message.slice(error.field.length + 2) : error.message;
  return labelledMessage(bare, label);
}

/** "is required" beside its input reads better as "Amount is required"; anything else just starts with a capital. */
export function labelledMessage(message: string, label?: string): string {
  if (label && /^(is|are|must|should|needs|may)\b/.test(message)) return `${label} ${message}`;
  return message.charAt(0).toUpperCase() + message.slice(1);
}

export function FieldError(props: { error: CallError | null; field: string; id: string; label: string }) {
  const { error, field, id, label } = props;
  if (error?.field !== field) return null;
  return (
    <p className="field-error" id={`${id}-error`} role="alert">
      {readableMessage(error, label)}
    </p>
  );
}

/** An error that names no field this form shows (or none at all) goes above the buttons. */
export function FormError({ error, fields }: { error: CallError | null; fields: readonly string[] }) {
  if (!error || (error.field && fields.includes(error.field))) return null;
  return (
    <p className="form-error" role="alert">
      {readableMessage(error)}
    </p>
  );
}
