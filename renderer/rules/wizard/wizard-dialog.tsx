import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { WizardTemplate } from '../../../core/contract/index.ts';
import type { CallError } from '../../../core/contract/errors.ts';
import { resolveField } from '../../../core/rules/index.ts';
import { api } from '../../api/client.ts';
import { useBoxStatus } from '../../lead-box/facets-store.ts';
import { useWorkspace } from '../../state/workspace-store.ts';
import { rulesOfBox, useRules, type WizardOpen } from '../rules-store.ts';
import { draftFromRule, emptyDraft, toRuleInput, type Draft } from './draft.ts';
import { checkDraft, locate, STEPS, type Issue, type Step } from './issues.ts';
import { StepContent } from './steps.tsx';

const STEP_LABELS: Record<Step, string> = {
  category: 'Category',
  event: 'Trigger',
  conditions: 'Conditions',
  actions: 'Actions',
  name: 'Name',
  review: 'Review',
};

const kindOf = (path: string) => {
  const f = resolveField(path);
  return 'error' in f ? 'any' : f.kind;
};

/**
 * Creating or editing a rule, one step at a time, offering only what the template allows.
 * Problems show beside the input at fault as the person types (the same checks the server
 * runs); the server's answer on save is placed the same way, and the wizard goes to its step.
 */
export function WizardDialog({ open, template }: { open: WizardOpen; template: WizardTemplate }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const me = useWorkspace((s) => s.info?.user.id ?? 'me');
  const close = useRules((s) => s.closeWizard);
  const [draft, setDraft] = useState<Draft>(() => (open.editing ? draftFromRule(open.editing) : emptyDraft(open.boxId, template.effective.defaults ?? {})));
  const [step, setStep] = useState<Step>(open.editing ? 'review' : 'category');
  const [visited, setVisited] = useState<Set<Step>>(() => new Set(open.editing ? STEPS : ['category']));
  const [left, setLeft] = useState<Set<Step>>(() => new Set(open.editing ? STEPS : []));
  const [serverIssue, setServerIssue] = useState<Issue | null>(null);
  const [saveError, setSaveError] = useState<CallError | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    dialog.showModal();
    return () => dialog.close();
  }, []);

  const checked = useMemo(() => checkDraft(draft, template, me, kindOf), [draft, template, me]);
  // Local problems show for the steps already seen (an empty input only once its step was left);
  // the server's answer shows wherever it points.
  const shown = (i: Issue) => visited.has(i.step) && (!i.required || left.has(i.step));
  const issues = [...checked.issues.filter(shown), ...(serverIssue ? [serverIssue] : [])];

  const go = (next: Step) => {
    setVisited((v) => new Set([...v, next]));
    setLeft((l) => new Set([...l, step]));
    setStep(next);
  };
  const index = STEPS.indexOf(step);
  const update = (next: Draft) => {
    setDraft(next);
    setServerIssue(null);
    setSaveError(null);
  };

  /** The draft rule set: the box's rules as listed, with this draft in place of (or beside) the rule it edits. */
  const draftSet = () => {
    const { list } = useRules.getState();
    const others = (list?.rules ?? []).filter((r) => r.id !== draft.id).map((r) => r.rule as unknown as Record<string, unknown>);
    const mine = toRuleInput(draft, kindOf);
    return [...others, { id: draft.id ?? 'draft-rule', ownerId: me, ...mine }];
  };

  const save = async () => {
    setLeft(new Set(STEPS));
    setBusy(true);
    setSaveError(null);
    try {
      const saved = await api.call('rules.save', { rule: toRuleInput(draft, kindOf) });
      void useBoxStatus.getState().refreshOutbox();
      const store = useRules.getState();
      store.selectBox(saved.rule.boxId ?? draft.boxId);
      store.setNotice({ tone: 'success', text: `${saved.created ? 'Created' : 'Saved'} “${saved.rule.name}”. It waits in the outbox for the next sync.` });
      close();
      await store.load();
    } catch (error) {
      const e = error as CallError;
      if (e.code === 'invalid_input' && e.field) {
        const issue = locate(e.field, e.message.replace(`${e.field}: `, ''), draft);
        setServerIssue(issue);
        go(issue.step);
      } else setSaveError(e);
    } finally {
      setBusy(false);
    }
  };

  const boxRules = rulesOfBox(useRules.getState().list, draft.boxId);
  return (
    <dialog
      ref={ref}
      className="dialog wizard"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        close();
      }}
    >
      <div className="wizard__layout">
        <nav className="wizard__steps" aria-label="Wizard steps">
          <h2 id={titleId} className="dialog__title">
            {open.editing ? 'Edit rule' : 'New rule'}
          </h2>
          <p className="wizard__template">Limited by {template.effective.name}</p>
          <ol>
            {STEPS.map((s, i) => {
              const count = issues.filter((issue) => issue.step === s).length;
              return (
                <li key={s}>
                  <button
                    type="button"
                    className={`wizard__step${s === step ? ' wizard__step--current' : ''}${count ? ' wizard__step--invalid' : ''}`}
                    aria-current={s === step ? 'step' : undefined}
                    onClick={() => go(s)}
                  >
                    <span className="wizard__step-number" aria-hidden="true">
                      {i + 1}
                    </span>
                    {STEP_LABELS[s]}
                    {count > 0 && <span className="visually-hidden"> (has problems)</span>}
                  </button>
                </li>
              );
            })}
          </ol>
        </nav>
        <div className="wizard__main">
          <div className="wizard__body">
            <StepContent step={step} draft={draft} template={template} issues={issues} onChange={update} boxRuleCount={boxRules.length} draftSet={draftSet} />
          </div>
          {saveError && (
            <p className="form-error" role="alert">
              {saveError.message}
            </p>
          )}
          <div className="dialog__actions">
            <button type="button" className="button" onClick={close}>
              Cancel
            </button>
            <span className="wizard__spacer" />
            <button type="button" className="button" disabled={index === 0} onClick={() => go(STEPS[index - 1]!)}>
              Back
            </button>
            {step !== 'review' ? (
              <button type="button" className="button button--primary" onClick={() => go(STEPS[index + 1]!)}>
                Next
              </button>
            ) : (
              <button type="button" className="button button--primary" disabled={busy} aria-busy={busy} onClick={() => void save()}>
                {busy ? 'Saving…' : 'Save rule'}
              </button>
            )}
          </div>
        </div>
      </div>
    </dialog>
  );
}
