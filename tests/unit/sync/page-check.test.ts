import { describe, expect, it } from 'vitest';
import { generateDemoWorkspace } from '../../../core/demo/generate.ts';
import { checkPullPage } from '../../../core/sync/page-check.ts';
import { PullPage } from '../../../core/sync/protocol.ts';

const { leads, history } = generateDemoWorkspace({ count: 30, seed: 3, now: Date.UTC(2026, 0, 5), userId: 'anna', userName: 'Anna' });
// The answer as JSON text would hold it: loose enough to be spoiled in any way.
interface Entry { [field: string]: unknown }
interface Answer { items: Array<Entry & { lead: Entry & { contact: Entry }; history: Entry[] | string }>; cursor?: unknown; hasMore?: unknown }
const page = () => JSON.parse(JSON.stringify({
  items: [
    ...leads.map((lead) => ({ type: 'lead', lead, history: history.filter((entry) => entry.leadId === lead.id) })),
    { type: 'revoked', leadId: 'gone', reason: 'the lead was re-routed' },
  ],
  cursor: 42,
  hasMore: true,
})) as Answer;

describe('checkPullPage', () => {
  it('accepts exactly what the PullPage schema accepts, with the same result', () => {
    const checked = checkPullPage(page());
    expect(checked).toEqual({ success: true, data: PullPage.parse(page()) });
  });

  it('leaves unknown fields of a history entry out, as zod does', () => {
    const answer = page();
    (answer.items[0]!.history as Entry[])[0]!.extra = 'from a newer server';
    const checked = checkPullPage(answer);
    expect(checked.success && checked.data.items[0]!.type === 'lead' && checked.data.items[0]!.history[0]).not.toHaveProperty('extra');
  });

  it.each([
    ['items.0.history.1.at', (p: Answer) => { (p.items[0]!.history as Entry[])[1]!.at = 'yesterday'; }],
    ['items.2.history.0.data', (p: Answer) => { (p.items[2]!.history as Entry[])[0]!.data = [1, 2]; }],
    ['items.3.history', (p: Answer) => { p.items[3]!.history = 'none'; }],
    ['items.1.lead.contact.email', (p: Answer) => { p.items[1]!.lead.contact.email = 'not an address'; }],
    ['items.30.leadId', (p: Answer) => { delete p.items[30]!.leadId; }],
    ['items.4.type', (p: Answer) => { p.items[4]!.type = 'lead!'; }],
    ['cursor', (p: Answer) => { p.cursor = -1; }],
    ['hasMore', (p: Answer) => { delete p.hasMore; }],
  ])('refuses a bad answer naming %s', (field, spoil) => {
    const answer = page();
    spoil(answer);
    const checked = checkPullPage(answer);
    expect(checked).toMatchObject({ success: false, field });
    expect(checked.success || checked.message.startsWith(`${field}: `)).toBe(true);
  });
});
