import { allowedActions, statusLabel } from '../../core/lead/lifecycle.ts';
import type { Lead } from '../../core/lead/lead.ts';
import type { CallError } from '../../core/contract/errors.ts';
import { readableMessage } from '../ui/field-error.tsx';
import { performAction } from './actions.ts';
import { useSelection } from './selection-store.ts';
import { useUi, type DialogKind } from './ui-store.ts';

/**
 * What the buttons and the keyboard both do to the selected lead, so `a` and the Accept
 * button can never disagree.
 */
const DIALOG_ACTION = { reject: 'reject', forward: 'forward', status: 'setStatus', incubate: 'incubate' } as const;

function selectedLead(): Lead | null {
  return useSelection.getState().detail?.lead ?? null;
}

export function canOpen(lead: Lead | null, dialog: DialogKind): boolean {
  return lead !== null && allowedActions(lead).includes(DIALOG_ACTION[dialog]);
}

export function openDialog(dialog: DialogKind): void {
  if (canOpen(selectedLead(), dialog)) useUi.getState().open(dialog);
}

export async function acceptSelected(): Promise<void> {
  const lead = selectedLead();
  if (!lead || !allowedActions(lead).includes('accept')) return;
  const { setNotice } = useUi.getState();
  try {
    const { lead: next } = await performAction({ type: 'accept', leadId: lead.id });
    setNotice({ tone: 'success', text: `Accepted. The lead is now ${statusLabel(next.status)} and yours.`, leadId: lead.id });
  } catch (error) {
    setNotice({ tone: 'error', text: readableMessage(error as CallError), leadId: lead.id });
  }
}
