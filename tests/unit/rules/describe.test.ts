import { describe, expect, it } from 'vitest';
import { describeAction, describeRule } from '../../../core/rules/describe.ts';
import { RuleAction } from '../../../core/rules/model.ts';
import { ruleSet, rule } from './fixtures.ts';

describe('describeRule', () => {
  it('reads like the rule', () => {
    const [r] = ruleSet([
      rule({
        scope: { kind: 'box', boxId: 'emea' },
        conditions: { all: [{ field: 'contact.country', op: 'oneOf', values: ['DE', 'AT', 'CH'] }, { field: 'interest.size', op: 'gte', value: 500 }] },
        actions: [{ type: 'setPriority', priority: 'high' }, { type: 'routeToBox', boxId: 'b-dach' }],
      }),
    ]).rules;
    expect(describeRule(r!, { box: (id) => (id === 'b-dach' ? 'DACH Enterprise' : undefined) })).toBe(
      "When a lead arrives in the box, if the country is one of DE, AT, CH and the size is at least 500, set priority to high and route to box 'DACH Enterprise'.",
    );
  });

  it('describes nested logic, dates and calculations', () => {
    const [r] = ruleSet([
      rule({
        event: 'offerTimedOut',
        conditions: { any: [{ field: 'createdAt', op: 'lt', value: { daysFromNow: -30 } }, { not: { field: 'contact.email', op: 'isNotEmpty' } }] },
        calculations: [{ kind: 'weightedSum', terms: [{ field: 'interest.size', weight: 0.5 }], base: 10, into: 'score', clamp: { min: 0, max: 100 } }],
        actions: [{ type: 'routeToBox', boxId: 'pool' }],
      }),
    ]).rules;
    expect(describeRule(r!)).toBe(
      "When an offer times out, if the creation date is before 30 days ago or not the email address is filled in, set the score to 10 + 0.5 × the size, kept between 0 and 100 and route to box 'pool'.",
    );
  });

  const cases: Array<[unknown, string]> = [
    [{ type: 'setField', field: 'custom.segment', value: 'enterprise' }, 'set the custom field "segment" to enterprise'],
    [{ type: 'setField', field: 'contact.region', from: 'derived.region' }, 'set the region to the derived value "region"'],
    [{ type: 'setScore', value: 80 }, 'set the score to 80'],
    [{ type: 'setScore', add: -5 }, 'subtract 5 from the score'],
    [{ type: 'setPriority', priority: 'urgent' }, 'set priority to urgent'],
    [{ type: 'routeToBox', boxId: 'b1' }, "route to box 'Box one'"],
    [{ type: 'routeToUser', userId: 'u1' }, "route to 'Anna Berg'"],
    [{ type: 'routeRoundRobin', classId: 'c1' }, "route in turn to the users of 'Inside sales'"],
    [{ type: 'routeUpForGrabs', users: ['u1'], servers: ['s1'] }, "offer it up for grabs to 'Anna Berg' and server 's1' (first to accept keeps it)"],
    [{ type: 'routeToPartner', partnerId: 'p1' }, "forward to partner 'p1'"],
    [{ type: 'attachCollateral', ref: 'deck.pdf' }, "attach 'deck.pdf'"],
    [{ type: 'withholdFields', fields: ['phone', 'email'] }, 'withhold the phone and email until the lead is accepted'],
    [{ type: 'notify', channel: 'sms', template: 'hot-lead' }, "notify the owner by sms using template 'hot-lead'"],
    [{ type: 'setOfferTimeout', ms: 7_200_000, onTimeout: 'returnToBox' }, 'give the recipient 2 hours to answer, then return it to the box'],
    [{ type: 'incubate', days: 30 }, 'incubate it for 30 days'],
    [{ type: 'incubate', until: '2026-06-01' }, 'incubate it until 2026-06-01'],
    [{ type: 'markOverflow', reason: 'team on holiday' }, 'mark it as overflow (team on holiday)'],
  ];
  it.each(cases)('describes %j', (action, text) => {
    const names = { box: () => 'Box one', user: (id: string) => (id === 'u1' ? 'Anna Berg' : undefined), userClass: () => 'Inside sales' };
    expect(describeAction(RuleAction.parse(action), names)).toBe(text);
  });
});
