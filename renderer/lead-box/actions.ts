import type { ActionResult } from '../../core/contract/index.ts';
import { invalidInput } from '../../core/contract/errors.ts';
import { LeadAction } from '../../core/lead/lifecycle.ts';
import type { Lead } from '../../core/lead/lead.ts';
import type { z } from 'zod';
import { api } from '../api/client.ts';
import { refreshBoxStatus } from './facets-store.ts';
import { useRows } from './rows-store.ts';
import { useSelection } from './selection-store.ts';

export type ActionInput = z.input<typeof LeadAction>;

/**
 * Runs one action on a lead. The input is checked with the same schema the handler uses, so
 * a missing reason is named before anything crosses the bridge; rules that need the lead's
 * state (won needs an amount, the offer has expired) come back from main as a CallError
 * naming the field. On success the row and the pane update from the returned lead.
 */
export async function performAction(input: ActionInput): Promise<ActionResult> {
  const parsed = LeadAction.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const result = await api.call('leads.act', input);
  applyChangedLead(result.lead);
  void useSelection.getState().reloadDetail();
  refreshBoxStatus();
  return result;
}

export function applyChangedLead(lead: Lead): void {
  useRows.getState().patch(lead);
  useSelection.getState().applyLead(lead);
}
