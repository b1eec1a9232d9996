import { useState, type DragEvent } from 'react';
import type { RuleSummary } from '../../core/contract/index.ts';
import { useWorkspace } from '../state/workspace-store.ts';
import { CATEGORY_LABELS, EVENT_LABELS } from './labels.ts';
import { useRules } from './rules-store.ts';

/**
 * The rules of one box in the order they run. Drag a card by its handle to reorder (native
 * drag and drop), or use the Move up / Move down buttons, which do the same from the keyboard.
 */
export function RuleList({ rules }: { rules: RuleSummary[] }) {
  const reorder = useRules((s) => s.reorder);
  const [dragging, setDragging] = useState<string | null>(null);
  const [over, setOver] = useState<number | null>(null);

  const move = (from: number, to: number) => {
    if (to < 0 || to >= rules.length || from === to) return;
    const ids = rules.map((r) => r.id);
    const [id] = ids.splice(from, 1);
    ids.splice(to, 0, id!);
    void reorder(ids);
  };

  const dropAt = (event: DragEvent, index: number) => {
    event.preventDefault();
    const from = rules.findIndex((r) => r.id === (event.dataTransfer.getData('text/plain') || dragging));
    setDragging(null);
    setOver(null);
    if (from >= 0) move(from, from < index ? index - 1 : index);
  };

  return (
    <ol className="rule-list" aria-label="Rules in the order they run">
      {rules.map((rule, index) => (
        <li
          key={rule.id}
          className={`rule-card${rule.enabled ? '' : ' rule-card--disabled'}${dragging === rule.id ? ' rule-card--dragging' : ''}${over === index ? ' rule-card--drop-before' : ''}${over === rules.length && index === rules.length - 1 ? ' rule-card--drop-after' : ''}`}
          data-rule-id={rule.id}
          onDragOver={(event) => {
            if (!dragging) return;
            event.preventDefault();
            const box = event.currentTarget.getBoundingClientRect();
            setOver(event.clientY > box.top + box.height / 2 ? index + 1 : index);
          }}
          onDrop={(event) => dropAt(event, over ?? index)}
        >
          <span
            className="rule-card__handle"
            draggable
            title="Drag to reorder"
            aria-hidden="true"
            onDragStart={(event) => {
              event.dataTransfer.setData('text/plain', rule.id);
              event.dataTransfer.effectAllowed = 'move';
              setDragging(rule.id);
            }}
            onDragEnd={() => {
              setDragging(null);
              setOver(null);
            }}
          />
          <span className="rule-card__position" aria-label={`Runs ${index + 1} of ${rules.length}`}>
            {index + 1}
          </span>
          <RuleCardBody rule={rule} />
          <div className="rule-card__tools">
            <EnabledSwitch rule={rule} />
            <div className="rule-card__move">
              <button type="button" className="icon-button icon-button--square" aria-label={`Move “${rule.name}” up`} disabled={index === 0} onClick={() => move(index, index - 1)}>
                ↑
              </button>
              <button type="button" className="icon-button icon-button--square" aria-label={`Move “${rule.name}” down`} disabled={index === rules.length - 1} onClick={() => move(index, index + 1)}>
                ↓
              </button>
            </div>
            <RuleMenu rule={rule} />
          </div>
        </li>
      ))}
    </ol>
  );
}

function RuleCardBody({ rule }: { rule: RuleSummary }) {
  const me = useWorkspace((s) => s.info?.user.id);
  return (
    <div className="rule-card__body">
      <div className="rule-card__title-row">
        <h3 className="rule-card__name">{rule.name}</h3>
        <span className={`tag tag--${rule.category}`}>{CATEGORY_LABELS[rule.category].label}</span>
        {rule.event !== 'arrived' && <span className="tag">{EVENT_LABELS[rule.event]}</span>}
        {!rule.enabled && <span className="tag tag--off">Off</span>}
      </div>
      <p className="rule-card__description">{rule.description}</p>
      {rule.problems.map((p) => (
        <p key={p} className="field-error">
          Cannot run: {p}
        </p>
      ))}
      <p className="rule-card__meta">By {rule.ownerId === me ? 'you' : rule.ownerName}</p>
    </div>
  );
}

function EnabledSwitch({ rule }: { rule: RuleSummary }) {
  const setEnabled = useRules((s) => s.setEnabled);
  return (
    <label className="switch">
      <input type="checkbox" role="switch" checked={rule.enabled} onChange={(e) => void setEnabled(rule, e.target.checked)} aria-label={`“${rule.name}” enabled`} />
      <span className="switch__track" aria-hidden="true" />
    </label>
  );
}

function RuleMenu({ rule }: { rule: RuleSummary }) {
  const openWizard = useRules((s) => s.openWizard);
  const remove = useRules((s) => s.remove);
  const [confirming, setConfirming] = useState(false);
  if (confirming) {
    return (
      <div className="rule-card__confirm" role="group" aria-label={`Delete “${rule.name}”?`}>
        <button type="button" className="button button--small button--danger" onClick={() => void remove(rule)}>
          Delete
        </button>
        <button type="button" className="button button--small" onClick={() => setConfirming(false)}>
          Keep
        </button>
      </div>
    );
  }
  return (
    <div className="rule-card__actions">
      <button type="button" className="button button--small" onClick={() => openWizard(rule)} aria-label={`Edit “${rule.name}”`}>
        Edit
      </button>
      <button type="button" className="link-button link-button--danger" onClick={() => setConfirming(true)} aria-label={`Delete “${rule.name}”…`}>
        Delete
      </button>
    </div>
  );
}
