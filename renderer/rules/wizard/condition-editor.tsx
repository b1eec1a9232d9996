import type { WizardTemplate } from '../../../core/contract/index.ts';
import type { Operator } from '../../../core/rules/index.ts';
import { OPERATOR_LABELS } from '../labels.ts';
import { choiceFor, CUSTOM_FIELD, fieldChoices, operatorChoices, rangeHint, type FieldChoice } from './choices.ts';
import type { ConditionDraft } from './draft.ts';
import { ChipsField, SelectField, TextField } from './inputs.tsx';
import type { Issue } from './issues.ts';

/** One condition: field, operator and a value input shaped by the field's kind and the template. */
export function ConditionEditor(props: { index: number; condition: ConditionDraft; template: WizardTemplate; issues: Issue[]; onChange: (c: ConditionDraft) => void; onRemove: () => void }) {
  const { index, condition: c, template, issues, onChange, onRemove } = props;
  const error = (...parts: string[]) => issues.find((i) => i.part !== null && parts.includes(i.part))?.message ?? null;
  const general = issues.find((i) => i.part === null)?.message ?? null;
  const fields = fieldChoices(template);
  const path = c.field === CUSTOM_FIELD ? `custom.${c.customName}` : c.field;
  const field = c.field === CUSTOM_FIELD ? fields.find((f) => f.path === CUSTOM_FIELD) : c.field ? choiceFor(template, path) : null;
  const operators = field ? operatorChoices(template, field) : [];

  const pickField = (value: string) => {
    const next = value === CUSTOM_FIELD ? fields.find((f) => f.path === CUSTOM_FIELD) : choiceFor(template, value);
    const ops = next ? operatorChoices(template, next) : [];
    onChange({ ...c, field: value, op: ops.includes(c.op as Operator) ? c.op : (ops[0] ?? ''), value: '', values: [], min: '', max: '' });
  };

  return (
    <div className="wizard-item" role="group" aria-label={`Condition ${index + 1}`}>
      <div className="wizard-item__row">
        <SelectField compact label="Field" value={c.field} options={fields.map((f) => ({ value: f.path, label: f.label }))} onChange={pickField} error={error('field')} />
        {c.field === CUSTOM_FIELD && (
          <TextField compact label="Custom field name" value={c.customName} placeholder="industry" onChange={(customName) => onChange({ ...c, customName })} />
        )}
        {field && (
          <SelectField
            compact
            label="Operator"
            value={c.op}
            options={operators.map((op) => ({ value: op, label: OPERATOR_LABELS[op] }))}
            onChange={(op) => onChange({ ...c, op: op as Operator })}
            error={error('op')}
          />
        )}
        <button type="button" className="link-button wizard-item__remove" onClick={onRemove} aria-label={`Remove condition ${index + 1}`}>
          Remove
        </button>
      </div>
      {field && c.op && <ValueInputs condition={c} field={field} onChange={onChange} error={error} />}
      {general && (
        <p className="field-error" role="alert">
          {general}
        </p>
      )}
    </div>
  );
}

function ValueInputs(props: { condition: ConditionDraft; field: FieldChoice; onChange: (c: ConditionDraft) => void; error: (...parts: string[]) => string | null }) {
  const { condition: c, field, onChange, error } = props;
  if (c.op === 'isEmpty' || c.op === 'isNotEmpty') return null;
  const hint = rangeHint(field.min, field.max);
  const options = field.values?.map((v) => ({ value: v, label: v }));
  const numeric = field.kind === 'number' || (field.kind === 'any' && ['gt', 'gte', 'lt', 'lte', 'between'].includes(c.op));
  const type = field.kind === 'date' ? 'date' : numeric ? 'number' : 'text';
  const single = (label: string, key: 'value' | 'min' | 'max') =>
    options ? (
      <SelectField compact label={label} value={c[key]} options={options} onChange={(v) => onChange({ ...c, [key]: v })} error={error(key)} />
    ) : (
      <TextField compact label={label} type={type} value={c[key]} min={field.min} max={field.max} hint={hint} onChange={(v) => onChange({ ...c, [key]: v })} error={error(key)} />
    );
  if (c.op === 'oneOf') {
    return options ? (
      <ChipsField label="Values" options={options} selected={c.values} onChange={(values) => onChange({ ...c, values })} error={error('values')} />
    ) : (
      <TextField
        label="Values"
        value={c.value || c.values.join(', ')}
        hint={hint ?? 'Separate values with commas'}
        onChange={(value) => onChange({ ...c, value, values: [] })}
        error={error('values')}
      />
    );
  }
  if (c.op === 'between') {
    return (
      <div className="wizard-item__row">
        {single('From', 'min')}
        {single('To', 'max')}
      </div>
    );
  }
  if (c.op === 'matches') return <TextField compact label="Pattern" value={c.value} placeholder="^Fleet" onChange={(value) => onChange({ ...c, value })} error={error('pattern', 'value')} />;
  return <div className="wizard-item__row">{single('Value', 'value')}</div>;
}
