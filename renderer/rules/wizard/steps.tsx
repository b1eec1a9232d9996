import type { WizardTemplate } from '../../../core/contract/index.ts';
import { describeCalculation, describeCondition, describeRule, ON_TIMEOUT, parseRule, type RuleActionType } from '../../../core/rules/index.ts';
import { ACTION_LABELS, CATEGORY_LABELS, EVENT_LABELS } from '../labels.ts';
import { TryPanel } from '../try-panel.tsx';
import { ActionEditor } from './action-editor.tsx';
import { actionAllowance, actionChoices, categoryChoices, eventChoices } from './choices.ts';
import { ConditionEditor } from './condition-editor.tsx';
import { emptyCondition, newKey, toRuleInput, withPlaceholders, type ActionDraft, type Draft } from './draft.ts';
import { SelectField, TextField, ChoiceCards } from './inputs.tsx';
import type { Issue, Step } from './issues.ts';

interface StepProps {
  step: Step;
  draft: Draft;
  template: WizardTemplate;
  issues: Issue[];
  onChange: (draft: Draft) => void;
  boxRuleCount: number;
  draftSet: () => Record<string, unknown>[];
}

const stepError = (issues: Issue[], step: Step) => issues.find((i) => i.step === step && i.index === null)?.message ?? null;

function newAction(type: RuleActionType, template: WizardTemplate): ActionDraft {
  const allowed = actionAllowance(template, type)?.values;
  const params: ActionDraft['params'] = {};
  if (type === 'setScore') params.mode = 'add';
  if (type === 'setOfferTimeout') params.onTimeout = allowed?.[0] ?? ON_TIMEOUT[0];
  if (type === 'notify') params.channel = 'email';
  return { key: newKey(), type, params };
}

export function StepContent(props: StepProps) {
  const { step, draft, template, issues, onChange } = props;
  const t = template.effective;
  switch (step) {
    case 'category':
      return (
        <ChoiceCards
          legend="What kind of rule is it?"
          value={draft.category}
          options={categoryChoices(template).map((c) => ({ value: c, ...CATEGORY_LABELS[c] }))}
          onChange={(category) => onChange({ ...draft, category })}
          error={stepError(issues, 'category')}
        />
      );
    case 'event':
      return (
        <ChoiceCards
          legend="When does it run?"
          value={draft.event}
          options={eventChoices(template).map((e) => ({ value: e, label: EVENT_LABELS[e] }))}
          onChange={(event) => onChange({ ...draft, event })}
          error={stepError(issues, 'event')}
        />
      );
    case 'conditions':
      return <ConditionsStep {...props} />;
    case 'actions': {
      const limit = t.limits?.maxActions;
      return (
        <div className="wizard-step">
          <h3 className="wizard-step__title">What should it do?</h3>
          {draft.actions.length === 0 && <p className="muted">Add at least one action (or keep only calculations from an imported rule).</p>}
          {draft.actions.map((a, i) => (
            <ActionEditor
              key={a.key}
              index={i}
              action={a}
              template={template}
              issues={issues.filter((issue) => issue.step === 'actions' && issue.index === i)}
              onChange={(next) => onChange({ ...draft, actions: draft.actions.map((x) => (x.key === a.key ? next : x)) })}
              onRemove={() => onChange({ ...draft, actions: draft.actions.filter((x) => x.key !== a.key) })}
            />
          ))}
          {limit !== undefined && draft.actions.length >= limit ? (
            <p className="muted">Your template allows at most {limit} actions per rule.</p>
          ) : (
            <SelectField
              label="Add an action"
              value=""
              placeholder="Choose an action to add…"
              options={actionChoices(template).map((type) => ({ value: type, label: ACTION_LABELS[type] }))}
              onChange={(type) => type && onChange({ ...draft, actions: [...draft.actions, newAction(type as RuleActionType, template)] })}
            />
          )}
          {stepError(issues, 'actions') && <p className="field-error" role="alert">{stepError(issues, 'actions')}</p>}
        </div>
      );
    }
    case 'name':
      return (
        <div className="wizard-step">
          <TextField label="Rule name" value={draft.name} placeholder="e.g. Large DACH deals first" onChange={(name) => onChange({ ...draft, name })} error={stepError(issues, 'name')} autoFocus />
          <SelectField label="Box" value={draft.boxId} options={template.directory.boxes.map((b) => ({ value: b.id, label: b.name }))} onChange={(boxId) => onChange({ ...draft, boxId, order: null })} />
          <label className="checkbox">
            <input type="checkbox" checked={draft.enabled} onChange={(e) => onChange({ ...draft, enabled: e.target.checked })} />
            Enabled: the rule runs as soon as it is saved
          </label>
        </div>
      );
    case 'review':
      return <ReviewStep {...props} />;
  }
}

