import { useEffect, useState } from 'react';
import type { TemplateEntry, TemplateList } from '../../core/contract/index.ts';
import type { CallError } from '../../core/contract/errors.ts';
import { api } from '../api/client.ts';
import { useBoxStatus } from '../lead-box/facets-store.ts';
import { StatePanel } from '../ui/state-panel.tsx';
import { useRules } from './rules-store.ts';

const NEW_TEMPLATE = `<?xml version="1.0" encoding="UTF-8"?>
<ruleTemplate xmlns="urn:leadrelay:rule-template:1" id="my-team" name="My team">
  <categories>
    <category>prioritization</category>
  </categories>
  <actions>
    <action type="setScore" min="-10" max="10"/>
  </actions>
</ruleTemplate>
`;

/** Wizard templates: the ones my managers handed me (read only) and, for a manager, the ones I hand my team. */
export function TemplatesTab() {
  const [data, setData] = useState<TemplateList | null>(null);
  const [error, setError] = useState<CallError | null>(null);
  const [adding, setAdding] = useState(false);
  const load = () => api.call('templates.list', {}).then(setData, setError);
  useEffect(() => void load(), []);

  if (error) return <StatePanel title="Templates are not available" tone="error">{error.message}</StatePanel>;
  if (!data) return <StatePanel title="Loading templates…" busy />;
  return (
    <div className="templates">
      <section aria-label="Templates for my team">
        <div className="templates__head">
          <h2 className="section__title">For my team</h2>
          {data.canManage && !adding && (
            <button type="button" className="button button--small" onClick={() => setAdding(true)}>
              New template
            </button>
          )}
        </div>
        <p className="muted panel-intro">
          {data.canManage
            ? 'What the people below you may put in their rules. Their rules must also satisfy the templates handed to you.'
            : 'No boxes are below yours, so there is nobody to hand a template to.'}
        </p>
        {adding && <TemplateEditor initial={NEW_TEMPLATE} title="New template" onSaved={() => (setAdding(false), void load())} onCancel={() => setAdding(false)} />}
        {data.forMyTeam.map((t) => (
          <TemplateEditor key={t.id} entry={t} initial={t.xml} title={t.name} onSaved={() => void load()} />
        ))}
      </section>
      <section aria-label="Templates handed to me">
        <h2 className="section__title">Handed to me</h2>
        {data.handedToMe.length === 0 && <p className="muted">No template limits your rules.</p>}
        {data.handedToMe.map((t) => (
          <details key={t.id} className="template-card">
            <summary>
              <span className="data-table__strong">{t.name}</span> <span className="muted">from {t.ownerName}</span>
            </summary>
            <pre className="code-view">{t.xml}</pre>
          </details>
        ))}
      </section>
    </div>
  );
}

function TemplateEditor(props: { entry?: TemplateEntry; initial: string; title: string; onSaved: () => void; onCancel?: () => void }) {
  const { entry, initial, title, onSaved, onCancel } = props;
  const [xml, setXml] = useState(initial);
  const [error, setError] = useState<CallError | null>(null);
  const [busy, setBusy] = useState(false);
  const setNotice = useRules((s) => s.setNotice);
  const id = `template-${entry?.id ?? 'new'}`;
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const saved = await api.call('templates.save', { xml });
      setNotice({ tone: 'success', text: `Saved template “${saved.template.name}”. It waits in the outbox for the next sync.` });
      void useBoxStatus.getState().refreshOutbox();
      onSaved();
    } catch (e) {
      setError(e as CallError);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="template-card template-card--open">
      <label className="label" htmlFor={id}>
        {title} <span className="muted">(XML)</span>
      </label>
      <textarea
        id={id}
        className="textarea textarea--code"
        rows={14}
        spellCheck={false}
        value={xml}
        onChange={(e) => setXml(e.target.value)}
        aria-invalid={Boolean(error)}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error && (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error.message.replace(/^xml: /, '')}
        </p>
      )}
      <div className="template-card__actions">
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="button" className="button button--primary" disabled={busy || (entry !== undefined && xml === initial)} onClick={() => void save()}>
          {busy ? 'Saving…' : 'Save template'}
        </button>
      </div>
    </div>
  );
}
