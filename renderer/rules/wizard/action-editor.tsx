import type { NamedRef, WizardTemplate } from '../../../core/contract/index.ts';
import { PRIORITIES, WITHHOLDABLE_FIELDS } from '../../../core/lead/lead.ts';
import { CHANNELS, ON_TIMEOUT, type ActionAllowance } from '../../../core/rules/index.ts';
import { ACTION_LABELS } from '../labels.ts';
import { actionAllowance, fieldChoices, rangeHint } from './choices.ts';
import type { ActionDraft } from './draft.ts';
import { ChipsField, SelectField, TextField, type Option } from './inputs.tsx';
import type { Issue } from './issues.ts';

/** One action: its parameters, limited to what the template allows (values and ranges). */
export function ActionEditor(props: { index: number; action: ActionDraft; template: WizardTemplate; issues: Issue[]; onChange: (a: ActionDraft) => void; onRemove: () => void }) {
  const { index, action, template, issues, onChange, onRemove } = props;
  const general = issues.find((i) => i.part === null || i.part === 'type')?.message ?? null;
  return (
    <div className="wizard-item" role="group" aria-label={`Action ${index + 1}: ${ACTION_LABELS[action.type]}`}>
      <div className="wizard-item__head">
        <span className="wizard-item__title">{ACTION_LABELS[action.type]}</span>
        <button type="button" className="link-button wizard-item__remove" onClick={onRemove} aria-label={`Remove action ${index + 1}`}>
          Remove
        </button>
      </div>
      <ActionFields action={action} template={template} issues={issues} onChange={onChange} />
      {general && (
        <p className="field-error" role="alert">
          {general}
        </p>
      )}
    </div>
  );
}

/** Options for a parameter: the template's values when it lists them (named where we know the name), else the directory. */
function options(allowance: ActionAllowance | null, known: readonly NamedRef[]): Option[] {
  const names = new Map(known.map((k) => [k.id, k.name]));
  const ids = allowance?.values ?? known.map((k) => k.id);
  return ids.map((id) => ({ value: id, label: names.get(id) ?? id }));
}

const plain = (values: readonly string[]) => values.map((v) => ({ value: v, label: v }));

function ActionFields(props: { action: ActionDraft; template: WizardTemplate; issues: Issue[]; onChange: (a: ActionDraft) => void }) {
  const { action, template, issues, onChange } = props;
  const allowance = actionAllowance(template, action.type);
  const dir = template.directory;
  const p = action.params;
  const str = (key: string) => (typeof p[key] === 'string' ? (p[key] as string) : '');
  const arr = (key: string) => (Array.isArray(p[key]) ? (p[key] as string[]) : []);
  const set = (key: string) => (value: string | string[]) => onChange({ ...action, params: { ...p, [key]: value } });
  const error = (key: string) => issues.find((i) => i.part === key)?.message ?? null;
  const limited = (values: readonly string[]) => plain(allowance?.values ? values.filter((v) => allowance.values!.includes(v)) : values);
  const textOrPick = (key: string, label: string, placeholder?: string) =>
    allowance?.values ? (
      <SelectField label={label} value={str(key)} options={plain(allowance.values)} onChange={set(key)} error={error(key)} />
    ) : (
      <TextField label={label} value={str(key)} placeholder={placeholder} onChange={set(key)} error={error(key)} />
    );

  switch (action.type) {
    case 'setPriority':
      return <SelectField label="Priority" value={str('priority')} options={limited(PRIORITIES)} onChange={set('priority')} error={error('priority')} />;
    case 'setScore':
      return (
        <div className="wizard-item__row">
          <SelectField compact label="How" value={str('mode') || 'add'} options={[{ value: 'add', label: 'Add to the score' }, { value: 'value', label: 'Set the score to' }]} onChange={set('mode')} />
          <TextField compact label="Amount" type="number" value={str('amount')} min={allowance?.min} max={allowance?.max} hint={rangeHint(allowance?.min, allowance?.max)} onChange={set('amount')} error={error('amount')} />
        </div>
      );
    case 'setField': {
      const writable = fieldChoices(template).filter((f) => f.writable && f.path !== 'custom.*');
      const fields = allowance?.values ? writable.filter((f) => allowance.values!.includes(f.path)) : writable;
      return (
        <div className="wizard-item__row">
          <SelectField compact label="Field" value={str('field')} options={fields.map((f) => ({ value: f.path, label: f.label }))} onChange={set('field')} error={error('field')} />
          <TextField compact label="New value" value={str('value')} onChange={set('value')} error={error('value')} />
        </div>
      );
    }
    case 'routeToBox':
      return <SelectField label="Box" value={str('boxId')} options={options(allowance, dir.boxes)} onChange={set('boxId')} error={error('boxId')} />;
    case 'routeToUser':
      return <SelectField label="Person" value={str('userId')} options={options(allowance, dir.users)} onChange={set('userId')} error={error('userId')} />;
    case 'routeRoundRobin':
      return <SelectField label="Team" value={str('classId')} options={options(allowance, dir.userClasses)} onChange={set('classId')} error={error('classId')} />;
    case 'routeUpForGrabs':
      return <ChipsField label="Offer to" options={options(allowance, dir.users)} selected={arr('users')} onChange={set('users')} error={error('users')} />;
    case 'routeToPartner':
      return textOrPick('partnerId', 'Partner server', 'partner id');
    case 'attachCollateral':
      return textOrPick('ref', 'Collateral', 'collateral/brochure.pdf');
    case 'withholdFields':
      return <ChipsField label="Fields to withhold" options={limited(WITHHOLDABLE_FIELDS)} selected={arr('fields')} onChange={set('fields')} error={error('fields')} />;
    case 'notify':
      return (
        <div className="wizard-item__row">
          <SelectField compact label="Channel" value={str('channel')} options={plain(CHANNELS)} onChange={set('channel')} error={error('channel')} />
          {textOrPick('template', 'Message template', 'new-lead')}
          <SelectField compact label="Who" value={str('to')} placeholder="The owner" options={[{ value: '', label: 'The owner' }, ...dir.users.map((u) => ({ value: u.id, label: u.name }))]} onChange={set('to')} error={error('to')} />
        </div>
      );
    case 'setOfferTimeout': {
      const toMinutes = (ms: number | undefined) => (ms === undefined ? undefined : ms / 60_000);
      return (
        <div className="wizard-item__row">
          <TextField
            compact
            label="Minutes to answer"
            type="number"
            value={str('minutes')}
            min={toMinutes(allowance?.min)}
            max={toMinutes(allowance?.max)}
            hint={rangeHint(toMinutes(allowance?.min), toMinutes(allowance?.max), ' min')}
            onChange={set('minutes')}
            error={error('minutes')}
          />
          <SelectField compact label="Then" value={str('onTimeout')} options={limited(ON_TIMEOUT)} onChange={set('onTimeout')} error={error('onTimeout')} />
        </div>
      );
    }
    case 'incubate':
      return <TextField label="Days" type="number" value={str('days')} min={allowance?.min} max={allowance?.max} hint={rangeHint(allowance?.min, allowance?.max, ' days')} onChange={set('days')} error={error('days')} />;
    case 'markOverflow':
      return <TextField label="Reason (optional)" value={str('reason')} onChange={set('reason')} error={error('reason')} />;
  }
}