function ConditionsStep({ draft, template, issues, onChange }: StepProps) {
  const limit = template.effective.limits?.maxConditions;
  return (
    <div className="wizard-step">
      <h3 className="wizard-step__title">Which leads does it apply to?</h3>
      {draft.keptConditions ? (
        <p className="notice">
          This rule has nested conditions the wizard keeps as they are: {describeCondition(draft.keptConditions)}.
        </p>
      ) : (
        <>
          {draft.conditions.length === 0 && <p className="muted">No conditions: the rule applies to every lead. Add one to narrow it down.</p>}
          {draft.conditions.length > 1 && (
            <SelectField
              label="Match"
              value={draft.match}
              options={[{ value: 'all', label: 'All of these conditions' }, { value: 'any', label: 'Any of these conditions' }]}
              onChange={(match) => onChange({ ...draft, match: match as Draft['match'] })}
            />
          )}
          {draft.conditions.map((c, i) => (
            <ConditionEditor
              key={c.key}
              index={i}
              condition={c}
              template={template}
              issues={issues.filter((issue) => issue.step === 'conditions' && issue.index === i)}
              onChange={(next) => onChange({ ...draft, conditions: draft.conditions.map((x) => (x.key === c.key ? next : x)) })}
              onRemove={() => onChange({ ...draft, conditions: draft.conditions.filter((x) => x.key !== c.key) })}
            />
          ))}
          {limit !== undefined && draft.conditions.length >= limit ? (
            <p className="muted">Your template allows at most {limit} conditions per rule.</p>
          ) : (
            <button type="button" className="button" onClick={() => onChange({ ...draft, conditions: [...draft.conditions, emptyCondition()] })}>
              Add a condition
            </button>
          )}
        </>
      )}
      {stepError(issues, 'conditions') && <p className="field-error" role="alert">{stepError(issues, 'conditions')}</p>}
    </div>
  );
}

function ReviewStep({ draft, template, issues, boxRuleCount, draftSet }: StepProps) {
  const kindOf = () => 'any';
  const parsed = parseRule(withPlaceholders(toRuleInput(draft, kindOf), 'me'));
  const names = {
    box: (id: string) => template.directory.boxes.find((b) => b.id === id)?.name,
    user: (id: string) => template.directory.users.find((u) => u.id === id)?.name,
    userClass: (id: string) => template.directory.userClasses.find((c) => c.id === id)?.name,
    table: (id: string) => template.directory.lookupTables.find((c) => c.id === id)?.name,
  };
  const box = template.directory.boxes.find((b) => b.id === draft.boxId);
  return (
    <div className="wizard-step">
      <h3 className="wizard-step__title">{draft.name || 'Unnamed rule'}</h3>
      <p className="wizard-review__meta">
        {draft.category ? CATEGORY_LABELS[draft.category].label : 'No category'} · {box?.name ?? draft.boxId} · {draft.enabled ? 'enabled' : 'disabled'}
        {draft.id ? '' : ` · runs after the box's ${boxRuleCount} ${boxRuleCount === 1 ? 'rule' : 'rules'}`}
      </p>
      <p className="wizard-review__description" aria-live="polite">
        {parsed.ok ? describeRule(parsed.value, names) : 'Finish the steps marked in red to see what this rule does.'}
      </p>
      {draft.calculations.length > 0 && <p className="muted">Calculations kept from the rule: {draft.calculations.map((c) => describeCalculation(c, names)).join('; ')}.</p>}
      {issues.length > 0 && (
        <ul className="wizard-review__issues" aria-label="Problems to fix">
          {issues.map((issue, i) => (
            <li key={i}>{issue.message}</li>
          ))}
        </ul>
      )}
      <TryPanel draft={draftSet} startBoxId={null} intro="Try the rules of your boxes with this draft in place, on the leads in your lead box. Nothing is saved." />
    </div>
  );
}
