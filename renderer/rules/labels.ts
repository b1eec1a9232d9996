import type { Operator, RuleActionType, RuleCategory, RuleEvent } from '../../core/rules/index.ts';

/** Words the editor shows for the engine's identifiers. */

export const CATEGORY_LABELS: Record<RuleCategory, { label: string; hint: string }> = {
  prioritization: { label: 'Prioritization', hint: 'Set score and priority so the best leads come first.' },
  assignment: { label: 'Assignment', hint: 'Decide who gets the lead: a box, a person, a team in turn.' },
  workflow: { label: 'Workflow', hint: 'Offer time-outs, incubation and overflow.' },
  attachment: { label: 'Attachment', hint: 'Attach collateral the recipient will need.' },
  notification: { label: 'Notification', hint: 'Tell someone by email, SMS, desktop or webhook.' },
  tracking: { label: 'Tracking', hint: 'React to what the prospect does.' },
};

export const EVENT_LABELS: Record<RuleEvent, string> = {
  arrived: 'A lead arrives in the box',
  updated: 'A lead is updated',
  offerTimedOut: 'An offer times out',
  rejected: 'A lead is rejected',
  incubationEnded: 'Incubation ends',
  micrositeVisit: 'The prospect visits the microsite',
  emailReply: 'The prospect replies to an email',
  formSubmit: 'The prospect submits a form',
  linkClick: 'The prospect clicks a link',
  prospectCustomEvent: 'The prospect triggers a custom event',
};

export const OPERATOR_LABELS: Record<Operator, string> = {
  equals: 'is',
  notEquals: 'is not',
  oneOf: 'is one of',
  contains: 'contains',
  startsWith: 'starts with',
  gt: 'is more than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
  between: 'is between',
  isEmpty: 'is empty',
  isNotEmpty: 'is filled in',
  matches: 'matches the pattern',
};

export const ACTION_LABELS: Record<RuleActionType, string> = {
  setPriority: 'Set the priority',
  setScore: 'Change the score',
  setField: 'Set a field',
  routeToBox: 'Route to a box',
  routeToUser: 'Route to a person',
  routeRoundRobin: 'Route in turn to a team',
  routeUpForGrabs: 'Offer up for grabs',
  routeToPartner: 'Forward to a partner',
  attachCollateral: 'Attach collateral',
  withholdFields: 'Withhold fields until accepted',
  notify: 'Notify someone',
  setOfferTimeout: 'Set the offer time-out',
  incubate: 'Incubate',
  markOverflow: 'Mark as overflow',
};

/** "the country" → "Country". */
export function fieldLabel(label: string): string {
  const bare = label.replace(/^the /, '');
  return bare.charAt(0).toUpperCase() + bare.slice(1);
}
