import { describe, expect, it } from 'vitest';
import { CallError } from '../../../core/contract/errors.ts';
import { labelledMessage, readableMessage } from '../../../renderer/ui/field-error.tsx';

describe('labelledMessage', () => {
  it('puts the label in front of a message that reads as its predicate', () => {
    expect(labelledMessage('is required', 'Amount')).toBe('Amount is required');
    expect(labelledMessage('needs at least one value', 'Countries')).toBe('Countries needs at least one value');
  });

  it('capitalises any other message, and ignores a missing label', () => {
    expect(labelledMessage('pick a box first', 'Box')).toBe('Pick a box first');
    expect(labelledMessage('is required')).toBe('Is required');
  });
});

describe('readableMessage', () => {
  it('drops the field prefix of a CallError before labelling it', () => {
    expect(readableMessage(new CallError('invalid_input', 'is required when the lead is won', 'amount'), 'Amount')).toBe('Amount is required when the lead is won');
    expect(readableMessage(new CallError('not_found', 'no lead with this id', 'id'))).toBe('No lead with this id');
  });
});
