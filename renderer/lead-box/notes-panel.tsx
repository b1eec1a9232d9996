import { useState } from 'react';
import type { Note } from '../../core/lead/lead.ts';
import type { CallError } from '../../core/contract/errors.ts';
import { FieldError, fieldProps, FormError } from '../ui/field-error.tsx';
import { performAction } from './actions.ts';
import { formatDateTime } from './format.ts';
import { useNameOf } from './people.ts';

export const NOTE_INPUT_ID = 'new-note';

export function NotesPanel({ leadId, notes }: { leadId: string; notes: Note[] }) {
  const nameOf = useNameOf();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CallError | null>(null);
  const newestFirst = [...notes].sort((a, b) => b.at - a.at);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await performAction({ type: 'addNote', leadId, text });
      setText('');
    } catch (caught) {
      setError(caught as CallError);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="section" aria-label="Notes">
      <h3 className="section__title">Notes</h3>
      <form
        className="note-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!busy) void submit();
        }}
      >
        <label className="visually-hidden" htmlFor={NOTE_INPUT_ID}>
          New note
        </label>
        <textarea
          {...fieldProps(error, 'text', NOTE_INPUT_ID)}
          className="textarea"
          rows={2}
          placeholder="Add a note for yourself and your team…"
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) {
              event.preventDefault();
              if (!busy) void submit();
            }
            if (event.key === 'Escape') event.currentTarget.blur();
          }}
        />
        <FieldError error={error} field="text" id={NOTE_INPUT_ID} label="Note" />
        <FormError error={error} fields={['text']} />
        <div className="note-form__actions">
          <span className="muted note-form__hint">Ctrl+Enter to add</span>
          <button type="submit" className="button button--small" disabled={busy}>
            Add note
          </button>
        </div>
      </form>
      {newestFirst.length === 0 ? (
        <p className="muted section__empty">No notes yet.</p>
      ) : (
        <ul className="notes">
          {newestFirst.map((note) => (
            <li key={note.id} className="note">
              <p className="note__text">{note.text}</p>
              <p className="note__meta">
                {nameOf(note.author)} · <time dateTime={new Date(note.at).toISOString()}>{formatDateTime(note.at)}</time>
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
